// The gateway side of streamed runs: only the requesting operator gets chunks, in seq order;
// foreign or stale chunks are ignored; acknowledgements wait while the operator's socket is full.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { decodeBase64Chunk, InvokeStreams, PROGRESS_EVENT } from '../../src-main/core/gateway/invoke-streams.ts';
import type { Session } from '../../src-main/core/gateway/session.ts';
import { decodeBinaryFrame, joinBytes } from '../../src-shared/protocol/binary-frame.ts';

function fakeSession(deviceId?: string) {
  const frames: string[] = [];
  // A ws WebSocket's surface, with the TCP socket under it (`_socket`, whose 'drain' says the queue went to the kernel).
  const socket = Object.assign(new EventEmitter(), { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (s: string) => frames.push(s), _socket: new EventEmitter() });
  const session = { socket, deviceId, role: deviceId ? 'node' : 'operator' } as unknown as Session;
  return { session, socket, frames, payloads: () => frames.map((f) => (JSON.parse(f) as { event: string; payload: Record<string, unknown> })) };
}

test('chunks go to the requester only, reordered by seq, as hearth.invoke.progress events', () => {
  const streams = new InvokeStreams();
  const op = fakeSession();
  const other = fakeSession();
  const node = fakeSession('node-1');
  streams.open({ invokeId: 'inv', nodeId: 'node-1', idempotencyKey: 'k', requester: op.session });
  assert.deepEqual(streams.progress(node.session, { invokeId: 'inv', nodeId: 'node-1', seq: 1, chunk: 'b', stream: 'stderr' }), { ok: true });
  assert.equal(op.frames.length, 0, 'seq 1 waits for seq 0');
  streams.progress(node.session, { invokeId: 'inv', nodeId: 'node-1', seq: 0, chunk: 'a"\n' });
  const got = op.payloads();
  assert.deepEqual(got.map((f) => f.event), [PROGRESS_EVENT, PROGRESS_EVENT]);
  assert.deepEqual(got.map((f) => [f.payload['seq'], f.payload['stream'], f.payload['chunk']]), [[0, 'stdout', 'a"\n'], [1, 'stderr', 'b']]);
  assert.deepEqual(got[0]!.payload, { invokeId: 'inv', nodeId: 'node-1', idempotencyKey: 'k', seq: 0, stream: 'stdout', chunk: 'a"\n' });
  assert.equal(other.frames.length, 0);
  // Duplicates, other nodes and unknown runs are acknowledged as ignored.
  assert.deepEqual(streams.progress(node.session, { invokeId: 'inv', nodeId: 'node-1', seq: 0, chunk: 'again' }), { ok: true, ignored: true });
  assert.deepEqual(streams.progress(fakeSession('node-2').session, { invokeId: 'inv', nodeId: 'node-1', seq: 2, chunk: 'x' }), { ok: true, ignored: true });
  assert.deepEqual(streams.progress(node.session, { invokeId: 'nope', nodeId: 'node-1', seq: 0, chunk: 'x' }), { ok: true, ignored: true });
  assert.equal(op.frames.length, 2);
  assert.equal(streams.find(op.session, { idempotencyKey: 'k' })?.invokeId, 'inv');
  assert.equal(streams.find(other.session, { idempotencyKey: 'k' }), undefined, 'another connection cannot address the run');
  streams.close('inv');
  assert.deepEqual(streams.ownedBy(op.session), []);
});

test('the acknowledgement waits while the operator socket holds more than 1 MiB', async () => {
  const streams = new InvokeStreams();
  const op = fakeSession();
  const node = fakeSession('n');
  streams.open({ invokeId: 'i', nodeId: 'n', idempotencyKey: 'k', requester: op.session });
  op.socket.bufferedAmount = 2 * 1024 * 1024;
  let acked = false;
  const ack = streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq: 0, chunk: 'x' });
  assert.ok(ack instanceof Promise);
  void ack.then(() => { acked = true; });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(acked, false);
  // Woken by the TCP socket's 'drain', not by polling.
  op.socket.bufferedAmount = 0;
  op.socket._socket.emit('drain');
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(acked, true);
});

test('acknowledgements held for a stalled operator share one wait, and nothing polls meanwhile', async () => {
  const streams = new InvokeStreams();
  const op = fakeSession();
  const node = fakeSession('n');
  streams.open({ invokeId: 'i', nodeId: 'n', idempotencyKey: 'k', requester: op.session });
  op.socket.bufferedAmount = 2 * 1024 * 1024;
  const acks = Array.from({ length: 8 }, (_, seq) => streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq, chunk: 'x' }));
  assert.ok(acks.every((a) => a instanceof Promise));
  assert.equal(op.socket._socket.listenerCount('drain'), 1, 'one wait per socket');
  op.socket.bufferedAmount = 0;
  op.socket._socket.emit('drain');
  assert.equal((await Promise.all(acks)).length, 8);
  assert.equal(op.socket._socket.listenerCount('drain'), 0, 'the wait is gone once it ended');
});

test('an operator whose socket is closing gets no more output: its run is reported orphaned once and held acknowledgements go out', async () => {
  const orphaned: string[] = [];
  const streams = new InvokeStreams((id) => orphaned.push(id));
  const op = fakeSession();
  const node = fakeSession('n');
  streams.open({ invokeId: 'i', nodeId: 'n', idempotencyKey: 'k', requester: op.session, encoding: 'text' });
  op.socket.bufferedAmount = 2 * 1024 * 1024;
  const held = streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq: 0, chunk: 'a' });
  assert.ok(held instanceof Promise);
  assert.equal(op.frames.length, 1);
  // ws's close(): CLOSING, and the TCP socket stays open (the peer is not reading the close frame).
  op.socket.readyState = 2;
  op.socket.emit('close');
  await held;
  assert.deepEqual(streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq: 1, chunk: 'b' }), { ok: true });
  assert.deepEqual(streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq: 2, chunk: 'c' }), { ok: true });
  assert.equal(op.frames.length, 1, 'nothing is relayed to a closing socket');
  assert.deepEqual(orphaned, ['i'], 'reported once, so the router cancels the run');
});

test('encodings: base64 from the node reaches a base64 requester verbatim and a text requester decoded; text is encoded for a base64 requester', () => {
  const streams = new InvokeStreams();
  const node = fakeSession('n');
  const cli = fakeSession();
  const ui = fakeSession();
  streams.open({ invokeId: 'a', nodeId: 'n', idempotencyKey: 'ka', requester: cli.session, encoding: 'base64' });
  streams.open({ invokeId: 'b', nodeId: 'n', idempotencyKey: 'kb', requester: ui.session });
  const b64 = Buffer.from('line "one"\n€').toString('base64');
  streams.progress(node.session, { invokeId: 'a', nodeId: 'n', seq: 0, chunk: b64, encoding: 'base64' });
  streams.progress(node.session, { invokeId: 'a', nodeId: 'n', seq: 1, chunk: 'plain\n' });
  streams.progress(node.session, { invokeId: 'b', nodeId: 'n', seq: 0, chunk: b64, encoding: 'base64', stream: 'stderr' });
  assert.deepEqual(cli.payloads().map((f) => [f.payload['encoding'], f.payload['chunk']]), [['base64', b64], ['base64', Buffer.from('plain\n').toString('base64')]]);
  assert.deepEqual(ui.payloads().map((f) => [f.payload['encoding'], f.payload['stream'], f.payload['chunk']]), [[undefined, 'stderr', 'line "one"\n€']]);
  assert.equal(streams.get('a')?.forwardedBytes, Buffer.byteLength('line "one"\n€') + 6);
});

test('a base64 chunk that is not clean base64 is ignored, so nothing unescaped reaches an operator frame', () => {
  const streams = new InvokeStreams();
  const node = fakeSession('n');
  const cli = fakeSession();
  streams.open({ invokeId: 'a', nodeId: 'n', idempotencyKey: 'k', requester: cli.session, encoding: 'base64' });
  for (const chunk of ['QUJD"},"x":"', 'QUJ\\', 'QUJDRA\n=', 'QU JD', 'QUJ', 'QUJDé===', 'QQ==QUJD']) {
    assert.deepEqual(streams.progress(node.session, { invokeId: 'a', nodeId: 'n', seq: 0, chunk, encoding: 'base64' }), { ok: true, ignored: true }, chunk);
    assert.equal(decodeBase64Chunk(chunk), undefined, chunk);
  }
  assert.equal(cli.frames.length, 0);
  assert.deepEqual(decodeBase64Chunk('QUJD'), Buffer.from('ABC'));
  assert.deepEqual(decodeBase64Chunk('QQ=='), Buffer.from('A'));
  assert.deepEqual(decodeBase64Chunk(''), Buffer.alloc(0));
});

/** An operator socket that reassembles fragmented binary messages as a WebSocket peer would. */
function fragmentSession() {
  const messages: (string | { header: Record<string, unknown>; body: Buffer; frames: number })[] = [];
  let open: Uint8Array[] | undefined;
  const socket = {
    OPEN: 1, readyState: 1, bufferedAmount: 0,
    send: (data: string | Uint8Array, opts?: { binary?: boolean; fin?: boolean }) => {
      if (typeof data === 'string') return void messages.push(data);
      (open ??= []).push(data);
      if (opts?.fin === false) return;
      const parsed = decodeBinaryFrame(open);
      assert.ok(parsed.ok);
      messages.push({ header: parsed.header, body: Buffer.from(joinBytes(parsed.body)), frames: open.length });
      open = undefined;
    },
  };
  return { session: { socket, role: 'operator' } as unknown as Session, messages };
}

test('binary: a node frame reaches a binary requester as one message, header rewritten, bytes as they came (not copied)', () => {
  const streams = new InvokeStreams();
  const node = fakeSession('n');
  const cli = fragmentSession();
  streams.open({ invokeId: 'a"1', nodeId: 'n', idempotencyKey: 'k', requester: cli.session, encoding: 'binary' });
  const pieces = [Buffer.from([0xff, 0xfe]), Buffer.from('yes\n')];
  streams.progress(node.session, { invokeId: 'a"1', nodeId: 'n', seq: 0, chunk: '', encoding: 'binary', stream: 'stderr', bytes: pieces, sizes: [2, 4] });
  const [m] = cli.messages as { header: { type: string; event: string; payload: Record<string, unknown> }; body: Buffer; frames: number }[];
  assert.deepEqual(m!.header, {
    type: 'event', event: PROGRESS_EVENT,
    payload: { invokeId: 'a"1', nodeId: 'n', idempotencyKey: 'k', seq: 0, stream: 'stderr', encoding: 'binary', sizes: [2, 4], chunk: '' },
  });
  assert.deepEqual(m!.body, Buffer.concat(pieces));
  assert.equal(m!.frames, 3, 'a header frame, then the node pieces themselves');
  // The next frame starts at seq 2: a frame covers as many seqs as it has chunks.
  assert.deepEqual(streams.progress(node.session, { invokeId: 'a"1', nodeId: 'n', seq: 1, chunk: '', encoding: 'binary', bytes: [Buffer.from('x')], sizes: [1] }), { ok: true, ignored: true });
  streams.progress(node.session, { invokeId: 'a"1', nodeId: 'n', seq: 2, chunk: 'text from an older node\n' });
  const second = cli.messages[1] as unknown as { header: { payload: Record<string, unknown> }; body: Buffer };
  assert.deepEqual([second.header.payload['seq'], second.header.payload['sizes'], second.body.toString()], [2, [24], 'text from an older node\n']);
  assert.equal(streams.get('a"1')?.forwardedBytes, 6 + 24);
});

test('binary: a text or base64 requester gets one event per chunk (seq, seq+1, …); an in-process consumer one text per chunk; out-of-order frames wait', async () => {
  const streams = new InvokeStreams();
  const node = fakeSession('n');
  const ui = fakeSession();
  const b64 = fakeSession();
  const texts: [string, number][] = [];
  streams.open({ invokeId: 'u', nodeId: 'n', idempotencyKey: 'ku', requester: ui.session });
  streams.open({ invokeId: 'b', nodeId: 'n', idempotencyKey: 'kb', requester: b64.session, encoding: 'base64' });
  streams.open({ invokeId: 'c', nodeId: 'n', idempotencyKey: 'kc', consumer: (t, seq) => { texts.push([t, seq]); } });
  const later = { chunk: '', encoding: 'binary', bytes: [Buffer.from('three\n')], sizes: [6] };
  const first = { chunk: '', encoding: 'binary', bytes: [Buffer.from('one\n€two\n')], sizes: [4, 9] };
  for (const invokeId of ['u', 'b', 'c']) {
    assert.deepEqual(streams.progress(node.session, { invokeId, nodeId: 'n', seq: 2, ...later }), { ok: true });
    await streams.progress(node.session, { invokeId, nodeId: 'n', seq: 0, ...first });
  }
  assert.deepEqual(ui.payloads().map((f) => [f.payload['seq'], f.payload['chunk'], f.payload['encoding']]), [[0, 'one\n', undefined], [1, '€two\n', undefined], [2, 'three\n', undefined]]);
  assert.deepEqual(b64.payloads().map((f) => [f.payload['seq'], Buffer.from(String(f.payload['chunk']), 'base64').toString()]), [[0, 'one\n'], [1, '€two\n'], [2, 'three\n']]);
  await streams.get('c')?.chain;
  assert.deepEqual(texts, [['one\n', 0], ['€two\n', 1], ['three\n', 2]]);
});

test('out-of-order frames a node sends ahead are held up to 2 MiB, not 128 binary frames of 1 MiB', () => {
  const streams = new InvokeStreams();
  const node = fakeSession('n');
  const cli = fragmentSession();
  streams.open({ invokeId: 'i', nodeId: 'n', idempotencyKey: 'k', requester: cli.session, encoding: 'binary' });
  const mib = Array.from({ length: 64 }, () => Buffer.alloc(16_384, 0x61));
  const ahead = (seq: number) => streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq, chunk: '', encoding: 'binary', bytes: mib, sizes: Array(64).fill(16_384) });
  assert.deepEqual(ahead(64), { ok: true });
  assert.deepEqual(ahead(128), { ok: true });
  assert.deepEqual(ahead(192), { ok: true, ignored: true }, 'a third MiB ahead is refused');
  assert.equal(cli.messages.length, 0);
  // Once the gap fills, what was held goes out in order and makes room again.
  streams.progress(node.session, { invokeId: 'i', nodeId: 'n', seq: 0, chunk: '', encoding: 'binary', bytes: mib, sizes: Array(64).fill(16_384) });
  assert.deepEqual(cli.messages.map((m) => (m as unknown as { header: { payload: { seq: number } } }).header.payload.seq), [0, 64, 128]);
  assert.deepEqual(ahead(256), { ok: true });
});

test('zstd frames: kept compressed for a requester that reads zstd, decoded for anyone else; one that does not decode is dropped, its seqs passed and said once', async () => {
  const { zstdCompressFrame, zstdDecompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const undecodable: string[] = [];
  const streams = new InvokeStreams(() => {}, (invokeId, nodeId) => undecodable.push(`${invokeId}@${nodeId}`));
  const node = fakeSession('n');
  const cli = fragmentSession();
  const ui = fakeSession();
  const texts: string[] = [];
  streams.open({ invokeId: 'z', nodeId: 'n', idempotencyKey: 'kz', requester: cli.session, encoding: 'binary', compression: 'zstd' });
  streams.open({ invokeId: 'b', nodeId: 'n', idempotencyKey: 'kb', requester: cli.session, encoding: 'binary' });
  streams.open({ invokeId: 'u', nodeId: 'n', idempotencyKey: 'ku', requester: ui.session });
  streams.open({ invokeId: 'c', nodeId: 'n', idempotencyKey: 'kc', consumer: (t) => { texts.push(t); } });
  const text = Buffer.from('compiling module 7 of 9\n'.repeat(1200)); // 28 800 bytes
  const sizes = [16_384, text.length - 16_384];
  const packed = zstdCompressFrame([text], text.length)!;
  const frame = (invokeId: string, seq: number, body: Buffer, s = sizes) => streams.progress(node.session, { invokeId, nodeId: 'n', seq, chunk: '', encoding: 'binary', bytes: [body], sizes: s, zstd: true });
  for (const id of ['z', 'b', 'u', 'c']) await frame(id, 0, packed);

  const [asIs, plain] = cli.messages as unknown as { header: { payload: Record<string, unknown> }; body: Buffer }[];
  assert.equal(asIs!.header.payload['compression'], 'zstd');
  assert.deepEqual(asIs!.body, packed, 'the node\'s compressed bytes go on as they came');
  assert.deepEqual(zstdDecompressFrame([asIs!.body], text.length), text);
  assert.equal(plain!.header.payload['compression'], undefined, 'a binary requester that did not ask for zstd gets the bytes');
  assert.deepEqual([plain!.header.payload['sizes'], plain!.body], [sizes, text]);
  assert.equal(ui.payloads().map((f) => f.payload['chunk']).join(''), text.toString());
  await streams.get('c')?.chain;
  assert.equal(texts.join(''), text.toString());
  assert.equal(streams.get('z')?.forwardedBytes, text.length, 'counted as output bytes, not wire bytes');

  // Garbage, then a frame that decodes to more than it declares: dropped for the text requester,
  // their seqs passed so what follows still flows; reported once per run.
  assert.deepEqual(await frame('u', 2, Buffer.from('not zstd'), [8]), { ok: true });
  assert.deepEqual(await frame('u', 3, packed, [100]), { ok: true });
  await streams.progress(node.session, { invokeId: 'u', nodeId: 'n', seq: 4, chunk: 'after\n' });
  assert.deepEqual(ui.payloads().slice(2).map((f) => [f.payload['seq'], f.payload['chunk']]), [[4, 'after\n']]);
  assert.deepEqual(undecodable, ['u@n']);
  // For the zstd requester the gateway does not decode: its client checks each frame (and says so).
  assert.deepEqual(await frame('z', 2, Buffer.from('not zstd')), { ok: true });
  assert.equal(cli.messages.length, 3);
});
