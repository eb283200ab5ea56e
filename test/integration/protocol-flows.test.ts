// Protocol behaviours of SPEC §1, §6, §10 and §14 against the built gateway, through the same
// client library the CLI and UI use: legacy v3 nodes, probes, device tokens (reuse, scope
// mismatch, rotation, revocation), operator-device upgrades, setup codes, method errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateIdentity, type DeviceIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection, type ConnectOptions } from '../../src-shared/client/connection.ts';
import { ConnectRejectedError } from '../../src-shared/client/errors.ts';
import type { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { startGatewayProcess, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let admin: GatewayConnection;

before(async () => {
  gw = await startGatewayProcess({ config: { gateway: { autoApproveLocal: false } } });
  admin = await GatewayConnection.open(base({ role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token } }));
});
after(async () => {
  admin?.close();
  await gw?.stop();
});

function base(over: Partial<ConnectOptions>): ConnectOptions {
  return {
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator',
    client: { id: 'cli', mode: 'cli', platform: 'linux', version: 'test' }, ...over,
  };
}

function node(id: DeviceIdentity, over: Partial<ConnectOptions> = {}): ConnectOptions {
  return base({
    role: 'node', device: signerFor(id), caps: ['system'], commands: ['system.run'], auth: { token: gw.token },
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName: 'flow-node', deviceFamily: 'Linux' }, ...over,
  });
}

async function refusal(p: Promise<unknown>): Promise<ConnectRejectedError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ConnectRejectedError, `expected a refusal, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the connect to be refused');
}

async function approveDevice(deviceId: string): Promise<void> {
  const list = await admin.call('device.pair.list', {});
  const req = list.pending.find((p) => p.deviceId === deviceId);
  assert.ok(req, 'pending request exists');
  await admin.call('device.pair.approve', { requestId: req.requestId });
}

test('a v3-only node is admitted and answered with protocol 3; a v3 operator is not', async () => {
  const id = generateIdentity();
  const refused = await refusal(GatewayConnection.open(node(id, { minProtocol: 3, maxProtocol: 3 })));
  assert.equal(refused.detailCode, 'PAIRING_REQUIRED');
  await approveDevice(id.deviceId);
  const conn = await GatewayConnection.open(node(id, { minProtocol: 3, maxProtocol: 3 }));
  assert.equal(conn.hello.protocol, 3);
  conn.close();
  const op = await refusal(GatewayConnection.open(base({ auth: { token: gw.token }, minProtocol: 3, maxProtocol: 3 })));
  assert.equal(op.detailCode, 'PROTOCOL_MISMATCH');
  assert.equal(op.closeCode, 1002);
});

test('a probe-mode client offering 3..4 is admitted with protocol 4', async () => {
  const conn = await GatewayConnection.open(base({ auth: { token: gw.token }, minProtocol: 3, maxProtocol: 4, scopes: ['operator.read'], client: { id: 'cli', mode: 'probe', platform: 'linux', version: 't' } }));
  assert.equal(conn.hello.protocol, 4);
  assert.ok(Array.isArray(await conn.call('system-presence', {})));
  conn.close();
});

test('device tokens: reuse, scope mismatch, rotation and revocation', async () => {
  const id = generateIdentity();
  const opScopes = ['operator.read'];
  await refusal(GatewayConnection.open(base({ device: signerFor(id), auth: { token: gw.token }, scopes: opScopes, client: { id: 'openclaw-control-ui', mode: 'ui', platform: 'linux', version: 't' } })));
  await approveDevice(id.deviceId);
  const ui = (over: Partial<ConnectOptions>) => base({ device: signerFor(id), scopes: opScopes, client: { id: 'openclaw-control-ui', mode: 'ui', platform: 'linux', version: 't' }, ...over });
  const first = await GatewayConnection.open(ui({ auth: { token: gw.token } }));
  const token = first.hello.auth.deviceToken!;
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  first.close();

  const again = await GatewayConnection.open(ui({ auth: { deviceToken: token } }));
  assert.equal(again.hello.auth.method, 'device-token');
  assert.deepEqual(again.hello.auth.scopes, ['operator.read']);
  again.close();

  const wider = await refusal(GatewayConnection.open(ui({ auth: { deviceToken: token }, scopes: ['operator.read', 'operator.admin'] })));
  assert.equal(wider.detailCode, 'AUTH_SCOPE_MISMATCH');

  const rotated = await admin.call('device.token.rotate', { deviceId: id.deviceId, role: 'operator' });
  assert.equal(rotated.tokenDelivery, 'withheld-cross-device');
  const stale = await refusal(GatewayConnection.open(ui({ auth: { deviceToken: token } })));
  assert.equal(stale.detailCode, 'AUTH_DEVICE_TOKEN_MISMATCH');
  const fresh = await GatewayConnection.open(ui({ auth: { token: gw.token } }));
  const newToken = fresh.hello.auth.deviceToken!;
  assert.notEqual(newToken, token);
  fresh.close();

  await admin.call('device.token.revoke', { deviceId: id.deviceId, role: 'operator' });
  const revoked = await refusal(GatewayConnection.open(ui({ auth: { deviceToken: newToken } })));
  assert.equal(revoked.detailCode, 'AUTH_DEVICE_TOKEN_MISMATCH');
});

test('an approved operator device asking for more scopes opens a scope-upgrade request', async () => {
  const id = generateIdentity();
  const ui = (scopes: string[]) => base({ device: signerFor(id), scopes, auth: { token: gw.token }, client: { id: 'openclaw-control-ui', mode: 'ui', platform: 'linux', version: 't' } });
  await refusal(GatewayConnection.open(ui(['operator.read'])));
  await approveDevice(id.deviceId);
  (await GatewayConnection.open(ui(['operator.read']))).close();
  const up = await refusal(GatewayConnection.open(ui(['operator.read', 'operator.write'])));
  assert.equal(up.detailCode, 'PAIRING_REQUIRED');
  assert.equal(up.details?.['reason'], 'scope-upgrade');
  assert.deepEqual(up.details?.['approvedScopes'], ['operator.read']);
});

test('a setup code admits one device only; a second device is refused with AUTH_BOOTSTRAP_TOKEN_INVALID', async () => {
  const code = await admin.call('device.pair.setupCode', { bootstrapProfile: 'node' });
  const { decodeSetupCode } = await import('../../src-shared/protocol/setup-code.ts');
  const bootstrapToken = decodeSetupCode(code.setupCode)!.bootstrapToken;
  const a = generateIdentity();
  const first = await GatewayConnection.open(node(a, { auth: { bootstrapToken } }));
  assert.equal(first.hello.auth.method, 'bootstrap-token');
  first.close();
  const described = await admin.call('node.describe', { nodeId: a.deviceId });
  assert.equal(described.approvalState, 'approved', 'node profile approves the first command surface too');
  assert.deepEqual(described.commands, ['system.run']);
  const second = await refusal(GatewayConnection.open(node(generateIdentity(), { auth: { bootstrapToken } })));
  assert.equal(second.detailCode, 'AUTH_BOOTSTRAP_TOKEN_INVALID');
});

test('method errors: unknown method, missing scope, wrong role, bad params', async () => {
  await assert.rejects(admin.callRaw('no.such.method', {}), (e: ProtocolError) => e.code === 'INVALID_REQUEST' && e.message === 'unknown method: no.such.method');
  const reader = await GatewayConnection.open(base({ auth: { token: gw.token }, scopes: ['operator.read'] }));
  await assert.rejects(reader.callRaw('no.such.method', {}), (e: ProtocolError) => e.code === 'FORBIDDEN' && e.message === 'missing scope: operator.admin');
  await assert.rejects(reader.call('device.pair.list', {}), (e: ProtocolError) => {
    assert.deepEqual(e.details, { code: 'MISSING_SCOPE', missingScope: 'operator.pairing', requiredScopes: ['operator.pairing'] });
    return e.code === 'FORBIDDEN';
  });
  await assert.rejects(reader.call('node.invoke.result', { id: 'x', nodeId: 'y', ok: true }), (e: ProtocolError) => e.message === 'unauthorized role: operator');
  reader.close();
  await assert.rejects(admin.callRaw('node.list', { bogus: 1 }), (e: ProtocolError) => e.message === "invalid node.list params: at root: unexpected property 'bogus'");
  await assert.rejects(admin.callRaw('node.invoke', { nodeId: 'n', command: 'system.run' }), (e: ProtocolError) => e.message === "invalid node.invoke params: at root: must have required property 'idempotencyKey'");
  await assert.rejects(admin.call('node.invoke', { nodeId: 'f'.repeat(64), command: 'system.run', idempotencyKey: 'k' }), (e: ProtocolError) => e.code === 'UNAVAILABLE' && e.details?.['code'] === 'PAIRING_CHANGED');
});
