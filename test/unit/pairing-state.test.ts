// The device pairing state machine, token hashing and surface rules, against a real (in-memory) SQLite store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Broadcaster } from '../../src-main/core/gateway/broadcaster.ts';
import { DevicePairing, type DeviceClaim } from '../../src-main/core/pairing/device-pairing.ts';
import { requiredApproveScopes, storableCommands, effectiveCommands, formatArgv } from '../../src-main/core/gateway/nodes/surface-rules.ts';
import { hashToken, newToken, secretsEqual } from '../../src-main/core/gateway/secrets.ts';
import { createStore } from '../../src-main/core/store/index.ts';
import { hasScope } from '../../src-main/core/gateway/session.ts';

function setup() {
  let now = 1_000_000;
  const store = createStore(':memory:');
  const events = new Broadcaster();
  const sent: { event: string; payload: unknown }[] = [];
  events.broadcast = (event: string, payload: unknown) => { sent.push({ event, payload }); };
  const pairing = new DevicePairing(store, events, () => now);
  return { store, pairing, sent, advance: (ms: number) => { now += ms; }, now: () => now };
}

const claim = (over: Partial<DeviceClaim> = {}): DeviceClaim => ({
  deviceId: 'd1', publicKey: 'pk1', role: 'node', scopes: [], clientId: 'node-host', clientMode: 'node', remoteIp: '10.0.0.5', isLocal: false, ...over,
});

test('unknown device gets one pending request, reused on reconnect', () => {
  const { pairing, sent } = setup();
  const a = pairing.evaluate(claim(), undefined);
  const b = pairing.evaluate(claim(), undefined);
  assert.equal(a.kind, 'pending');
  assert.equal(b.kind, 'pending');
  assert.equal(a.kind === 'pending' && b.kind === 'pending' && a.request.requestId === b.request.requestId, true);
  assert.equal(sent.filter((e) => e.event === 'device.pair.requested').length, 1);
});

test('changed scopes supersede the pending request', () => {
  const { pairing, sent } = setup();
  const a = pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read'] }), undefined);
  const b = pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read', 'operator.write'] }), undefined);
  assert.ok(a.kind === 'pending' && b.kind === 'pending' && a.request.requestId !== b.request.requestId);
  assert.deepEqual(sent.map((e) => e.event), ['device.pair.requested', 'device.pair.resolved', 'device.pair.requested']);
  assert.equal((sent[1]!.payload as { decision: string }).decision, 'superseded');
});

test('requests expire 5 minutes after the last retry', () => {
  const { pairing, store, advance, now, sent } = setup();
  pairing.evaluate(claim(), undefined);
  advance(4 * 60_000);
  pairing.evaluate(claim(), undefined); // retry extends the window
  advance(4 * 60_000);
  pairing.expire();
  assert.equal(store.requests.device.list(now()).length, 1);
  advance(61_000);
  pairing.expire();
  assert.equal(store.requests.device.list(now()).length, 0);
  assert.equal((sent.at(-1)!.payload as { decision: string }).decision, 'expired');
});

test('approval admits the device, issues a hashed token, and rejects a wrong one', () => {
  const { pairing, store } = setup();
  const p = pairing.evaluate(claim(), undefined);
  assert.ok(p.kind === 'pending');
  const device = pairing.approve(p.request.requestId, undefined);
  assert.equal(device?.device.approvedVia, 'owner');
  assert.equal(pairing.evaluate(claim(), undefined).kind, 'admitted');
  const hello = pairing.tokenForHello('d1', 'node', []);
  const row = store.devices.token('d1', 'node')!;
  assert.equal(row.tokenHash, hashToken(hello.token));
  assert.notEqual(row.tokenHash, hello.token);
  assert.deepEqual(pairing.checkDeviceToken('d1', 'node', hello.token), { ok: true, scopes: [] });
  assert.deepEqual(pairing.checkDeviceToken('d1', 'node', 'wrong'), { ok: false });
  // A reconnect presenting its token gets the same token back.
  assert.equal(pairing.tokenForHello('d1', 'node', [], hello.token).token, hello.token);
});

test('rotation invalidates the old token; revocation blocks it', () => {
  const { pairing } = setup();
  pairing.evaluate(claim(), 'silent');
  const t1 = pairing.tokenForHello('d1', 'node', []).token;
  pairing.rotate('d1', 'node', undefined, ['operator.admin']);
  assert.deepEqual(pairing.checkDeviceToken('d1', 'node', t1), { ok: false });
  const t2 = pairing.tokenForHello('d1', 'node', []).token;
  assert.notEqual(t2, t1);
  assert.equal(pairing.checkDeviceToken('d1', 'node', t2).ok, true);
  pairing.revoke('d1', 'node');
  assert.equal(pairing.checkDeviceToken('d1', 'node', t2).ok, false);
});

test('role and scope upgrades open requests; auto-approval grants them', () => {
  const { pairing } = setup();
  pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read'] }), 'silent');
  const up = pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read', 'operator.admin'] }), undefined);
  assert.ok(up.kind === 'pending' && up.reason === 'scope-upgrade');
  const role = pairing.evaluate(claim({ role: 'node' }), undefined);
  assert.ok(role.kind === 'pending' && role.reason === 'role-upgrade');
  const ok = pairing.evaluate(claim({ role: 'node' }), 'silent');
  assert.equal(ok.kind, 'admitted');
});

test('an operator approver cannot grant scopes beyond its own', () => {
  const { pairing } = setup();
  const p = pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read', 'operator.admin'] }), undefined);
  assert.ok(p.kind === 'pending');
  const d = pairing.approve(p.request.requestId, ['operator.pairing', 'operator.read']);
  assert.deepEqual(d?.device.scopes, ['operator.read']);
});

test('rotation is capped to the caller\'s scopes and the device\'s approval', () => {
  const { pairing } = setup();
  pairing.evaluate(claim({ role: 'operator', scopes: ['operator.read', 'operator.pairing'] }), 'silent');
  const r = pairing.rotate('d1', 'operator', ['operator.admin', 'operator.read', 'operator.pairing', 'operator.bogus'], ['operator.pairing']);
  assert.deepEqual(r?.scopes, ['operator.pairing']);
  assert.deepEqual(r?.dropped, ['operator.admin', 'operator.read']);
  // Even an admin caller cannot put scopes on a token the device was never approved for.
  const a = pairing.rotate('d1', 'operator', ['operator.admin', 'operator.read'], ['operator.admin']);
  assert.deepEqual(a?.scopes, ['operator.read']);
});

test('removed, rejected and rotated devices are not auto-approved until approved or a fresh setup code', () => {
  const { pairing } = setup();
  pairing.evaluate(claim(), 'silent');
  pairing.remove('d1');
  const again = pairing.evaluate(claim(), 'silent');
  assert.ok(again.kind === 'pending' && again.reason === 'removed');
  // A setup code the device already redeemed does not lift it; a new one does.
  assert.equal(pairing.evaluate(claim(), 'bootstrap', { sharedSecret: false, freshSetupCode: false }).kind, 'pending');
  assert.equal(pairing.evaluate(claim(), 'bootstrap', { sharedSecret: false, freshSetupCode: true }).kind, 'admitted');
  assert.equal(pairing.evaluate(claim(), 'silent').kind, 'admitted');

  pairing.rotate('d1', 'node', undefined, ['operator.admin']);
  const rotated = pairing.evaluate(claim(), 'silent');
  assert.ok(rotated.kind === 'pending' && rotated.reason === 'token-rotated');
  pairing.approve(rotated.request.requestId, undefined);
  assert.equal(pairing.evaluate(claim(), 'silent').kind, 'admitted');

  pairing.rotate('d1', 'node', undefined, ['operator.admin']);
  assert.equal(pairing.evaluate(claim(), 'silent', { sharedSecret: true, freshSetupCode: false }).kind, 'admitted');

  const other = pairing.evaluate(claim({ deviceId: 'd2', publicKey: 'pk2' }), undefined);
  assert.ok(other.kind === 'pending');
  pairing.reject(other.request.requestId);
  const back = pairing.evaluate(claim({ deviceId: 'd2', publicKey: 'pk2' }), 'silent');
  assert.ok(back.kind === 'pending' && back.reason === 'rejected');
});

test('secrets compare in constant time and tokens are 43-char base64url', () => {
  assert.equal(secretsEqual('abc', 'abc'), true);
  assert.equal(secretsEqual('abc', 'abd'), false);
  assert.match(newToken(), /^[A-Za-z0-9_-]{43}$/);
});

test('surface rules: withheld commands, approver scopes, effective commands', () => {
  assert.deepEqual(storableCommands(['system.run', 'file.write', 'dir.list', 'workspace.memory', 'ollama.chat']), ['ollama.chat', 'system.run']);
  assert.deepEqual(requiredApproveScopes(['system.run']), ['operator.pairing', 'operator.admin']);
  assert.deepEqual(requiredApproveScopes(['ollama.chat']), ['operator.pairing', 'operator.write']);
  assert.deepEqual(requiredApproveScopes([]), ['operator.pairing']);
  assert.deepEqual(effectiveCommands(['system.run', 'x'], ['system.run']), ['system.run']);
  assert.deepEqual(effectiveCommands(['system.run'], undefined), []);
  assert.equal(formatArgv(['sh', '-c', 'echo hi; exit 3']), 'sh -c "echo hi; exit 3"');
});

test('scope satisfaction: admin covers all, write covers read', () => {
  assert.equal(hasScope(['operator.admin'], 'operator.pairing'), true);
  assert.equal(hasScope(['operator.write'], 'operator.read'), true);
  assert.equal(hasScope(['operator.pairing'], 'operator.read'), false);
});
