// `<node>` resolution: id, unique id prefix or fingerprint, display name, IP; errors list candidates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { CliError } from '../../src-main/cli/cli-error.ts';
import { resolveNode } from '../../src-shared/client/resolve-node.ts';

function node(nodeId: string, displayName: string | undefined, remoteIp?: string, connected = true): NodeEntry {
  const n: NodeEntry = { nodeId, caps: [], commands: [], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected };
  if (displayName !== undefined) n.displayName = displayName;
  if (remoteIp !== undefined) n.remoteIp = remoteIp;
  return n;
}
const A = 'ab12'.padEnd(64, '0');
const B = 'ab34'.padEnd(64, '1');
const C = 'cd56'.padEnd(64, '2');
const nodes = [node(A, 'laptop', '192.168.1.20'), node(B, 'mac-pro', '192.168.1.30', false), node(C, '笔记本', '10.0.0.5')];

test('exact id, display name (also CJK and case-insensitive) and IP', () => {
  assert.equal(resolveNode(A, nodes).nodeId, A);
  assert.equal(resolveNode('mac-pro', nodes).nodeId, B);
  assert.equal(resolveNode('MAC-PRO', nodes).nodeId, B);
  assert.equal(resolveNode('笔记本', nodes).nodeId, C);
  assert.equal(resolveNode('192.168.1.20', nodes).nodeId, A);
});

test('unique id prefix and fingerprint form', () => {
  assert.equal(resolveNode('cd', nodes).nodeId, C);
  assert.equal(resolveNode('AB34', nodes).nodeId, B);
  assert.equal(resolveNode('AB12-0000', nodes).nodeId, A);
});

test('a unique display-name prefix is the last resort', () => {
  assert.equal(resolveNode('lap', nodes).nodeId, A);
  assert.equal(resolveNode('Mac', nodes).nodeId, B);
});

test('an ambiguous prefix lists the candidates', () => {
  assert.throws(() => resolveNode('ab', nodes), (e: Error) => e instanceof CliError && /matches 2 nodes/.test(e.message) && /laptop/.test(e.message) && /mac-pro/.test(e.message) && !e.message.includes('\n'));
});

test('duplicate names are ambiguous, but an exact name beats an id prefix', () => {
  const dup = [node(A, 'box'), node(B, 'box')];
  assert.throws(() => resolveNode('box', dup), /matches 2 nodes/);
  // A machine paired again: its old entry lingers offline under the same name and IP.
  const repaired = [node(A, 'box', '10.0.0.9', false), node(B, 'box', '10.0.0.9', true)];
  assert.equal(resolveNode('box', repaired).nodeId, B);
  assert.equal(resolveNode('BOX', repaired).nodeId, B);
  assert.equal(resolveNode('10.0.0.9', repaired).nodeId, B);
  assert.throws(() => resolveNode('bo', repaired), /matches 2 nodes/, 'a prefix stays ambiguous');
  assert.throws(() => resolveNode('box', [node(A, 'box', undefined, false), node(B, 'box', undefined, false)]), /matches 2 nodes/);
  const tricky = [node(A, 'cd'), node(C, 'other')];
  assert.equal(resolveNode('cd', tricky).nodeId, A);
});

test('unknown names list known nodes; an empty gateway says how to pair', () => {
  assert.throws(() => resolveNode('nas', nodes), (e: Error) => /no node "nas"/.test(e.message) && /laptop \(AB12-0000-0000, 192\.168\.1\.20, online\)/.test(e.message) && /offline/.test(e.message));
  assert.throws(() => resolveNode('nas', []), /hearth qr --node/);
  assert.throws(() => resolveNode('  ', nodes), CliError);
});
