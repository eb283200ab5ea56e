// `hearth nodes run` frees a decoded zstd frame once its stdout has taken it (cli/decoded-output.ts):
// the bytes written are the frame's, only buffers it decoded are ever freed, and only after the write.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { decompressOwned, writeReleasing } from '../../src-main/cli/decoded-output.ts';
import { zstdCompressFrame } from '../../src-main/core/net/zstd-frames.ts';

const zstd = typeof process.versions['zstd'] === 'string';

/** A destination that completes each write later, as a pipe to a slow reader does. */
function slowSink(fail = false) {
  const got: Buffer[] = [];
  const done: (() => void)[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      got.push(Buffer.from(chunk));
      done.push(() => cb(fail ? new Error('EPIPE') : null));
    },
  });
  sink.on('error', () => {});
  return { sink, got, finishWrites: () => { for (const d of done.splice(0)) d(); } };
}

test('a decoded frame is written whole, then freed once the write completes', { skip: !zstd }, async () => {
  const text = Buffer.from('compiling module 12 of 40\n'.repeat(20_000));
  const frame = zstdCompressFrame([text], text.length)!;
  const decoded = decompressOwned([frame], text.length)!;
  assert.ok(decoded.equals(text));
  const { sink, got, finishWrites } = slowSink();
  writeReleasing(sink, decoded);
  assert.equal(decoded.buffer.byteLength > 0, true, 'still held while the write is pending');
  finishWrites();
  await new Promise((r) => setImmediate(r));
  assert.equal(decoded.buffer.byteLength, 0, 'freed');
  assert.ok(Buffer.concat(got).equals(text));
});

test('buffers it did not decode, small ones, and ones whose write failed are left alone', { skip: !zstd }, async () => {
  const plain = Buffer.alloc(200_000, 0x61);
  const small = Buffer.from('line\n'.repeat(1000)); // 5 000 bytes: not worth a release
  const smallDecoded = decompressOwned([zstdCompressFrame([small], small.length)!], small.length)!;
  const big = Buffer.from('x'.repeat(300_000));
  const bigDecoded = decompressOwned([zstdCompressFrame([big], big.length)!], big.length)!;
  const ok = slowSink();
  writeReleasing(ok.sink, plain);
  writeReleasing(ok.sink, smallDecoded);
  writeReleasing(ok.sink, 'text');
  ok.finishWrites();
  const failing = slowSink(true);
  writeReleasing(failing.sink, bigDecoded);
  failing.finishWrites();
  await new Promise((r) => setImmediate(r));
  assert.equal(plain.buffer.byteLength >= 200_000, true);
  assert.equal(smallDecoded.length, small.length);
  assert.equal(bigDecoded.length, big.length, 'a failed write keeps its buffer');
});
