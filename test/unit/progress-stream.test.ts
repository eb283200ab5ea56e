// The node side of streamed runs: UTF-8 safe chunking, seq order, stream names, flow control.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PROGRESS_CHUNK_BYTES, ProgressStream, splitUtf8, utf8Prefix, type BinaryProgressParams, type ProgressParams } from '../../src-main/core/agent/exec/progress-stream.ts';

test('chunks never exceed 16 KiB of UTF-8 and never split a character', () => {
  const text = 'é'.repeat(10_000) + '😀'.repeat(5000) + 'x';
  const parts = splitUtf8(text);
  assert.equal(parts.join(''), text);
  for (const p of parts) {
    assert.ok(Buffer.byteLength(p, 'utf8') <= MAX_PROGRESS_CHUNK_BYTES);
    assert.ok(p.length <= 16_384);
    assert.doesNotMatch(p, /[\uD800-\uDBFF]$/, 'no lone high surrogate at a chunk end');
  }
  assert.equal(utf8Prefix('ab😀', 5), 'ab');
  assert.equal(utf8Prefix('short', 100), 'short');
});

test('bytes split mid-character across pipe reads come out whole; seq counts up; streams are named', async () => {
  const sent: ProgressParams[] = [];
  const s = new ProgressStream({ invokeId: 'i', nodeId: 'n', send: async (p) => { sent.push(p); } });
  const euro = Buffer.from('€', 'utf8');
  s.push('stdout', Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
  s.push('stderr', Buffer.from('oops\n'));
  s.push('stdout', euro.subarray(1));
  s.end();
  assert.deepEqual(sent.map((p) => [p.seq, p.stream, p.chunk]), [[0, 'stdout', 'a'], [1, 'stderr', 'oops\n'], [2, 'stdout', '€']]);
  assert.deepEqual(Object.keys(sent[0]!).sort(), ['chunk', 'invokeId', 'nodeId', 'seq', 'stream']);
});

test('too many unacknowledged chunks pause the command; acknowledgements resume it', async () => {
  const acks: (() => void)[] = [];
  const pressure: boolean[] = [];
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', windowChunks: 4,
    send: () => new Promise<void>((resolve) => acks.push(resolve)),
    onPressure: (p) => pressure.push(p),
  });
  for (let i = 0; i < 4; i++) s.push('stdout', Buffer.from(`line ${i}\n`));
  assert.deepEqual(pressure, [true]);
  acks.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pressure, [true], 'still above the low-water mark');
  acks.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pressure, [true, false]);
});

test('a failed send (connection gone) stops streaming and releases the pause', async () => {
  const pressure: boolean[] = [];
  let calls = 0;
  const s = new ProgressStream({ invokeId: 'i', nodeId: 'n', windowChunks: 1, send: () => { calls++; return Promise.reject(new Error('gone')); }, onPressure: (p) => pressure.push(p) });
  s.push('stdout', Buffer.from('a'));
  await new Promise((r) => setImmediate(r));
  s.push('stdout', Buffer.from('b'));
  assert.equal(calls, 1);
  assert.deepEqual(pressure, [true, false]);
});

test('large reads are cut in bytes at character boundaries, ≤ 16 KiB each', () => {
  const sent: ProgressParams[] = [];
  const s = new ProgressStream({ invokeId: 'i', nodeId: 'n', windowChunks: 1000, send: async (p) => { sent.push(p); } });
  const text = 'a' + '€'.repeat(20_000) + 'b';
  const bytes = Buffer.from(text, 'utf8');
  // Two reads split inside a character.
  s.push('stdout', bytes.subarray(0, 30_001));
  s.push('stdout', bytes.subarray(30_001));
  s.end();
  assert.equal(sent.map((p) => p.chunk).join(''), text);
  for (const p of sent) assert.ok(Buffer.byteLength(p.chunk, 'utf8') <= MAX_PROGRESS_CHUNK_BYTES);
  assert.deepEqual(sent.map((p) => p.seq), sent.map((_, i) => i));
});

test('base64 chunks (asked by a Hearth gateway) carry the exact bytes, ≤ 16384 characters, framed by hand as valid JSON', () => {
  const viaJson: Record<string, unknown>[] = [];
  const s = new ProgressStream({
    invokeId: 'inv"1', nodeId: 'n', encoding: 'base64', windowChunks: 10_000,
    send: () => Promise.reject(new Error('the object path is not used when sendJSON exists')),
    sendJSON: async (json) => { viaJson.push(JSON.parse(json) as Record<string, unknown>); },
  });
  // Not UTF-8 at all, then text with multi-byte characters across a read boundary.
  const binary = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7) % 256));
  const text = Buffer.from('€'.repeat(9000), 'utf8');
  s.push('stdout', binary);
  s.push('stderr', text.subarray(0, 10_001));
  s.push('stderr', text.subarray(10_001));
  s.end();
  assert.deepEqual(viaJson.map((p) => p['seq']), viaJson.map((_, i) => i), 'seq counts up');
  for (const p of viaJson) {
    assert.equal(p['encoding'], 'base64');
    assert.equal(p['invokeId'], 'inv"1');
    assert.ok((p['chunk'] as string).length <= 16_384);
  }
  const of = (name: string) => Buffer.concat(viaJson.filter((p) => p['stream'] === name).map((p) => Buffer.from(p['chunk'] as string, 'base64')));
  assert.ok(of('stdout').equals(binary), 'binary output arrives unchanged');
  assert.ok(of('stderr').equals(text));
  for (const p of viaJson.filter((x) => x['stream'] === 'stderr')) {
    assert.doesNotMatch(Buffer.from(p['chunk'] as string, 'base64').toString('utf8'), /\uFFFD/, 'text pieces never split a character');
  }
});

test('without a hand-framing sender, base64 chunks go through send() with encoding set', () => {
  const sent: ProgressParams[] = [];
  const s = new ProgressStream({ invokeId: 'i', nodeId: 'n', encoding: 'base64', send: async (p) => { sent.push(p); } });
  s.push('stdout', Buffer.from('hi\n'));
  s.end();
  assert.deepEqual(sent, [{ invokeId: 'i', nodeId: 'n', seq: 0, chunk: Buffer.from('hi\n').toString('base64'), stream: 'stdout', encoding: 'base64' }]);
});

test('binary frames: the reads of one turn travel together as ≤16 KiB whole-character chunks; seq counts chunks; end() sends what is left at once', async () => {
  const frames: { params: BinaryProgressParams; body: Buffer }[] = [];
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', encoding: 'binary',
    send: async () => { throw new Error('no text calls in binary mode'); },
    sendBinary: async (params, parts) => { frames.push({ params: { ...params, sizes: [...params.sizes] }, body: Buffer.concat(parts) }); },
  });
  const euro = Buffer.from('€');
  // 20 000 bytes then a character split across two reads, then stderr, all in one turn.
  s.push('stdout', Buffer.concat([Buffer.alloc(20_000, 0x79), euro.subarray(0, 2)]));
  s.push('stdout', Buffer.concat([euro.subarray(2), Buffer.from([0xff, 0x0a])]));
  s.push('stderr', Buffer.from('oops\n'));
  assert.equal(frames.length, 1, 'stdout went out when stderr began; stderr waits for the end of the turn');
  await new Promise((r) => setImmediate(r));
  assert.equal(frames.length, 2);
  s.push('stdout', Buffer.from([0xe2, 0x82]));
  s.end();
  assert.equal(frames.length, 3, 'end() flushes synchronously, before the result goes out');
  const [a, b, c] = frames;
  assert.deepEqual(a!.params, { invokeId: 'i', nodeId: 'n', seq: 0, stream: 'stdout', encoding: 'binary', sizes: [16_384, 3616, 5], chunk: '' });
  assert.deepEqual(a!.body, Buffer.concat([Buffer.alloc(20_000, 0x79), euro, Buffer.from([0xff, 0x0a])]));
  assert.deepEqual([b!.params.seq, b!.params.stream, b!.params.sizes, b!.body.toString()], [3, 'stderr', [5], 'oops\n']);
  // A trailing incomplete character is sent as it is (the bytes, not U+FFFD).
  assert.deepEqual([c!.params.seq, c!.body], [4, Buffer.from([0xe2, 0x82])]);
  assert.equal(s.sentBytes, 20_000 + 3 + 2 + 5 + 2);
});

test('binary frames: a large read is cut into frames of ≤256 KiB; unacknowledged frames pause the command', async () => {
  const acks: (() => void)[] = [];
  const sizes: number[] = [];
  const pressure: boolean[] = [];
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', encoding: 'binary', windowChunks: 2,
    send: async () => {},
    sendBinary: (params) => { sizes.push(params.sizes.reduce((x, y) => x + y, 0)); return new Promise<void>((resolve) => acks.push(resolve)); },
    onPressure: (p) => pressure.push(p),
  });
  s.push('stdout', Buffer.alloc(600 * 1024, 0x41));
  assert.deepEqual(sizes, [256 * 1024, 256 * 1024], 'two full frames at once; the rest is gathered a little longer (a burst)');
  assert.deepEqual(pressure, [true]);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(sizes, [256 * 1024, 256 * 1024, 88 * 1024]);
  acks.shift()!();
  acks.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pressure, [true, false]);
});

test('binary frames: without a binary sender the stream falls back to text calls', () => {
  const sent: ProgressParams[] = [];
  const s = new ProgressStream({ invokeId: 'i', nodeId: 'n', encoding: 'binary', send: async (p) => { sent.push(p); } });
  s.push('stdout', Buffer.from('hi\n'));
  s.end();
  assert.deepEqual(sent.map((p) => [p.chunk, p.encoding]), [['hi\n', undefined]]);
});

test('binary frames: output after a quiet spell leaves at the end of its turn; a burst of small reads travels in one frame', async () => {
  const sizes: number[][] = [];
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', encoding: 'binary',
    send: async () => {},
    sendBinary: async (params) => { sizes.push([...params.sizes]); },
  });
  s.push('stdout', Buffer.from('first line\n'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sizes, [[11]], 'a line printed after a pause is not held back');
  // 8 KiB pipe reads arriving turn after turn right after that flush (a fast command through `head`).
  for (let i = 0; i < 12; i++) {
    s.push('stdout', Buffer.alloc(8192, 0x79));
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 20));
  const burst = sizes.slice(1).map((f) => f.reduce((a, b) => a + b, 0));
  assert.equal(burst.reduce((a, b) => a + b, 0), 12 * 8192);
  assert.ok(burst.length < 12, `the burst was gathered into fewer frames than reads (${burst.length} frames)`);
});

test('binary frames: the flow-control window counts bytes, so many small frames do not stall a fast command', () => {
  const pressure: boolean[] = [];
  let frames = 0;
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', encoding: 'binary',
    send: async () => {},
    sendBinary: () => { frames++; return new Promise<void>(() => {}); },
    onPressure: (p) => pressure.push(p),
  });
  // 25 frames of 8 KiB (200 KiB) and 25 one-byte frames unacknowledged: well inside the ≈ 2 MiB window.
  for (let i = 0; i < 25; i++) {
    s.push('stdout', Buffer.alloc(8192, 0x41));
    s.push('stderr', Buffer.from('x')); // a stream change sends the stdout frame at once
  }
  assert.ok(frames >= 25);
  assert.deepEqual(pressure, [], 'not paused while only 200 KiB are in flight');
  // 2 MiB more in one go fills the byte window.
  s.push('stdout', Buffer.alloc(2 * 1024 * 1024, 0x41));
  assert.deepEqual(pressure, [true]);
});

test('binary frames with compression: text goes as one zstd frame (up to 1 MiB) that decodes to the chunks; output that does not compress goes as it is and is tried again 16 frames later', async () => {
  const { zstdCompressFrame, zstdDecompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const { randomBytes } = await import('node:crypto');
  const frames: { params: BinaryProgressParams; body: Buffer }[] = [];
  let tried = 0;
  const s = new ProgressStream({
    invokeId: 'i', nodeId: 'n', encoding: 'binary',
    send: async () => {},
    sendBinary: async (params, parts) => { frames.push({ params: { ...params, sizes: [...params.sizes] }, body: Buffer.concat(parts) }); },
    compress: (parts, bytes) => { tried++; return zstdCompressFrame(parts, bytes); },
  });
  const text = Buffer.from('building target 42 of 97: ok\n'.repeat(40_000)); // 1.16 MB
  s.push('stdout', text);
  assert.equal(frames.length, 1, 'a compressed frame gathers up to 1 MiB');
  const [first] = frames;
  const declared = first!.params.sizes.reduce((a, b) => a + b, 0);
  assert.equal(declared, 1024 * 1024);
  assert.equal(first!.params.compression, 'zstd');
  assert.ok(first!.body.length < declared / 20, `text compresses (${first!.body.length} bytes on the wire)`);
  assert.deepEqual(zstdDecompressFrame([first!.body], declared), text.subarray(0, declared));
  s.end();
  assert.deepEqual(zstdDecompressFrame([frames[1]!.body], text.length - declared) ?? frames[1]!.body, text.subarray(declared));

  // Random bytes: not worth compressing; the next 15 full frames are not even tried.
  frames.length = 0;
  tried = 0;
  for (let i = 0; i < 17; i++) {
    s.push('stdout', randomBytes(64 * 16_384));
    await new Promise((r) => setImmediate(r));
  }
  s.end();
  assert.ok(frames.every((f) => f.params.compression === undefined), 'sent as they are');
  // (Random bytes are not UTF-8, so chunks are cut short and the 17 MiB take more than 17 frames.)
  const large = frames.filter((f) => f.body.length >= 4096).length;
  assert.ok(large > 17);
  assert.equal(tried, 1 + Math.floor((large - 1) / 16), 'tried on the first frame, then once per 16');
  // Small output (a line now and then) is never compressed.
  frames.length = 0;
  s.push('stdout', Buffer.from('a line\n'));
  s.end();
  assert.deepEqual([frames[0]!.params.compression, frames[0]!.body.toString()], [undefined, 'a line\n']);
});

test('binary frames: pushed bytes may be a read buffer reused at once; frames sent keep their own bytes until the socket is done with them', async () => {
  const { zstdCompressFrame, zstdDecompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const { randomBytes } = await import('node:crypto');
  for (const compress of [true, false]) {
    // Held as sent, uncopied, as a socket's write queue holds them.
    const sent: { params: BinaryProgressParams; parts: Uint8Array[] }[] = [];
    const s = new ProgressStream({
      invokeId: 'i', nodeId: 'n', encoding: 'binary',
      send: async () => {},
      sendBinary: async (params, parts) => { sent.push({ params: { ...params, sizes: [...params.sizes] }, parts }); },
      ...(compress ? { compress: zstdCompressFrame } : {}),
    });
    // Text that compresses, random bytes that do not, and single lines between quiet spells.
    const pieces = [Buffer.from('step 7 of 9: linking\n'.repeat(60_000)), randomBytes(3_000_000), Buffer.from('a line\n'), Buffer.from('another\n')];
    const read = Buffer.alloc(200_000); // the reader's one buffer
    for (const piece of pieces) {
      for (let at = 0; at < piece.length; at += read.length) {
        const n = piece.copy(read, 0, at, at + read.length);
        s.push('stdout', read.subarray(0, n));
        read.fill(0x21); // the next read lands here
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    s.end();
    const bytes = sent.map((f) => {
      const body = Buffer.concat(f.parts);
      const size = f.params.sizes.reduce((a, b) => a + b, 0);
      return f.params.compression === 'zstd' ? zstdDecompressFrame([body], size)! : body;
    });
    assert.ok(Buffer.concat(bytes).equals(Buffer.concat(pieces)), `every frame holds its own bytes (compress: ${compress})`);
    if (compress) assert.ok(sent.some((f) => f.params.compression === 'zstd') && sent.some((f) => f.params.compression === undefined && f.parts.length > 1 && f.parts.every((p) => p.length <= 16_384)));
  }
});
