// Device-level and node-surface requests merged for `hearth nodes pending/approve`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { collectPending, pickPending } from '../../src-shared/client/pending.ts';
import { decisionLine } from '../../src-main/cli/commands/nodes.ts';

const NODE_ID = '3f63b179ff796f830fe8660925a1110cfe00ad7d5d1471735277f49e51aca45d';
const dev = (requestId: string, role: string, ts: number): PendingDeviceRequest => ({
  requestId, deviceId: NODE_ID, publicKey: 'k', displayName: `dev-${role}`, role, roles: [role], scopes: [], silent: false, isRepair: false, ts, remoteIp: '192.168.1.9',
});
const surface = (requestId: string, ts: number): PendingNodeRequest => ({
  requestId, nodeId: NODE_ID, displayName: 'research-node-1', caps: [], commands: ['system.run'], requiredApproveScopes: ['operator.pairing', 'operator.admin'], ts,
});
const devices = { pending: [dev('d-node', 'node', 100), dev('d-op', 'operator', 300)], paired: [] };
const nodes = { pending: [surface('n-1', 200)], paired: [] };

test('nodes view keeps node-role device requests and surfaces, newest first, with fingerprints', () => {
  const items = collectPending(devices, nodes, true);
  assert.deepEqual(items.map((i) => [i.layer, i.requestId]), [['node', 'n-1'], ['device', 'd-node']]);
  assert.equal(items[1]!.fingerprint, '3F63-B179-FF79');
  assert.equal(items[1]!.ip, '192.168.1.9');
  assert.equal(collectPending(devices, undefined, false).length, 2);
});

test('pick by id, unique prefix or --latest', () => {
  const items = collectPending(devices, nodes, false);
  assert.equal(pickPending(items, undefined, true, 'x').requestId, 'd-op');
  assert.equal(pickPending(items, 'n-1', false, 'x').layer, 'node');
  assert.equal(pickPending(items, 'd-n', false, 'x').requestId, 'd-node');
  assert.throws(() => pickPending(items, 'd-', false, 'x'), /matches 2 requests/);
  assert.throws(() => pickPending(items, 'zzz', false, 'hearth nodes pending'), /hearth nodes pending/);
  assert.throws(() => pickPending([], undefined, true, 'x'), /nothing is waiting/);
  assert.throws(() => pickPending(items, 'n-1', true, 'x'), /not both/);
  assert.throws(() => pickPending(items, undefined, false, 'x'), /--latest/);
});

test('the approval message says what was admitted, in plain words', () => {
  const withCommands = collectPending({ pending: [{ ...dev('d-node', 'node', 100), commands: ['system.run', 'system.which'] }] },
    { pending: [{ ...surface('n-1', 200), commands: ['system.run', 'system.which'], newCommands: ['system.run'] }] }, true);
  const [n, d] = withCommands;
  assert.equal(decisionLine('approve', d!, { commands: ['system.run', 'system.which'] }),
    'Approved node dev-node (3F63-B179-FF79) (request d-node). It may run: system.run, system.which. It connects on its next retry; if it later asks for more commands, you are asked again.');
  // The gateway's answer wins over the list the CLI read (they are the same request).
  assert.match(decisionLine('approve', d!, { commands: ['system.which'] }), /It may run: system\.which\./);
  assert.equal(decisionLine('approve', n!), 'Approved new commands for research-node-1 (3F63-B179-FF79): system.run (request n-1). It can run them now.');
  // Everything it declares is new (its device was admitted automatically): a first approval, in those words.
  const first = collectPending(undefined, { pending: [surface('n-2', 300)] }, true)[0]!;
  assert.equal(first.newCommands, undefined);
  assert.equal(decisionLine('approve', first), 'Approved node research-node-1 (3F63-B179-FF79) (request n-2). It may run: system.run, from now on; if it later asks for more commands, you are asked again.');
  assert.equal(decisionLine('reject', n!),
    'Rejected the new commands of research-node-1 (3F63-B179-FF79): system.run (request n-1). They stay refused — the node is not asked again for the same commands — until you approve a later request (`hearth nodes approve`) or it pairs with a new setup code.');
  assert.equal(decisionLine('reject', d!),
    'Rejected node dev-node (3F63-B179-FF79) (request d-node). It stays out — loopback auto-approval does not admit it — until you approve a later request from it or it connects with a new setup code (`hearth qr`).');
  const op = collectPending(devices, undefined, false).find((i) => i.requestId === 'd-op')!;
  assert.equal(decisionLine('approve', op), 'Approved dev-operator (3F63-B179-FF79) as a paired operator (request d-op).');
  for (const line of [decisionLine('approve', d!), decisionLine('approve', n!), decisionLine('reject', n!)]) assert.doesNotMatch(line, /surface|silent|bootstrap/i);
});

test('pick by node name or fingerprint, as the node machine shows them', () => {
  const items = collectPending(devices, nodes, true);
  assert.equal(pickPending(items, 'research-node-1', false, 'x').requestId, 'n-1');
  assert.equal(pickPending(items, 'dev-node', false, 'x').requestId, 'd-node');
  assert.throws(() => pickPending(items, '3f63-b179-ff79', false, 'x'), /names 2 waiting requests \(n-1, d-node\); pass the request id/);
});

test('resolvePending calls the method of the layer the request lives in', async () => {
  const { resolvePending } = await import('../../src-main/cli/commands/nodes.ts');
  const calls: [string, unknown][] = [];
  // The connection's typed `request` (what the shared pending helpers call through).
  const request = async (method: string, params: unknown) => {
    calls.push([method, params]);
    if (method === 'device.pair.list') return devices;
    if (method === 'node.pair.list') return nodes;
    return { ok: true };
  };
  const conn = { request, call: request } as unknown as Parameters<typeof resolvePending>[0];
  assert.equal((await resolvePending(conn, 'approve', 'd-node', false, 'nodes')).item.layer, 'device');
  assert.deepEqual(calls.at(-1), ['device.pair.approve', { requestId: 'd-node' }]);
  assert.equal((await resolvePending(conn, 'reject', undefined, true, 'nodes')).item.requestId, 'n-1');
  assert.deepEqual(calls.at(-1), ['node.pair.reject', { requestId: 'n-1' }]);
  // The devices view: --latest among device requests of every role; a surface only by its id.
  assert.equal((await resolvePending(conn, 'approve', undefined, true, 'devices')).item.requestId, 'd-op');
  assert.equal((await resolvePending(conn, 'approve', 'n-1', false, 'devices')).item.layer, 'node');
  assert.deepEqual(calls.at(-1), ['node.pair.approve', { requestId: 'n-1' }]);
});
