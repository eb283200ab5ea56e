/**
 * Interop (d): one-paste node pairing both ways, with loopback auto-approval off on both gateways
 * so admission can only come from the code.
 *  1. A Hearth node redeems a node-profile setup code from the real gateway
 *     (`openclaw gateway call device.pair.setupCode {bootstrapProfile:"node"}`) and can run commands
 *     with no `devices approve` / `nodes approve`.
 *  2. A real `openclaw node run --pair <code>` redeems a `hearth qr --node` code and is admitted
 *     by the Hearth gateway the same way.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  makeOpenclawHome,
  parseJsonOutput,
  peer,
  runOpenclawOk,
  startOpenclawGateway,
  startOpenclawNode,
  type OpenclawGateway,
  type OpenclawHome,
  type OpenclawNode,
} from '../../scripts/peer/openclaw.ts';
import { freePort, pollUntil } from '../../scripts/peer/proc.ts';
import { HI_EXIT_3, openclawInvokeRun } from './support/flows.ts';
import { ensureHearthBuilt, makeHearthHome, runHearth, runHearthOk, startHearthGateway, startHearthNode, type HearthGateway, type HearthHome, type HearthNode } from './support/hearth.ts';
import { pairedOf } from './support/pairing-docs.ts';

describe('interop (d1): Hearth node redeems a real gateway node-profile setup code', { timeout: 600_000 }, () => {
  const token = `tok-d1-${randomUUID()}`;
  const name = `hearth-node-d1-${randomUUID().slice(0, 8)}`;
  let gw: OpenclawGateway | undefined;
  let cli: OpenclawHome | undefined;
  let nodeHome: HearthHome | undefined;
  let node: HearthNode | undefined;
  let nodeId = '';

  const connectedEntry = () =>
    pollUntil(`${name} connected and approved in openclaw nodes list`, 120_000, async () => {
      const list = parseJsonOutput(await runOpenclawOk(['nodes', 'list', '--json', ...gw!.cliArgs()], cli!.env));
      return pairedOf(list).find((n) => n['displayName'] === name && n['connected'] === true && n['approvalState'] === 'approved');
    });

  before(async () => {
    ensureHearthBuilt();
    await peer();
    gw = await startOpenclawGateway({ port: await freePort(), token, config: { gateway: { nodes: { pairing: { autoApproveLocal: false } } } } });
    cli = makeOpenclawHome('cli');
    nodeHome = makeHearthHome('node');
  }, { timeout: 300_000 });

  after(async () => {
    await node?.dispose();
    await gw?.stop();
    cli?.remove();
    nodeHome?.remove();
  });

  it('is admitted (device and command surface) without manual approval and runs system.run', { timeout: 300_000 }, async () => {
    // A loopback-only gateway needs publicUrl to mint a code (else "only bound to loopback").
    const params = { bootstrapProfile: 'node', publicUrl: gw!.url };
    const res = parseJsonOutput<{ setupCode?: string }>(
      await runOpenclawOk(['gateway', 'call', 'device.pair.setupCode', ...gw!.cliArgs(), '--params', JSON.stringify(params), '--json'], cli!.env),
    );
    assert.match(res.setupCode ?? '', /^[A-Za-z0-9_-]{20,}$/);
    node = startHearthNode({ pairCode: res.setupCode!, name, home: nodeHome! });

    nodeId = String((await connectedEntry())['nodeId']);
    const payload = await openclawInvokeRun(gw!.cliArgs(), cli!.env, nodeId);
    assert.equal(payload.exitCode, 3, JSON.stringify(payload));
    assert.equal(payload.stdout, 'hi\n');

    const devices = parseJsonOutput(await runOpenclawOk(['devices', 'list', '--json', ...gw!.cliArgs()], cli!.env));
    const device = pairedOf(devices).find((d) => d['deviceId'] === nodeId);
    assert.equal(device?.['approvedVia'], 'bootstrap', JSON.stringify(device));
  });

  it('reconnects after a restart with only its stored device token (no code, no shared token)', { timeout: 240_000 }, async () => {
    assert.ok(nodeId, 'needs the node paired by the previous test');
    await node!.stop();
    node = startHearthNode({ url: gw!.url, name, home: nodeHome! });
    assert.equal(String((await connectedEntry())['nodeId']), nodeId);
    const payload = await openclawInvokeRun(gw!.cliArgs(), cli!.env, nodeId);
    assert.equal(payload.exitCode, 3, JSON.stringify(payload));
  });
});

describe('interop (d2): real openclaw node redeems a hearth qr --node code', { timeout: 600_000 }, () => {
  const token = `tok-d2-${randomUUID()}`;
  let gw: HearthGateway | undefined;
  let cli: HearthHome | undefined;
  let nodeHome: OpenclawHome | undefined;
  let node: OpenclawNode | undefined;
  let deviceId = '';

  /** `hearth nodes run` until it reaches the node (its surface may land just after hello-ok). */
  const runUntilReached = async () => {
    try {
      return await pollUntil('hearth nodes run to reach the node', 60_000, async () => {
        const res = await runHearth(['nodes', 'run', deviceId, ...gw!.clientArgs(), '--', ...HI_EXIT_3], cli!.env);
        return res.code === 3 ? res : undefined;
      }, 1000);
    } catch (err) {
      const last = await runHearth(['nodes', 'run', deviceId, ...gw!.clientArgs(), '--', ...HI_EXIT_3], cli!.env);
      throw new Error(`${(err as Error).message}\nlast hearth nodes run: exit ${last.code}\nstdout:\n${last.stdout}\nstderr:\n${last.stderr}`, { cause: err });
    }
  };

  before(async () => {
    await peer();
    gw = await startHearthGateway({ port: await freePort(), token, config: { gateway: { autoApproveLocal: false } } });
    cli = makeHearthHome('cli');
    nodeHome = makeOpenclawHome('node');
  }, { timeout: 300_000 });

  after(async () => {
    await node?.dispose();
    await gw?.stop();
    cli?.remove();
    nodeHome?.remove();
  });

  it('is admitted without manual approval; hearth nodes run returns hi and exit 3', { timeout: 300_000 }, async () => {
    const qr = JSON.parse(await runHearthOk(['qr', '--node', '--json', ...gw!.clientArgs()], cli!.env)) as { setupCode?: string };
    assert.match(qr.setupCode ?? '', /^[A-Za-z0-9_-]{20,}$/);
    node = await startOpenclawNode({ host: '127.0.0.1', port: gw!.port, pairCode: qr.setupCode!, displayName: 'oc-node-d2', home: nodeHome! });
    await node.waitConnected(90_000);
    deviceId = (await node.identity()).deviceId;
    const r = await runUntilReached();
    assert.match(r.stdout, /^hi$/m);
  });

  it('the real node host reconnects after a restart with only its device token', { timeout: 240_000 }, async () => {
    assert.ok(deviceId, 'needs the node paired by the previous test');
    await node!.stop();
    node = await startOpenclawNode({ host: '127.0.0.1', port: gw!.port, displayName: 'oc-node-d2', home: nodeHome! });
    await node.waitConnected(90_000);
    const r = await runUntilReached();
    assert.match(r.stdout, /^hi$/m);
  });
});
