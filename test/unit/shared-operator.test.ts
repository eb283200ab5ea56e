// The shared OperatorClient over a stand-in transport: node lookup (with the per-client hints and
// the full-id shortcut), merged pending and decisions, plain and streamed runs with decoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperatorClient, type OperatorTransport } from '../../src-shared/client/operator.ts';
import { PROGRESS_EVENT } from '../../src-shared/client/run-stream.ts';
import { HearthError } from '../../src-shared/hearth-error.ts';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';

const A = 'ab'.repeat(32);
const B = 'cd'.repeat(32);
const entry = (nodeId: string, displayName: string): NodeEntry => ({ nodeId, displayName, caps: [], commands: [], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true });

function transport(answers: Record<string, unknown>) {
  const calls: string[] = [];
  const handlers = new Set<(p: unknown) => void>();
  const t: OperatorTransport = {
    call: async <T,>(method: string, params: Record<string, unknown>) => {
      calls.push(method);
      if (method === 'node.invoke' && params['stream'] === true) {
        for (const h of handlers) h({ idempotencyKey: params['idempotencyKey'], seq: 0, stream: 'stdout', chunk: 'live\n' });
      }
      return answers[method] as T;
    },
    // A fake transport: handlers take any payload.
    on: ((event: string, h: (p: unknown) => void) => {
      assert.equal(event, PROGRESS_EVENT);
      handlers.add(h);
      return () => handlers.delete(h);
    }) as OperatorTransport['on'],
  };
  return { t, calls };
}

test('node(): names resolve through node.list; a full id skips the lookup; hints are the client\'s', async () => {
  const { t, calls } = transport({ 'node.list': { nodes: [entry(A, 'laptop'), entry(B, 'desk')] } });
  const op = new OperatorClient(t, { hints: { list: 'see /nodes' } });
  assert.deepEqual(await op.node(B), { nodeId: B, name: B });
  assert.deepEqual(calls, []);
  const hit = await op.node('LAPTOP');
  assert.equal(hit.nodeId, A);
  assert.equal(hit.name, 'laptop');
  await assert.rejects(op.node('  '), (e: Error) => e instanceof HearthError && /\(see \/nodes\)$/.test(e.message));
  await assert.rejects(op.node('nas'), (e: Error) => /^no node "nas"; known nodes: laptop \(.*online\); desk \(.*online\)$/.test(e.message));
});

test('run(): a plain run decodes payloadJSON; a streamed one passes live output when the gateway streams', async () => {
  const result = { exitCode: 2, timedOut: false, success: false, stdout: 'out', stderr: '', error: null };
  const { t } = transport({ 'node.invoke': { payloadJSON: JSON.stringify(result) } });
  const plain = await new OperatorClient(t).run({ invoke: { idempotencyKey: 'k' }, callTimeoutMs: 1000, onOutput: () => assert.fail('not streamed') }, 'box');
  assert.deepEqual(plain, { answer: { payloadJSON: JSON.stringify(result) }, result, streamed: false, cancelled: false });
  const chunks: string[] = [];
  const live = await new OperatorClient(t, { streams: true }).run({ invoke: { idempotencyKey: 'k2' }, callTimeoutMs: 1000, onOutput: (s, c) => chunks.push(`${s}:${c}`) }, 'box');
  assert.equal(live.streamed, true);
  assert.equal(live.result?.exitCode, 2);
  assert.deepEqual(chunks, ['stdout:live\n']);
});

test('pending() merges both layers; decide() approves in the right one', async () => {
  const dev = { requestId: 'r-dev', deviceId: A, publicKey: 'k', role: 'node', roles: ['node'], scopes: [], silent: false, isRepair: false, ts: 5 };
  const surf = { requestId: 'r-surf', nodeId: B, caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 9 };
  const { t, calls } = transport({
    'device.pair.list': { pending: [dev], paired: [] }, 'node.pair.list': { pending: [surf], paired: [] }, 'node.pair.approve': { ok: true },
  });
  const op = new OperatorClient(t);
  assert.deepEqual((await op.pending(true)).map((i) => `${i.layer}:${i.requestId}`), ['node:r-surf', 'device:r-dev']);
  const { item } = await op.decide('approve', 'r-s', false, 'nodes');
  assert.equal(item.requestId, 'r-surf');
  assert.equal(calls.at(-1), 'node.pair.approve');
});

test('the gateway\'s hearth.nodes.wake resolves names like every client (ambiguity and unknown names as invalid requests)', async () => {
  const { wakeNode } = await import('../../src-main/core/ops/wake-module.ts');
  const { ProtocolError } = await import('../../src-shared/protocol/errors.ts');
  const nodes = [entry(A, 'laptop'), entry('ab'.repeat(31) + 'ff', 'laptop-2')];
  const ctx = { gw: { nodes: { list: () => nodes } } } as unknown as Parameters<typeof wakeNode>[0];
  const r = await wakeNode(ctx, { node: 'LAPTOP' });
  assert.deepEqual([r.nodeId, r.alreadyOnline], [A, true]);
  await assert.rejects(wakeNode(ctx, { node: 'abab' }), (e: Error) => e instanceof ProtocolError && e.code === 'INVALID_REQUEST' && /"abab" matches 2 nodes: laptop \(/.test(e.message));
  await assert.rejects(wakeNode(ctx, { node: 'nas' }), (e: Error) => e instanceof ProtocolError && /^no node "nas"; known nodes: laptop/.test(e.message));
});
