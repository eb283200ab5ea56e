// Every probe of transcripts/07-handshake-error-probes.jsonl, replayed against the built `hearth gateway`.
// Device probes are re-signed with a fresh key against this gateway's nonce, keeping each probe's defect;
// the expected error code, details.code/reason and close code are read from the captured transcript.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildV3Payload } from '../../src-shared/protocol/device-auth.ts';
import { generateIdentity, signPayload } from '../../src-main/core/identity/ed25519.ts';
import { ROOT, startGatewayProcess, type GatewayProc } from '../helpers/processes.ts';
import { openRaw } from '../helpers/raw-ws.ts';

interface Rec { conn: number; dir: string; kind: string; frame?: Record<string, unknown>; raw?: string; code?: number; reason?: string; t: number }
const records = readFileSync(join(ROOT, 'test/fixtures/transcripts/07-handshake-error-probes.jsonl'), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l) as Rec);

function captured(conn: number) {
  const rs = records.filter((r) => r.conn === conn);
  const sent = rs.find((r) => r.dir === 'c2s' && r.kind === 'text');
  const res = rs.find((r) => r.dir === 's2c' && r.kind === 'text' && r.frame?.['type'] === 'res')?.frame;
  const close = rs.find((r) => r.dir === 's2c' && r.kind === 'close')!;
  return { sent, res: res as { error: { code: string; message: string; details?: Record<string, unknown> } } | undefined, close };
}

let gw: GatewayProc;
const TOKEN = 'tok-research-0123456789abcdef';

before(async () => {
  // The captures were made with loopback auto-approval off, so an unknown device gets PAIRING_REQUIRED.
  gw = await startGatewayProcess({ token: TOKEN, config: { gateway: { autoApproveLocal: false } } });
});
after(async () => {
  await gw?.stop();
});

const identity = generateIdentity();

/** Builds the connect params of a node probe with a proof made for this socket's nonce. */
function nodeConnect(nonce: string, opts: { signedAt?: number; nonceInProof?: string; badSig?: boolean; wrongId?: boolean; platform?: string; signPlatformRaw?: boolean; dropNonce?: boolean } = {}) {
  const signedAt = opts.signedAt ?? Date.now();
  const client: Record<string, string> = { id: 'node-host', version: '0.0.1', platform: opts.platform ?? 'linux', mode: 'node' };
  if (opts.platform) client['deviceFamily'] = opts.platform;
  const proofNonce = opts.nonceInProof ?? nonce;
  const fields = {
    deviceId: identity.deviceId, clientId: 'node-host', clientMode: 'node', role: 'node', scopes: [], signedAtMs: signedAt,
    token: TOKEN, nonce: proofNonce, platform: client['platform'], deviceFamily: client['deviceFamily'],
  };
  let payload = buildV3Payload(fields);
  // A client that forgets to lowercase the platform signs "Linux" where the verifier expects "linux".
  if (opts.signPlatformRaw) payload = payload.replace(/\|linux\|linux$/, '|Linux|Linux');
  let signature = signPayload(identity.privateKeyPem, payload);
  if (opts.badSig) signature = signPayload(generateIdentity().privateKeyPem, payload);
  const device: Record<string, unknown> = {
    id: opts.wrongId ? 'f'.repeat(64) : identity.deviceId, publicKey: identity.publicKey, signature, signedAt, nonce: proofNonce,
  };
  if (opts.dropNonce) delete device['nonce'];
  return {
    minProtocol: 4, maxProtocol: 4, client, role: 'node', scopes: [], caps: ['system'], commands: ['system.run'], auth: { token: TOKEN }, device,
  };
}

async function probe(conn: number, build: (nonce: string) => unknown, compareMessage = true) {
  const want = captured(conn);
  const peer = await openRaw(gw.url);
  const frame = build(peer.challenge.nonce);
  peer.send(frame);
  if (want.res) {
    const got = (await peer.next()) as { type: string; ok: boolean; error: { code: string; message: string; details?: Record<string, unknown> } };
    assert.equal(got.type, 'res');
    assert.equal(got.ok, false);
    assert.equal(got.error.code, want.res.error.code, `conn ${conn}: error.code`);
    if (compareMessage) assert.equal(got.error.message, want.res.error.message, `conn ${conn}: message`);
    const wd = want.res.error.details;
    if (wd) {
      assert.equal(got.error.details?.['code'], wd['code'], `conn ${conn}: details.code`);
      for (const k of ['reason', 'authReason', 'canRetryWithDeviceToken', 'recommendedNextStep', 'requestedRole', 'clientMinProtocol', 'clientMaxProtocol', 'expectedProtocol', 'minimumProbeProtocol']) {
        if (k in wd) assert.deepEqual(got.error.details?.[k], wd[k], `conn ${conn}: details.${k}`);
      }
      for (const k of ['requestId', 'remediationHint', 'deviceId']) if (k in wd) assert.ok(got.error.details?.[k], `conn ${conn}: details.${k} present`);
    } else {
      assert.equal(got.error.details, undefined);
    }
  }
  const closed = await peer.closed;
  assert.equal(closed.code, want.close.code, `conn ${conn}: close code`);
  return { closed, reason: closed.reason };
}

const cli = (over: Record<string, unknown> = {}) => ({
  type: 'req', id: 'c1', method: 'connect',
  params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '0.0.1', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.read'], caps: [], auth: { token: TOKEN }, ...over },
});
const req = (params: unknown) => ({ type: 'req', id: 'c1', method: 'connect', params });

test('conn 1: a first request other than connect', async () => {
  const r = await probe(1, () => captured(1).sent!.frame);
  assert.equal(r.reason, 'invalid handshake: first request must be connect');
});
test('conn 2: a non-JSON first frame closes 1000 without a response', async () => {
  const r = await probe(2, () => '{not json');
  assert.equal(r.reason, '');
});
test('conn 3: protocol 2..2 is a mismatch (1002)', async () => {
  const r = await probe(3, () => cli({ minProtocol: 2, maxProtocol: 2 }));
  assert.equal(r.reason, 'protocol mismatch');
});
test('conn 4: an operator offering only protocol 3 is a mismatch', async () => {
  await probe(4, () => cli({ minProtocol: 3, maxProtocol: 3 }));
});
test('conn 5: a wrong shared token', async () => {
  const r = await probe(5, () => cli({ auth: { token: 'wrong' } }), false);
  assert.match(r.reason, /^unauthorized: gateway token mismatch/);
});
test('conn 6: an operator with neither credentials nor device', async () => {
  await probe(6, () => cli({ auth: undefined }));
});
test('conn 7: an unknown role', async () => {
  await probe(7, () => cli({ role: 'superuser' }));
});
test('conn 8: an unknown client id fails schema validation', async () => {
  const r = await probe(8, () => cli({ client: { id: 'my-client', version: '1', platform: 'linux', mode: 'cli' } }));
  assert.equal(r.reason, 'invalid connect params: at /client/id: must be equal to one of the allowed values');
});
test('conn 9: a node without device identity, even with a valid token', async () => {
  await probe(9, (n) => {
    const p = nodeConnect(n) as Record<string, unknown>;
    delete p['device'];
    return req(p);
  });
});
test('conn 10: a signature signed 10 minutes ago is expired', async () => {
  await probe(10, (n) => req(nodeConnect(n, { signedAt: Date.now() - 10 * 60_000 })));
});
let firstRequestId = '';
test('conn 11: a valid unknown device needs pairing, close reason names the request', async () => {
  const r = await probe(11, (n) => req(nodeConnect(n)));
  const m = /^pairing required: device is not approved yet \(requestId: ([0-9a-f-]{36})\)$/.exec(r.reason);
  assert.ok(m, r.reason);
  firstRequestId = m[1]!;
});
test('conn 12: a proof for another nonce', async () => {
  await probe(12, (n) => req(nodeConnect(n, { nonceInProof: '00000000-0000-4000-8000-000000000000' })));
});
test('conn 13: a device proof without nonce fails schema validation', async () => {
  await probe(13, (n) => req(nodeConnect(n, { dropNonce: true })));
});
test('conn 14: a signature by another key', async () => {
  await probe(14, (n) => req(nodeConnect(n, { badSig: true })));
});
test('conn 15: a device id that is not the hash of the key', async () => {
  await probe(15, (n) => req(nodeConnect(n, { wrongId: true })));
});
test('conn 16: retrying the same device reuses its pairing request', async () => {
  const r = await probe(16, (n) => req(nodeConnect(n)));
  assert.ok(firstRequestId);
  assert.ok(r.reason.includes(firstRequestId), 'same requestId on retry');
});
test('conn 17: a platform signed without lowercasing is an invalid signature', async () => {
  await probe(17, (n) => req(nodeConnect(n, { platform: 'Linux', signPlatformRaw: true })));
});
test('conn 18: a socket that never sends connect is closed 1000 after 15 s', async () => {
  const want = captured(18);
  const peer = await openRaw(gw.url);
  const opened = Date.now();
  const closed = await peer.closed;
  assert.equal(closed.code, want.close.code);
  assert.equal(closed.reason, '');
  const elapsed = closed.atMs - opened;
  assert.ok(elapsed >= 14_500 && elapsed < 17_000, `closed after ${elapsed} ms`);
});
test('conn 19: a pre-auth frame over 64 KiB closes 1009 without a response', async () => {
  const want = captured(19);
  const peer = await openRaw(gw.url);
  peer.send(cli({ userAgent: 'x'.repeat(71_700) }));
  const closed = await peer.closed;
  assert.equal(closed.code, want.close.code);
  assert.equal(closed.code, 1009);
});

test('a browser Origin other than the gateway itself is refused with CONTROL_UI_ORIGIN_NOT_ALLOWED', async () => {
  const peer = await openRaw(gw.url, { Origin: 'http://evil.example' });
  peer.send(cli());
  const res = (await peer.next()) as { ok: boolean; error: { code: string; message: string; details: { code: string } } };
  assert.equal(res.ok, false);
  assert.equal(res.error.code, 'INVALID_REQUEST');
  assert.equal(res.error.details.code, 'CONTROL_UI_ORIGIN_NOT_ALLOWED');
  assert.match(res.error.message, /allowedOrigins/);
  assert.equal((await peer.closed).code, 1008);
  // The page the gateway served itself (same host:port) is welcome.
  const same = await openRaw(gw.url, { Origin: `http://127.0.0.1:${gw.port}` });
  same.send(cli());
  const ok = (await same.next()) as { ok: boolean };
  assert.equal(ok.ok, true);
  same.ws.close();
});
