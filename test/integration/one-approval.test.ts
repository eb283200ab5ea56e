// One approval admits a new node with the commands it declared (issue 13, "Pairing"), against the
// built gateway: the approval is bound to the command list in the request the approver saw, a node
// that changes its list before the approval gets a new request, later new commands ask again as
// one request naming only the new ones, the first answer wins, and the approval is in the log.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateIdentity, type DeviceIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection, type ConnectOptions } from '../../src-shared/client/connection.ts';
import { ConnectRejectedError } from '../../src-shared/client/errors.ts';
import type { ProtocolError } from '../../src-shared/protocol/errors.ts';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { startGatewayProcess, waitUntil, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let admin: GatewayConnection;

before(async () => {
  gw = await startGatewayProcess({ config: { gateway: { autoApproveLocal: false } } });
  admin = await GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: 'linux', version: 'test' },
  });
});
after(async () => {
  admin?.close();
  await gw?.stop();
});

function node(id: DeviceIdentity, commands: string[], name = 'one-approval-node'): ConnectOptions {
  return {
    url: gw.url, socketFactory: wsSocketFactory(), role: 'node', device: signerFor(id), caps: ['system'], commands, auth: { token: gw.token },
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName: name, deviceFamily: 'Linux' },
  };
}

async function refused(opts: ConnectOptions): Promise<ConnectRejectedError> {
  try {
    (await GatewayConnection.open(opts)).close();
  } catch (err) {
    assert.ok(err instanceof ConnectRejectedError, `expected a refusal, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the connect to be refused');
}

async function deviceRequest(deviceId: string): Promise<PendingDeviceRequest | undefined> {
  return (await admin.call('device.pair.list', {})).pending.find((r) => r.deviceId === deviceId);
}

async function nodeRequests(nodeId: string): Promise<PendingNodeRequest[]> {
  return (await admin.call('node.pair.list', {})).pending.filter((r) => r.nodeId === nodeId);
}

function gatewayLog(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^gateway\.log/.test(f)) files.push(p);
    }
  };
  walk(gw.stateDir);
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

test('one device approval admits the node with exactly the commands in the request', async () => {
  const id = generateIdentity();
  const declared = ['system.run', 'system.which'];
  const first = await refused(node(id, declared));
  assert.equal(first.detailCode, 'PAIRING_REQUIRED');
  const req = await deviceRequest(id.deviceId);
  assert.ok(req, 'a device request');
  assert.deepEqual(req.commands, declared);
  assert.deepEqual(req.caps, ['system']);

  const approved = await admin.call('device.pair.approve', { requestId: req.requestId });
  assert.deepEqual(approved.commands, declared);

  const conn = await GatewayConnection.open(node(id, declared));
  try {
    const described = await admin.call('node.describe', { nodeId: id.deviceId });
    assert.equal(described.approvalState, 'approved');
    assert.deepEqual(described.commands, declared);
    assert.deepEqual(await nodeRequests(id.deviceId), [], 'no second request for the commands');
  } finally {
    conn.close();
  }

  // Audited: who approved, which request, which commands.
  await waitUntil(() => /"device approved"/.test(gatewayLog()), 10_000, 'the approval in the gateway log');
  const line = gatewayLog().split('\n').find((l) => l.includes('"device approved"') && l.includes(req.requestId));
  assert.ok(line, 'an audit line for this request');
  const rec = JSON.parse(line) as Record<string, unknown>;
  assert.deepEqual(rec['commands'], declared);
  assert.equal(rec['deviceId'], id.deviceId);
  assert.equal(typeof rec['by'], 'string');
});

test('a node that changes its commands before the approval gets a new request; the old id admits nothing', async () => {
  const id = generateIdentity();
  await refused(node(id, ['system.which']));
  const old = (await deviceRequest(id.deviceId))!;
  assert.deepEqual(old.commands, ['system.which']);
  await refused(node(id, ['system.run', 'system.which']));
  const fresh = (await deviceRequest(id.deviceId))!;
  assert.notEqual(fresh.requestId, old.requestId);
  assert.deepEqual(fresh.commands, ['system.run', 'system.which']);

  const stale = await admin.call('device.pair.approve', { requestId: old.requestId }).then(() => undefined, (err: ProtocolError) => err);
  assert.ok(stale, 'approving the superseded request fails');
  assert.match(stale.message, /^unknown or expired device pairing request/);
  assert.equal(await admin.call('device.pair.list', {}).then((l) => (l as { paired: { deviceId: string }[] }).paired.some((d) => d.deviceId === id.deviceId)), false);

  // The same request answered twice: the first answer wins, the second is told so.
  await admin.call('device.pair.approve', { requestId: fresh.requestId });
  const again = await admin.call('device.pair.reject', { requestId: fresh.requestId }).then(() => undefined, (err: ProtocolError) => err);
  assert.ok(again);
  assert.match(again.message, /^unknown or expired device pairing request/);
});

test('new commands on a later connect ask again, as one request naming only the new ones', async () => {
  const id = generateIdentity();
  await refused(node(id, ['system.which']));
  await admin.call('device.pair.approve', { requestId: (await deviceRequest(id.deviceId))!.requestId });
  (await GatewayConnection.open(node(id, ['system.which']))).close();

  const wider = await GatewayConnection.open(node(id, ['system.run', 'system.which']));
  try {
    let reqs: PendingNodeRequest[] = [];
    await waitUntil(async () => (reqs = await nodeRequests(id.deviceId)).length > 0, 10_000, 'the new-commands request');
    assert.equal(reqs.length, 1);
    assert.deepEqual(reqs[0]!.commands, ['system.run', 'system.which']);
    assert.deepEqual(reqs[0]!.newCommands, ['system.run']);
    // Until approved, only what was approved before is usable.
    const described = await admin.call('node.describe', { nodeId: id.deviceId });
    assert.deepEqual(described.commands, ['system.which']);
    const blocked = await admin.call('node.invoke', { nodeId: id.deviceId, command: 'system.run', params: { command: ['true'] }, idempotencyKey: `b-${id.deviceId.slice(0, 8)}` })
      .then(() => undefined, (err: ProtocolError) => err);
    assert.ok(blocked);
    assert.equal(blocked.message, "node command not allowed: system.run is one of this node's new commands, waiting for approval; run `hearth nodes approve --latest`");

    await admin.call('node.pair.approve', { requestId: reqs[0]!.requestId });
    const after = await admin.call('node.describe', { nodeId: id.deviceId });
    assert.deepEqual(after.commands, ['system.run', 'system.which']);
  } finally {
    wider.close();
  }
});
