/**
 * Interop (c): the real `openclaw` CLI against a Hearth gateway. `gateway call health`,
 * `health --json`, `devices list --json`, `devices approve`, `nodes pending`, `nodes approve` and
 * `nodes list --json` all succeed and show Hearth's devices and nodes. A Hearth node agent pairs
 * with ONE `openclaw devices approve` (its declared commands ride on that request); a later
 * reconnect with a new command is one node request, approved with `openclaw nodes approve`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeOpenclawHome, parseJsonOutput, peer, runOpenclawOk, type OpenclawHome } from '../../scripts/peer/openclaw.ts';
import { freePort, pollUntil } from '../../scripts/peer/proc.ts';
import { loadOrCreateIdentity, signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { openclawPending } from './support/flows.ts';
import { startHearthGateway, startHearthNode, type HearthGateway, type HearthNode } from './support/hearth.ts';
import { pairedOf, pendingFor, type PendingEntry } from './support/pairing-docs.ts';

const TOKEN = `tok-c-${randomUUID()}`;
const NAME = `hearth-node-c-${randomUUID().slice(0, 8)}`;

describe('interop (c): real openclaw CLI → Hearth gateway', { timeout: 600_000 }, () => {
  let gw: HearthGateway | undefined;
  let node: HearthNode | undefined;
  let cli: OpenclawHome | undefined;
  let deviceId = '';
  const args = () => ['--url', gw!.url, '--token', TOKEN];

  before(async () => {
    await peer();
    gw = await startHearthGateway({ port: await freePort(), token: TOKEN, config: { gateway: { autoApproveLocal: false } } });
    cli = makeOpenclawHome('cli');
    node = startHearthNode({ url: gw.url, token: TOKEN, name: NAME });
  }, { timeout: 300_000 });

  after(async () => {
    await node?.dispose();
    // A restarted agent was given the first one's home: dispose() leaves it, so remove it here.
    node?.home.remove();
    await gw?.stop();
    cli?.remove();
  });

  it('openclaw gateway call health', { timeout: 90_000 }, async () => {
    const health = parseJsonOutput<{ ok?: unknown }>(await runOpenclawOk(['gateway', 'call', 'health', ...args(), '--json'], cli!.env));
    assert.equal(health.ok, true);
  });

  it('openclaw health --json (gateway from OPENCLAW_GATEWAY_URL/TOKEN; the command has no --url)', { timeout: 90_000 }, async () => {
    const env = { ...cli!.env, OPENCLAW_GATEWAY_URL: gw!.url, OPENCLAW_GATEWAY_TOKEN: TOKEN };
    const health = parseJsonOutput<{ ok?: unknown }>(await runOpenclawOk(['health', '--json'], env));
    assert.equal(health.ok, true);
  });

  it('openclaw devices list --json shows the Hearth node pending; one openclaw devices approve admits it with its commands', { timeout: 180_000 }, async () => {
    const req = await openclawPending(['devices', 'list', '--json', ...args()], cli!.env, NAME, 'device');
    assert.match(req.deviceId ?? '', /^[0-9a-f]{64}$/);
    deviceId = req.deviceId!;
    assert.equal(req['role'], 'node');
    // Hearth's request names the commands the approval admits (an extra field the real CLI passes through).
    assert.ok(Array.isArray(req['commands']) && (req['commands'] as string[]).includes('system.run'), JSON.stringify(req));
    await runOpenclawOk(['devices', 'approve', req.requestId, ...args()], cli!.env);
    const after = parseJsonOutput(await runOpenclawOk(['devices', 'list', '--json', ...args()], cli!.env));
    const paired = pairedOf(after).find((d) => d['deviceId'] === deviceId);
    assert.ok(paired, `device ${deviceId} listed as paired: ${JSON.stringify(after)}`);
  });

  it('after that one approval, openclaw nodes pending has nothing for the node (no second approval)', { timeout: 180_000 }, async () => {
    assert.ok(deviceId, 'needs the device approved by the previous test');
    // Wait until the node has reconnected (approved, connected), then nothing may be waiting for it.
    await pollUntil('the Hearth node connected and approved', 120_000, async () => {
      const list = parseJsonOutput(await runOpenclawOk(['nodes', 'list', '--json', ...args()], cli!.env));
      return pairedOf(list).find((n) => n['nodeId'] === deviceId && n['connected'] === true && n['approvalState'] === 'approved');
    });
    const pending = parseJsonOutput(await runOpenclawOk(['nodes', 'pending', '--json', ...args()], cli!.env));
    assert.equal(pendingFor(pending, deviceId, 'node'), undefined, `nothing pending for the node: ${JSON.stringify(pending)}`);
  });

  it('openclaw nodes list --json shows the Hearth node connected and approved', { timeout: 90_000 }, async () => {
    assert.ok(deviceId, 'needs the node approved by the previous tests');
    const list = parseJsonOutput(await runOpenclawOk(['nodes', 'list', '--json', ...args()], cli!.env));
    const entry = pairedOf(list).find((n) => n['nodeId'] === deviceId);
    assert.ok(entry, `node ${deviceId} in nodes list: ${JSON.stringify(list)}`);
    assert.equal(entry['displayName'], NAME);
    assert.equal(entry['connected'], true);
    assert.equal(entry['approvalState'], 'approved');
    assert.ok(Array.isArray(entry['commands']) && (entry['commands'] as unknown[]).includes('system.run'));
  });

  it('new commands on a later connect: openclaw nodes pending shows one request, openclaw nodes approve approves it', { timeout: 240_000 }, async () => {
    assert.ok(deviceId, 'needs the node approved by the previous tests');
    // The same device (the Hearth node's own identity file) reconnects declaring one more command,
    // as a node upgraded to a newer version would.
    await node!.stop();
    const identity = loadOrCreateIdentity(join(node!.home.stateDir, 'identity', 'node.json'));
    assert.equal(identity.deviceId, deviceId);
    const wider = await GatewayConnection.open({
      url: gw!.url, socketFactory: wsSocketFactory(), role: 'node', device: signerFor(identity), auth: { token: TOKEN },
      caps: ['system'], commands: ['system.run', 'system.which', 'system.run.prepare'],
      client: { id: 'node-host', mode: 'node', platform: process.platform, version: 'test', displayName: NAME },
    });
    try {
      const req: PendingEntry = await openclawPending(['nodes', 'pending', '--json', ...args()], cli!.env, deviceId, 'node', 120_000);
      assert.deepEqual(req['newCommands'], ['system.run.prepare']);
      const table = await runOpenclawOk(['nodes', 'pending', ...args()], cli!.env);
      assert.ok(table.includes(req.requestId), `nodes pending table lists ${req.requestId}:\n${table}`);
      await runOpenclawOk(['nodes', 'approve', req.requestId, ...args()], cli!.env);
      const list = parseJsonOutput(await runOpenclawOk(['nodes', 'list', '--json', ...args()], cli!.env));
      const entry = pairedOf(list).find((n) => n['nodeId'] === deviceId);
      assert.ok(entry && (entry['commands'] as string[]).includes('system.run.prepare'), JSON.stringify(entry));
    } finally {
      wider.close();
    }
    // Back to the real Hearth node agent for the tests after this one.
    node = startHearthNode({ url: gw!.url, token: TOKEN, name: NAME, home: node!.home });
    await pollUntil('the Hearth node back online', 120_000, async () => {
      const list = parseJsonOutput(await runOpenclawOk(['nodes', 'list', '--json', ...args()], cli!.env));
      return pairedOf(list).find((n) => n['nodeId'] === deviceId && n['connected'] === true);
    });
  });

  it('openclaw nodes describe --node <name> shows the Hearth node with its host stats', { timeout: 90_000 }, async () => {
    const out = await runOpenclawOk(['nodes', 'describe', '--node', NAME, ...args()], cli!.env);
    assert.ok(out.includes(deviceId), out);
    assert.match(out, /paired · connected/);
    assert.match(out, /load [\d.]+\/\d+/, 'host stats rendered');
  });

  it('openclaw status --json and status --deep read a Hearth gateway (remote-mode CLI config)', { timeout: 180_000 }, async () => {
    // `openclaw status` only talks to a gateway named in its own config.
    writeFileSync(join(cli!.stateDir, 'openclaw.json'), JSON.stringify({ gateway: { mode: 'remote', remote: { url: gw!.url, token: TOKEN } } }));
    const status = parseJsonOutput<{ runtimeVersion?: unknown; sessions?: unknown }>(await runOpenclawOk(['status', '--json'], cli!.env));
    assert.equal(typeof status.runtimeVersion, 'string');
    const deep = await runOpenclawOk(['status', '--deep'], cli!.env);
    assert.match(deep, new RegExp(`Gateway\\s+│ remote · ${gw!.url.replace(/[/.]/g, '\\$&')}.*reachable`));
  });
});
