// Credential choice, refusal explanations, the node-state file, and exec.finished display strings.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseAuth, explainRefusal, type RefusalContext } from '../../src-main/core/agent/credentials.ts';
import { formatArgv, summarizeOutput } from '../../src-main/core/agent/exec/format.ts';
import { NodeStateFile, gatewayKey } from '../../src-main/core/agent/node-state.ts';
import { deviceFamilyFor } from '../../src-main/core/agent/client-info.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-cred-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('shared secret wins and is sent alone; then device token; then bootstrap token', () => {
  const all = { token: 't', deviceToken: 'd', bootstrapToken: 'b' };
  assert.deepEqual(chooseAuth(all), { auth: { token: 't' }, source: 'shared-secret' });
  assert.deepEqual(chooseAuth({ password: 'p', deviceToken: 'd' }), { auth: { password: 'p' }, source: 'shared-secret' });
  assert.deepEqual(chooseAuth({ deviceToken: 'd', bootstrapToken: 'b' }), { auth: { deviceToken: 'd' }, source: 'device-token' });
  assert.deepEqual(chooseAuth({ bootstrapToken: 'b' }), { auth: { bootstrapToken: 'b' }, source: 'bootstrap-token' });
  assert.deepEqual(chooseAuth({}), { auth: {}, source: 'none' });
});

const ctx: RefusalContext = { source: 'device-token', fingerprint: '3F63-B179-FF79', gatewayUrl: 'ws://h:18789', hasOtherCredential: false };

test('PAIRING_REQUIRED (captured shape) → approve command with request id and fingerprint', () => {
  const info = explainRefusal({
    code: 'NOT_PAIRED', message: 'pairing required: device is not approved yet',
    details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId: '441c829e-c37f-4d0d-bfc0-7399d6cf6e91', requestedRole: 'node' },
  }, ctx);
  assert.equal(info.kind, 'pairing');
  assert.equal(info.requestId, '441c829e-c37f-4d0d-bfc0-7399d6cf6e91');
  assert.match(info.message, /hearth devices approve 441c829e-c37f-4d0d-bfc0-7399d6cf6e91/);
  assert.match(info.message, /3F63-B179-FF79/);
});

test('auth refusals name the fix', () => {
  const tokenMismatch = explainRefusal({ code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch', details: { code: 'AUTH_TOKEN_MISMATCH' } }, { ...ctx, source: 'shared-secret' });
  assert.equal(tokenMismatch.kind, 'auth');
  assert.match(tokenMismatch.message, /--token or HEARTH_GATEWAY_TOKEN/);
  const stale = explainRefusal({ code: 'INVALID_REQUEST', message: 'unauthorized: device token mismatch', details: { code: 'AUTH_DEVICE_TOKEN_MISMATCH' } }, ctx);
  assert.equal(stale.kind, 'stale-device-token');
  assert.match(stale.message, /rotated or revoked.*paired again/);
  const boot = explainRefusal({ code: 'INVALID_REQUEST', message: 'unauthorized: setup code invalid', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } }, ctx);
  assert.equal(boot.kind, 'setup-code');
  assert.match(boot.message, /new setup code/);
  const limited = explainRefusal({ code: 'INVALID_REQUEST', message: 'too many', details: { code: 'AUTH_RATE_LIMITED' }, retryAfterMs: 9000 }, ctx);
  assert.equal(limited.retryAfterMs, 9000);
  const proto = explainRefusal({ code: 'INVALID_REQUEST', message: 'protocol mismatch', details: { code: 'PROTOCOL_MISMATCH', expectedProtocol: 5 } }, ctx);
  assert.match(proto.message, /protocol 5/);
  const other = explainRefusal({ code: 'UNAVAILABLE', message: 'starting up' }, ctx);
  assert.deepEqual([other.kind, other.code], ['other', 'UNAVAILABLE']);
});

test('node state: per-gateway device token, 0600, atomic, survives reload, tolerates garbage', () => {
  const path = join(dir, 'node-state.json');
  const s = new NodeStateFile(path);
  assert.equal(s.deviceToken('ws://h:18789'), undefined);
  s.setDeviceToken('ws://H:18789/', 'tok-1', 'node', 123, 1000);
  const again = new NodeStateFile(path);
  assert.equal(again.deviceToken('ws://h:18789'), 'tok-1');
  assert.equal(again.instanceId, s.instanceId);
  assert.equal(again.deviceToken('ws://other:18789'), undefined);
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  again.clearDeviceToken('ws://h:18789');
  assert.equal(new NodeStateFile(path).deviceToken('ws://h:18789'), undefined);
  writeFileSync(path, '{not json');
  const fresh = new NodeStateFile(path);
  assert.match(fresh.loadProblem ?? '', /unreadable/);
  assert.doesNotThrow(() => JSON.parse(readFileSync(path, 'utf8')));
  assert.equal(gatewayKey('WS://Host:18789/'), 'ws://host:18789');
});

test('node state: a device token out of bounds is refused, the file left as it was; one already in the file is not sent', () => {
  const path = join(dir, 'node-state-bounds.json');
  const s = new NodeStateFile(path);
  const real = 'EeEzJlhHQQlTKZ2t0v2Xr7lvuzfa99v7oRecy5dboUw'; // what OpenClaw and Hearth issue: 43 base64url
  s.setDeviceToken('ws://h:18789', real, 'node', 1, 1);
  const before = readFileSync(path, 'utf8');
  assert.throws(() => s.setDeviceToken('ws://h:18789', 'x'.repeat(513), 'node', 2, 2), /^Error: it is 513 characters long, more than the 512 a device token may have$/);
  assert.throws(() => s.setDeviceToken('ws://h:18789', 'a b', 'node', 2, 2), /other than visible ASCII/);
  assert.throws(() => s.setDeviceToken('ws://h:18789', '', 'node', 2, 2), /empty/);
  assert.equal(readFileSync(path, 'utf8'), before);
  assert.equal(s.deviceToken('ws://h:18789'), real);
  // A file that got one some other way (an older Hearth saved anything): the token is not used.
  writeFileSync(path, JSON.stringify({ version: 1, instanceId: 'i', gateways: { 'ws://h:18789': { deviceToken: 'z'.repeat(100_000), role: 'node', savedAtMs: 1 } } }));
  assert.equal(new NodeStateFile(path).deviceToken('ws://h:18789'), undefined);
});

test('display strings match the real node host', () => {
  assert.equal(formatArgv(['true']), 'true');
  assert.equal(formatArgv(['sh', '-c', 'echo hello; echo oops >&2; exit 3']), 'sh -c "echo hello; echo oops >&2; exit 3"');
  assert.equal(formatArgv(['sh', '-c', 'echo $FOO']), 'sh -c "echo $FOO"');
  assert.equal(formatArgv(['echo', '']), 'echo ""');
  assert.equal(summarizeOutput('hello\n', 'oops\n'), 'hello\n\noops');
  assert.equal(summarizeOutput('\n', ''), '\n');
  assert.equal(summarizeOutput('raw\n', ''), 'raw');
  assert.equal(summarizeOutput('', ''), '');
  assert.equal(summarizeOutput('x'.repeat(10_000), '', 100).length, 100);
  assert.equal(deviceFamilyFor('Windows_NT'), 'Windows');
  assert.equal(deviceFamilyFor('Darwin'), 'Darwin');
});
