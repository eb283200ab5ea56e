/**
 * Harness sanity check, OpenClaw only: the real `openclaw node run` pairs with the real OpenClaw
 * gateway through the same CLI flows the Hearth interop suites use (devices approve, node restart,
 * nodes approve, node.invoke system.run; then a node-profile setup code). If this fails, the peer
 * install or the harness is broken, not Hearth.
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
import { freePort } from '../../scripts/peer/proc.ts';
import { openclawInvokeRun, openclawPending } from './support/flows.ts';

const TOKEN = `tok-self-${randomUUID()}`;

describe('openclaw node ↔ openclaw gateway (harness sanity)', { timeout: 600_000 }, () => {
  let gw: OpenclawGateway | undefined;
  let cli: OpenclawHome | undefined;
  const nodes: OpenclawNode[] = [];

  before(async () => {
    await peer();
    // Loopback auto-approval off, so device pairing goes through `openclaw devices approve`.
    gw = await startOpenclawGateway({ port: await freePort(), token: TOKEN, config: { gateway: { nodes: { pairing: { autoApproveLocal: false } } } } });
    cli = makeOpenclawHome('cli');
  }, { timeout: 300_000 });

  after(async () => {
    for (const n of nodes) await n.dispose();
    await gw?.stop();
    cli?.remove();
  });

  it('gateway call health answers ok', { timeout: 60_000 }, async () => {
    const health = parseJsonOutput<{ ok: boolean }>(await runOpenclawOk(['gateway', 'call', 'health', ...gw!.cliArgs(), '--json'], cli!.env));
    assert.equal(health.ok, true);
  });

  it('pairs a node with devices approve + nodes approve and runs system.run', { timeout: 300_000 }, async () => {
    const node = await startOpenclawNode({ host: '127.0.0.1', port: gw!.port, token: TOKEN, displayName: 'self-node' });
    nodes.push(node);
    // The real node host logs this and then stops reconnecting until restarted.
    await node.proc.waitForOutput(/pairing required/, 90_000);
    // Its identity exists only once it has started (`node identity` fails before).
    const { deviceId } = await node.identity();
    const deviceReq = await openclawPending(['devices', 'list', '--json', ...gw!.cliArgs()], cli!.env, deviceId, 'device');
    await runOpenclawOk(['devices', 'approve', deviceReq.requestId, ...gw!.cliArgs()], cli!.env);
    await node.restart();
    await node.waitConnected(90_000);
    const nodeReq = await openclawPending(['nodes', 'pending', '--json', ...gw!.cliArgs()], cli!.env, deviceId, 'node');
    await runOpenclawOk(['nodes', 'approve', nodeReq.requestId, ...gw!.cliArgs()], cli!.env);
    const payload = await openclawInvokeRun(gw!.cliArgs(), cli!.env, deviceId);
    assert.equal(payload.exitCode, 3);
    assert.equal(payload.stdout, 'hi\n');
  });

  it('admits a node from a node-profile setup code without manual approval', { timeout: 300_000 }, async () => {
    const params = { bootstrapProfile: 'node', publicUrl: gw!.url };
    const code = parseJsonOutput<{ setupCode: string }>(
      await runOpenclawOk(['gateway', 'call', 'device.pair.setupCode', ...gw!.cliArgs(), '--params', JSON.stringify(params), '--json'], cli!.env),
    ).setupCode;
    assert.match(code, /^[A-Za-z0-9_-]+$/);
    const node = await startOpenclawNode({ host: '127.0.0.1', port: gw!.port, pairCode: code, displayName: 'self-setup-node' });
    nodes.push(node);
    await node.waitConnected(90_000);
    const { deviceId } = await node.identity();
    const payload = await openclawInvokeRun(gw!.cliArgs(), cli!.env, deviceId);
    assert.equal(payload.exitCode, 3);
    assert.equal(payload.stdout, 'hi\n');
  });
});
