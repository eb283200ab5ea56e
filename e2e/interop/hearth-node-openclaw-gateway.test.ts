/**
 * Interop (b): a Hearth node agent pairs with a real `openclaw gateway --allow-unconfigured
 * --token T --bind loopback` — approved with `openclaw devices approve` and `openclaw nodes
 * approve` — and `openclaw gateway call node.invoke` with system.run returns its output.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { makeOpenclawHome, peer, runOpenclawOk, startOpenclawGateway, type OpenclawGateway, type OpenclawHome } from '../../scripts/peer/openclaw.ts';
import { freePort } from '../../scripts/peer/proc.ts';
import { openclawInvokeRun, openclawPending } from './support/flows.ts';
import { ensureHearthBuilt, startHearthNode, type HearthNode } from './support/hearth.ts';

const TOKEN = `tok-b-${randomUUID()}`;
const NAME = `hearth-node-b-${randomUUID().slice(0, 8)}`;

describe('interop (b): Hearth node → real openclaw gateway', { timeout: 600_000 }, () => {
  let gw: OpenclawGateway | undefined;
  let cli: OpenclawHome | undefined;
  let node: HearthNode | undefined;

  before(async () => {
    ensureHearthBuilt();
    await peer();
    // Loopback auto-approval off, so the device layer needs `openclaw devices approve`.
    gw = await startOpenclawGateway({ port: await freePort(), token: TOKEN, config: { gateway: { nodes: { pairing: { autoApproveLocal: false } } } } });
    cli = makeOpenclawHome('cli');
  }, { timeout: 300_000 });

  after(async () => {
    await node?.dispose();
    await gw?.stop();
    cli?.remove();
  });

  it('pairs via openclaw devices approve + openclaw nodes approve; node.invoke system.run returns hi and exit 3', { timeout: 420_000 }, async () => {
    node = startHearthNode({ url: gw!.url, token: TOKEN, name: NAME });
    const deviceReq = await openclawPending(['devices', 'list', '--json', ...gw!.cliArgs()], cli!.env, NAME, 'device');
    assert.ok(deviceReq.deviceId, 'pending device request carries the device id');
    assert.equal(deviceReq['clientMode'], 'node');
    await runOpenclawOk(['devices', 'approve', deviceReq.requestId, ...gw!.cliArgs()], cli!.env);

    // Unlike the real node host, Hearth's agent keeps retrying, so no restart is needed.
    const nodeReq = await openclawPending(['nodes', 'pending', '--json', ...gw!.cliArgs()], cli!.env, deviceReq.deviceId!, 'node', 120_000);
    assert.ok(Array.isArray(nodeReq['commands']) && (nodeReq['commands'] as unknown[]).includes('system.run'), `declared commands: ${JSON.stringify(nodeReq['commands'])}`);
    await runOpenclawOk(['nodes', 'approve', nodeReq.requestId, ...gw!.cliArgs()], cli!.env);

    const payload = await openclawInvokeRun(gw!.cliArgs(), cli!.env, deviceReq.deviceId!);
    assert.equal(payload.exitCode, 3, JSON.stringify(payload));
    assert.equal(payload.stdout, 'hi\n');
  });
});
