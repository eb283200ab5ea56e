// A paired but hostile node sends node.event payloads that do not match the contract
// (src-shared/protocol/contract/node-role.ts, NodeEventPayloads) to the real built gateway: each
// is answered ok:false with a reason naming the place, nothing of it is stored, the drop is
// logged once (not once per event), the gateway stays up, and the node's next good event works.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { GatewayConnection } from '../../src-shared/client/connection.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { cli, handDrivenNode, listNodes } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, waitUntil, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: GatewayConnection;
let nodeId = '';
const dir = tempDir('hearth-node-event-');

before(async () => {
  gw = await startGatewayProcess();
  ({ node, nodeId } = await handDrivenNode(gw, dir, 'hostile-events'));
});

after(async () => {
  node?.close(1000, 'done');
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (gw) rmSync(gw.stateDir, { recursive: true, force: true });
});

const GOOD_STATS = { cpuCount: 4, loadAverage: [0.5, 0.25, 0.125], memoryTotalBytes: 8192, memoryFreeBytes: 4096, diskTotalBytes: 100, diskAvailableBytes: 40 };
const GOOD_CARD = { name: 'eth0', mac: 'AA:BB:CC:DD:EE:01', address: '192.168.1.20', netmask: '255.255.255.0' };

function send(event: string, payload: unknown) {
  return node.call('node.event', { event, payloadJSON: JSON.stringify(payload) });
}

function me() {
  const n = listNodes(gw).find((x) => x.nodeId === nodeId) as unknown as { hostStats?: Record<string, unknown>; interfaces?: unknown[] } | undefined;
  assert.ok(n, 'the node is listed');
  return n;
}

function dropLines(): Record<string, unknown>[] {
  const text = readFileSync(join(gw.stateDir, 'logs', 'gateway.log'), 'utf8');
  return text.split('\n').filter((l) => l.includes('node event dropped')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('well-formed host stats and interfaces are stored; the real node host\'s exec.finished is acknowledged', async () => {
  assert.deepEqual(await send('node.host.stats', GOOD_STATS), { ok: true, event: 'node.host.stats', handled: true, reason: 'updated' });
  assert.deepEqual(await send('hearth.node.interfaces', { interfaces: [GOOD_CARD], nodeTimeMs: Date.now() }), { ok: true, event: 'hearth.node.interfaces', handled: true, reason: 'updated' });
  // As the real node host sent it (SPEC §8.4), extra fields and all.
  const finished = { sessionKey: 'node', runId: '9d94e541-c659-46ec-bf84-7f24c0235fce', host: 'node', command: 'sh -c "echo hello; exit 3"', exitCode: 3, timedOut: false, success: false, output: 'hello', suppressNotifyOnExit: false };
  assert.deepEqual(await send('exec.finished', finished), { ok: true });
  assert.deepEqual(await send('node.presence.alive', { trigger: 'manual' }), { ok: true, event: 'node.presence.alive', handled: false });
  // The other exec events and presence reports, in the shapes OpenClaw's node hosts send them.
  const run = { sessionKey: 'node', runId: 'f762cb57-8d15-4a0b-bad2-921663a4eb6f', host: 'node', command: 'rm -rf /tmp/x', suppressNotifyOnExit: false };
  assert.deepEqual(await send('exec.started', run), { ok: true });
  assert.deepEqual(await send('exec.denied', { ...run, reason: 'allowlist-miss' }), { ok: true });
  assert.deepEqual(await send('exec.denied', {}), { ok: true }, 'every field may be left out');
  const alive = { trigger: 'silent_push', sentAtMs: 1796197209997, displayName: 'Phone', version: '2026.9.6', platform: 'ios', deviceFamily: 'iPhone', modelIdentifier: 'iPhone17,1', pushTransport: 'relay' };
  assert.deepEqual(await send('node.presence.alive', alive), { ok: true, event: 'node.presence.alive', handled: false });
  assert.deepEqual(await send('node.presence.alive', { trigger: 'some-future-reason' }), { ok: true, event: 'node.presence.alive', handled: false });
  assert.deepEqual(await send('node.presence.activity', { idleSeconds: 42, source: 'app', saturated: false }), { ok: true, event: 'node.presence.activity', handled: false });
  assert.deepEqual(await send('node.presence.activity', { action: 'clear' }), { ok: true, event: 'node.presence.activity', handled: false });
  const n = me();
  assert.deepEqual({ ...n.hostStats, updatedAtMs: 0 }, { ...GOOD_STATS, updatedAtMs: 0 });
  assert.deepEqual(n.interfaces, [{ ...GOOD_CARD, mac: 'aa:bb:cc:dd:ee:01' }]);
});

test('payloads out of contract are refused naming the place, and nothing of them is stored', async () => {
  const cards = (over: Record<string, unknown>) => ({ interfaces: [{ ...GOOD_CARD, ...over }] });
  const hostile: [string, unknown, RegExp][] = [
    ['node.host.stats', { ...GOOD_STATS, cpuCount: '4' }, /^invalid node\.host\.stats payload: at \/cpuCount: must be number$/],
    ['node.host.stats', { ...GOOD_STATS, memoryFreeBytes: -1 }, /^invalid node\.host\.stats payload: at \/memoryFreeBytes: must be >= 0$/],
    ['node.host.stats', { ...GOOD_STATS, loadAverage: [1, 'high', 3] }, /at \/loadAverage\/1: must be number$/],
    ['node.host.stats', { cpuCount: 1, loadAverage: [], memoryTotalBytes: 1, memoryFreeBytes: 1 }, /at root: must have required property 'diskTotalBytes'$/],
    ['node.host.stats', [GOOD_STATS], /at root: must be object$/],
    ['node.host.stats', null, /at root: must be object$/],
    ['hearth.node.interfaces', cards({ mac: 'not-a-mac' }), /^invalid hearth\.node\.interfaces payload: at \/interfaces\/0\/mac: must match pattern/],
    ['hearth.node.interfaces', cards({ address: '300.1.1.1' }), /at \/interfaces\/0\/address: must match pattern/],
    ['hearth.node.interfaces', cards({ name: 'x'.repeat(65) }), /at \/interfaces\/0\/name: must NOT have more than 64 characters/],
    ['hearth.node.interfaces', { interfaces: Array.from({ length: 17 }, () => GOOD_CARD) }, /at \/interfaces: must NOT have more than 16 items/],
    ['hearth.node.interfaces', { interfaces: 'eth0' }, /at \/interfaces: must be array/],
    ['hearth.node.interfaces', { interfaces: [GOOD_CARD], nodeTimeMs: 'now' }, /at \/nodeTimeMs: must be number/],
    ['exec.finished', { runId: 'r', exitCode: '3' }, /^invalid exec\.finished payload: at \/exitCode: must be integer/],
    // These were acknowledged whatever they held.
    ['exec.started', { runId: 7 }, /^invalid exec\.started payload: at \/runId: must be string$/],
    ['exec.started', 'started', /^invalid exec\.started payload: at root: must be object$/],
    ['exec.denied', { runId: 'r', reason: { code: 1 } }, /^invalid exec\.denied payload: at \/reason: must be string$/],
    ['exec.denied', { suppressNotifyOnExit: 'yes' }, /at \/suppressNotifyOnExit: must be boolean$/],
    ['node.presence.alive', { trigger: 5 }, /^invalid node\.presence\.alive payload: at \/trigger: must be string$/],
    ['node.presence.alive', { trigger: 'x'.repeat(65) }, /at \/trigger: must NOT have more than 64 characters$/],
    ['node.presence.alive', { trigger: 'manual', sentAtMs: -1 }, /at \/sentAtMs: must be >= 0$/],
    ['node.presence.alive', null, /at root: must be object$/],
    ['node.presence.activity', { idleSeconds: -1 }, /^invalid node\.presence\.activity payload: at \/idleSeconds: must be >= 0$/],
    ['node.presence.activity', { idleSeconds: 60 * 86_400 }, /at \/idleSeconds: must be <= 2592000$/],
    ['node.presence.activity', { action: 'wipe' }, /^invalid node\.presence\.activity payload: at \/action: must be "clear"$/],
  ];
  for (const [event, payload, reason] of hostile) {
    const r = await send(event, payload);
    assert.equal(r.ok, false, `${event} ${JSON.stringify(payload).slice(0, 80)}`);
    assert.equal(r.event, event);
    assert.equal(r.handled, false);
    assert.match(r.reason ?? '', reason);
  }
  // Broken JSON and a payload nesting too deep are refused before the contract is consulted.
  const broken = await node.call('node.event', { event: 'node.host.stats', payloadJSON: '{"cpuCount":' });
  assert.deepEqual(broken, { ok: false, event: 'node.host.stats', handled: false, reason: 'invalid payload: its payloadJSON is not valid JSON' });
  const deep = await node.call('node.event', { event: 'node.host.stats', payloadJSON: `${'['.repeat(5000)}${']'.repeat(5000)}` });
  assert.match(deep.reason ?? '', /nests deeper than 64 levels/);
  // Malformed params (not just payloads) get a request error from the params contract.
  await assert.rejects(
    node.callRaw('node.event', { event: 'node.host.stats', payloadJSON: 42 }),
    (e: unknown) => e instanceof ProtocolError && /invalid node\.event params: at \/payloadJSON: must be string/.test(e.message),
  );

  const n = me();
  assert.deepEqual({ ...n.hostStats, updatedAtMs: 0 }, { ...GOOD_STATS, updatedAtMs: 0 }, 'the stored stats are the last good ones');
  assert.deepEqual(n.interfaces, [{ ...GOOD_CARD, mac: 'aa:bb:cc:dd:ee:01' }], 'the stored interfaces are the last good ones');
});

test('a flood of bad events is answered one by one but logged once per node per minute, and the gateway stays up', async () => {
  // The earlier test's first refusal opened this node's one-minute window (the log is written asynchronously).
  await waitUntil(() => dropLines().length >= 1, 10_000, 'the first drop line');
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => send('node.host.stats', { ...GOOD_STATS, cpuCount: `n${i}` })));
  assert.ok(answers.every((a) => a.ok === false && /at \/cpuCount: must be number/.test(a.reason ?? '')));
  await new Promise((r) => setTimeout(r, 500));
  const lines = dropLines();
  assert.equal(lines.length, 1, `one drop line in the minute, not one per event (saw ${lines.length})`);
  assert.equal(lines[0]!['nodeId'], nodeId);
  assert.equal(lines[0]!['event'], 'node.host.stats');
  assert.match(String(lines[0]!['problem']), /^invalid node\.host\.stats payload: at \/cpuCount: must be number$/);
  // Still answering operators and the node alike.
  const health = cli(gw, ['health', '--json']);
  assert.equal(health.code, 0, health.stderr);
  assert.deepEqual(await send('node.host.stats', { ...GOOD_STATS, cpuCount: 8 }), { ok: true, event: 'node.host.stats', handled: true, reason: 'updated' });
  assert.equal(me().hostStats?.['cpuCount'], 8);
  assert.equal(gw.child.exitCode, null, 'the gateway is still running');
});
