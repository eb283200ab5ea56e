// zstd for streamed output frames (src-main/core/net/zstd-frames.ts): what is worth compressing,
// and a decoder that takes exactly the declared size and nothing a hostile peer makes of it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { MIN_COMPRESS_BYTES, zstdAvailable, zstdCompressFrame, zstdDecompressFrame } from '../../src-main/core/net/zstd-frames.ts';

const log = Buffer.from(Array.from({ length: 3000 }, (_, i) => `2026-12-03T07:00:${String(i % 60).padStart(2, '0')}Z INFO served /api/items/${i} in ${i % 97} ms\n`).join(''));

test('this Node has zstd (Hearth targets Node >= 22.12; 22.15 and later have it)', () => {
  assert.ok(zstdAvailable);
});

test('text in several parts compresses into one frame that decodes to exactly those bytes', () => {
  const parts = [log.subarray(0, 16_384), log.subarray(16_384, 40_000), log.subarray(40_000)];
  const packed = zstdCompressFrame(parts, log.length);
  assert.ok(packed, 'compressed');
  assert.ok(packed.length < log.length / 5, `text compresses well (${packed.length} of ${log.length} bytes)`);
  assert.deepEqual(zstdDecompressFrame([packed.subarray(0, 7), packed.subarray(7)], log.length), log);
  // The shared assembly buffer is reused: a second frame decodes to its own bytes.
  const other = Buffer.from('z'.repeat(100_000));
  assert.deepEqual(zstdDecompressFrame([zstdCompressFrame([other.subarray(0, 50_000), other.subarray(50_000)], other.length)!], other.length), other);
});

test('not worth it: small frames and bytes that do not compress go as they are', () => {
  assert.equal(zstdCompressFrame([Buffer.alloc(MIN_COMPRESS_BYTES - 1, 0x61)], MIN_COMPRESS_BYTES - 1), undefined);
  assert.ok(zstdCompressFrame([Buffer.alloc(MIN_COMPRESS_BYTES, 0x61)], MIN_COMPRESS_BYTES));
  const random = randomBytes(256 * 1024);
  assert.equal(zstdCompressFrame([random], random.length), undefined);
  // Already-compressed output (a gzip stream) does not compress again.
  const gz = zlib.gzipSync(randomBytes(100_000));
  assert.equal(zstdCompressFrame([gz], gz.length), undefined);
});

test('the decoder takes exactly the declared size: a bomb stops at the bound, garbage and other sizes are refused', () => {
  const packed = zstdCompressFrame([log], log.length)!;
  assert.equal(zstdDecompressFrame([packed], log.length - 1), undefined, 'decodes to more than declared');
  assert.equal(zstdDecompressFrame([packed], log.length + 1), undefined, 'decodes to less than declared');
  assert.equal(zstdDecompressFrame([packed.subarray(0, packed.length - 3)], log.length), undefined, 'truncated');
  const flipped = Buffer.from(packed);
  const mid = flipped.length >> 1;
  flipped[mid] = flipped[mid]! ^ 0xff;
  // A flipped byte never throws; what it decodes to, if anything, is still exactly the declared size.
  const decoded = zstdDecompressFrame([flipped], log.length);
  assert.ok(decoded === undefined || decoded.length === log.length);
  assert.equal(zstdDecompressFrame([Buffer.from('not zstd at all, just text')], 26), undefined);
  assert.equal(zstdDecompressFrame([], 10), undefined);
  assert.equal(zstdDecompressFrame([packed], 0), undefined);
  // 256 MiB of zeros in a few KiB: decoding stops at the declared 1 MiB instead of allocating all of it.
  const bomb = zlib.zstdCompressSync(Buffer.alloc(1 << 28));
  assert.ok(bomb.length < 64 * 1024);
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  assert.equal(zstdDecompressFrame([bomb], 1 << 20), undefined);
  assert.ok(performance.now() - t0 < 2000, 'stopped early');
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'the 256 MiB were never allocated');
});
