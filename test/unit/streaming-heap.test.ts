// The streaming heap setting (src-main/core/net/streaming-heap.ts) is held exactly while streams
// are open: a stream that ended and still held it would leave the process on the larger heap
// limit for good (the gateway has an RSS target).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { holdStreamingHeap, streamingHeapHolders } from '../../src-main/core/net/streaming-heap.ts';
import { InvokeStreams } from '../../src-main/core/gateway/invoke-streams.ts';
import { Invocations } from '../../src-main/core/agent/invoke.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import type { Session } from '../../src-main/core/gateway/session.ts';

test('holds are counted; each release counts once, however often it is called', () => {
  const before = streamingHeapHolders();
  const a = holdStreamingHeap();
  const b = holdStreamingHeap();
  assert.equal(streamingHeapHolders(), before + 2);
  a();
  a();
  assert.equal(streamingHeapHolders(), before + 1);
  b();
  assert.equal(streamingHeapHolders(), before);
});

test('the gateway holds it for each run streamed to an operator, until the route closes (a reopened id does not leak a hold)', () => {
  const before = streamingHeapHolders();
  const socket = Object.assign(new EventEmitter(), { OPEN: 1, readyState: 1, bufferedAmount: 0, send: () => {}, _socket: new EventEmitter() });
  const requester = { socket, role: 'operator' } as unknown as Session;
  const streams = new InvokeStreams();
  streams.open({ invokeId: 'a', nodeId: 'n', idempotencyKey: 'ka', requester });
  streams.open({ invokeId: 'b', nodeId: 'n', idempotencyKey: 'kb', requester });
  streams.open({ invokeId: 'b', nodeId: 'n', idempotencyKey: 'kb', requester });
  // An in-process consumer (a module relaying a small answer) is not a streamed run.
  streams.open({ invokeId: 'c', nodeId: 'n', idempotencyKey: 'kc', consumer: () => {} });
  assert.equal(streamingHeapHolders(), before + 2);
  streams.close('a');
  streams.close('b');
  streams.close('b');
  streams.close('c');
  assert.equal(streamingHeapHolders(), before);
});

test('the node agent holds it while a streamed run is running, and not after it ended or failed to start', { skip: process.platform === 'win32' }, async () => {
  const before = streamingHeapHolders();
  const during: number[] = [];
  const inv = new Invocations({
    deviceId: 'dev-1', logger: silentLogger, execPolicy: () => ({ security: 'full', allowlist: [] }),
    call: async () => ({ ok: true }),
    callBinary: async () => {
      during.push(streamingHeapHolders());
      return { ok: true };
    },
  });
  await inv.handleRequest({ id: 'r', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['sh', '-c', 'echo one; sleep 0.05; echo two'] }), stream: true, streamEncoding: 'binary' });
  assert.ok(during.length > 0 && during.every((n) => n === before + 1), `holders while output went out: ${during.join(',')}`);
  assert.equal(streamingHeapHolders(), before);
  await inv.handleRequest({ id: 'f', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['/nonexistent/program'] }), stream: true, streamEncoding: 'binary' });
  assert.equal(streamingHeapHolders(), before);
});
