// The gateway side of streamed runs: only the requesting operator gets chunks, in seq order;
// foreign or stale chunks are ignored; acknowledgements wait while the operator's socket is full.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeStreams, PROGRESS_EVENT } from '../../src-main/core/gateway/invoke-streams.ts';
import type { Session } from '../../src-main/core/gateway/session.ts';

function fakeSession(deviceId?: string) {
  const frames: string[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (s: string) => frames.push(s) };
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
  op.socket.bufferedAmount = 0;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(acked, true);
});
