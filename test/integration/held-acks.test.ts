// The acknowledgement of a node's `node.invoke.result` rides with the next frame to that node
// (gateway/held-acks.ts): against a real gateway, a node answering a sequence of invokes gets
// every acknowledgement, each before the request that follows it, and the last one on its own.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type WebSocket from 'ws';
import { generateIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { startGatewayProcess, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let op: GatewayConnection;
let node: GatewayConnection;
let nodeId = '';
/** Every frame the node received, in arrival order: res ids and event names. */
const received: string[] = [];
const acks: Promise<unknown>[] = [];

before(async () => {
  gw = await startGatewayProcess();
  op = await GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
  const id = generateIdentity();
  nodeId = id.deviceId;
  const factory = wsSocketFactory();
  node = await GatewayConnection.open({
    url: gw.url, role: 'node', caps: ['system'], commands: ['system.which'], auth: { token: gw.token }, device: signerFor(id),
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName: 'acker', deviceFamily: 'Linux' },
    socketFactory: (url) => {
      const s = factory(url);
      (s as unknown as WebSocket).on('message', (d) => {
        const f = JSON.parse(String(d)) as { type: string; id?: string; event?: string };
        received.push(f.type === 'res' ? `res:${f.id}` : `event:${f.event}`);
      });
      return s;
    },
  });
  node.on('node.invoke.request', (p) => {
    const req = p as { id: string };
    received.push(`answering:${req.id}`);
    acks.push(node.call('node.invoke.result', { id: req.id, nodeId, ok: true, payloadJSON: '{"bins":{}}' }));
  });
  const pending = await op.call('node.pair.list', {});
  for (const p of pending.pending) await op.call('node.pair.approve', { requestId: p.requestId });
});

after(async () => {
  node?.close(1000, 'done');
  op?.close(1000, 'done');
  await gw?.stop();
  if (gw) rmSync(gw.stateDir, { recursive: true, force: true });
});

test('every result is acknowledged, before the next request, and the last one without a request to ride on', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await op.call('node.invoke', { nodeId, command: 'system.which', params: { bins: [] }, idempotencyKey: `held-${i}` });
    assert.deepEqual(r.payload, { bins: {} });
  }
  const answers = await Promise.all(acks.map((a) => Promise.race([a, new Promise((_, rej) => setTimeout(() => rej(new Error('no acknowledgement within 10 s')), 10_000))])));
  assert.equal(answers.length, 5);
  for (const a of answers) assert.deepEqual(a, { ok: true });
  // The acknowledgement of run i arrives before run i + 1's request.
  const requests = received.map((r, i) => [r, i] as const).filter(([r]) => r === 'event:node.invoke.request').map(([, i]) => i);
  const resIndexes = received.map((r, i) => [r, i] as const).filter(([r]) => r.startsWith('res:')).map(([, i]) => i);
  assert.equal(requests.length, 5);
  // The last res frames are the connect's and the five acknowledgements.
  const ackIndexes = resIndexes.slice(-5);
  for (let i = 0; i < 4; i++) assert.ok(ackIndexes[i]! < requests[i + 1]!, `ack ${i} came after request ${i + 1}: ${received.join(' ')}`);
});
