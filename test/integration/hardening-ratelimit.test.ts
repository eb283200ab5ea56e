// Class 8 of the hardening issue: failed sign-ins are counted per real client — behind a trusted
// local reverse proxy too — for every kind of secret (token, password, setup code, device
// token), forged forwarding headers from anyone else change nothing, and refusals are logged as
// summaries rather than one line per attempt. Real gateway processes, raw WebSocket clients.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { generateIdentity } from '../../src-main/core/identity/ed25519.ts';
import { freePort, spawnHearth, startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';
import { openRaw } from '../helpers/raw-ws.ts';

const gateways: GatewayProc[] = [];
after(async () => {
  for (const g of gateways) await g.stop();
});

async function gateway(extraArgs: string[] = []): Promise<GatewayProc> {
  const g = await startGatewayProcess({ extraArgs });
  gateways.push(g);
  return g;
}

type Auth = { token?: string; password?: string; deviceToken?: string; bootstrapToken?: string };
const identity = generateIdentity();

/** One connect attempt; resolves with the response's error (undefined when admitted). */
async function attempt(g: GatewayProc, auth: Auth, headers: Record<string, string> = {}): Promise<{ code?: string; detail?: string; message?: string }> {
  const peer = await openRaw(g.url, headers);
  const params: Record<string, unknown> = {
    minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'test', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.read'], auth,
  };
  // Device tokens and setup codes belong to a device; its proof is checked after the secret.
  if (auth.deviceToken !== undefined || auth.bootstrapToken !== undefined) {
    params['device'] = { id: identity.deviceId, publicKey: identity.publicKey, signature: 'x'.repeat(86), signedAt: Date.now(), nonce: peer.challenge.nonce };
  }
  peer.send({ type: 'req', id: 'c', method: 'connect', params });
  const res = (await peer.next()) as { ok: boolean; error?: { code: string; message: string; details?: { code?: string } } };
  peer.ws.close();
  if (res.ok) return {};
  return { code: res.error!.code, detail: res.error!.details?.code ?? '', message: res.error!.message };
}

const LIMITED = 'AUTH_RATE_LIMITED';

test('behind a trusted proxy, one guessing client is locked out and the others are not', async () => {
  const g = await gateway(['--trusted-proxies', '127.0.0.1']);
  const attacker = { 'X-Forwarded-For': '203.0.113.5' };
  for (let i = 0; i < 10; i++) assert.notEqual((await attempt(g, { token: `wrong-${i}` }, attacker)).detail, LIMITED);
  const locked = await attempt(g, { token: g.token }, attacker);
  assert.equal(locked.detail, LIMITED);
  assert.match(locked.message!, /203\.0\.113\.5/);
  // Another client behind the same proxy, and a chain whose right-most untrusted hop differs.
  assert.deepEqual(await attempt(g, { token: g.token }, { 'X-Forwarded-For': '198.51.100.7' }), {});
  assert.deepEqual(await attempt(g, { token: g.token }, { 'X-Forwarded-For': '203.0.113.5, 198.51.100.8' }), {});
  // The same attacker spoofing a left-most hop is still the attacker.
  assert.equal((await attempt(g, { token: g.token }, { 'X-Forwarded-For': '10.9.9.9, 203.0.113.5' })).detail, LIMITED);
  assert.equal((await attempt(g, { token: g.token }, { Forwarded: 'for=203.0.113.5' })).detail, LIMITED);
});

test('without a trusted proxy, forged X-Forwarded-For values are ignored and the refusal names the setting', async () => {
  const g = await gateway();
  for (let i = 0; i < 10; i++) await attempt(g, { token: `wrong-${i}` }, { 'X-Forwarded-For': `192.0.2.${i}` });
  const r = await attempt(g, { token: g.token }, { 'X-Forwarded-For': '192.0.2.200' });
  assert.equal(r.detail, LIMITED, 'rotating a forged header must not reset the count');
  assert.match(r.message!, /trustedProxies/);
});

test('every credential kind is counted against one budget: device tokens, setup codes, passwords', async () => {
  const g = await gateway(['--trusted-proxies', '127.0.0.1/8']);
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  for (let i = 0; i < 10; i++) assert.notEqual((await attempt(g, { deviceToken: `dt-${i}` }, from('203.0.113.20'))).detail, LIMITED);
  assert.equal((await attempt(g, { deviceToken: 'dt-x' }, from('203.0.113.20'))).detail, LIMITED);
  // Switching to setup codes or the shared token does not help that client.
  assert.equal((await attempt(g, { bootstrapToken: 'code-x' }, from('203.0.113.20'))).detail, LIMITED);
  assert.equal((await attempt(g, { token: g.token }, from('203.0.113.20'))).detail, LIMITED);

  for (let i = 0; i < 10; i++) assert.notEqual((await attempt(g, { bootstrapToken: `code-${i}` }, from('203.0.113.21'))).detail, LIMITED);
  assert.equal((await attempt(g, { bootstrapToken: 'code-x' }, from('203.0.113.21'))).detail, LIMITED);

  for (let i = 0; i < 5; i++) await attempt(g, { token: `t-${i}` }, from('2001:db8:1:2::1'));
  for (let i = 0; i < 5; i++) await attempt(g, { password: `p-${i}` }, from('2001:db8:1:2::99'));
  // An IPv6 client is counted by its /64: another address in it is the same client.
  assert.equal((await attempt(g, { token: g.token }, from('2001:db8:1:2::abcd'))).detail, LIMITED);
  assert.deepEqual(await attempt(g, { token: g.token }, from('2001:db8:1:3::1')), {});
});

test('a password gateway counts wrong passwords the same way', async () => {
  const port = await freePort();
  const p = spawnHearth(['gateway', '--port', String(port), '--password', 'correct horse battery', '--trusted-proxies', '127.0.0.1', '--state-dir', tempDir('hearth-pw-')]);
  await p.waitFor(/listening on ws:\/\//);
  const g: GatewayProc = { ...p, url: `ws://127.0.0.1:${port}`, port, stateDir: '', token: '' };
  gateways.push(g);
  for (let i = 0; i < 10; i++) await attempt(g, { password: `nope-${i}` }, { 'X-Forwarded-For': '203.0.113.30' });
  assert.equal((await attempt(g, { password: 'correct horse battery' }, { 'X-Forwarded-For': '203.0.113.30' })).detail, LIMITED);
  assert.deepEqual(await attempt(g, { password: 'correct horse battery' }, { 'X-Forwarded-For': '203.0.113.31' }), {});
});

test('refusals are logged as summaries, not one line per attempt', async () => {
  const g = await gateway(['--trusted-proxies', '127.0.0.1']);
  // A character offset, not a line count: output ending in a newline splits into a trailing
  // empty piece, and counting it skipped the first line logged afterwards (the test then missed
  // the AUTH_TOKEN_MISMATCH line about one run in three).
  const before = g.output().length;
  for (let i = 0; i < 150; i++) await attempt(g, { token: `w-${i}` }, { 'X-Forwarded-For': `203.0.113.${50 + (i % 5)}` });
  await new Promise((r) => setTimeout(r, 200));
  const lines = g.output().slice(before).split('\n').filter((l) => l.includes('refused'));
  assert.ok(lines.length >= 1 && lines.length <= 4, `expected a few summary lines for 150 refusals, got ${lines.length}:\n${lines.join('\n')}`);
  assert.match(lines.join('\n'), /AUTH_TOKEN_MISMATCH/);
});

test('a broken trusted-proxy entry stops the gateway from starting, naming the setting', async () => {
  await assert.rejects(startGatewayProcess({ extraArgs: ['--trusted-proxies', '127.0.0.1,proxy.local'] }), /trusted proxy "proxy\.local" is not an IP address or CIDR range.*trustedProxies/s);
});
