/**
 * Interop (a): the real `openclaw node run` (token in OPENCLAW_GATEWAY_TOKEN, --host/--port at a
 * Hearth gateway) pairs with Hearth — ONE `hearth devices approve` admits it with the commands it
 * declared, no `hearth nodes approve` — and `hearth nodes run <it> -- sh -c 'echo hi; exit 3'`
 * prints hi and exits 3.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { peer, startOpenclawNode, type OpenclawNode } from '../../scripts/peer/openclaw.ts';
import { freePort } from '../../scripts/peer/proc.ts';
import { HI_EXIT_3, hearthPending } from './support/flows.ts';
import { pendingFor } from './support/pairing-docs.ts';
import { makeHearthHome, runHearth, runHearthOk, startHearthGateway, type HearthGateway, type HearthHome } from './support/hearth.ts';

const TOKEN = `tok-a-${randomUUID()}`;

describe('interop (a): real openclaw node → Hearth gateway', { timeout: 600_000 }, () => {
  let gw: HearthGateway | undefined;
  let cli: HearthHome | undefined;
  let node: OpenclawNode | undefined;

  before(async () => {
    await peer();
    // Loopback auto-approval off: the device must be approved with `hearth devices approve`.
    gw = await startHearthGateway({ port: await freePort(), token: TOKEN, config: { gateway: { autoApproveLocal: false } } });
    cli = makeHearthHome('cli');
  }, { timeout: 300_000 });

  after(async () => {
    await node?.dispose();
    await gw?.stop();
    cli?.remove();
  });

  it('pairs with one hearth devices approve; hearth nodes run returns hi and exit 3', { timeout: 420_000 }, async (t) => {
    node = await startOpenclawNode({ host: '127.0.0.1', port: gw!.port, token: TOKEN, displayName: 'oc-node-a' });
    await node.proc.waitForOutput(/pairing required/i, 90_000);
    const { deviceId } = await node.identity();

    const deviceReq = await hearthPending(['devices', 'list', '--json', ...gw!.clientArgs()], cli!.env, deviceId, 'device');
    await runHearthOk(['devices', 'approve', deviceReq.requestId, ...gw!.clientArgs()], cli!.env);

    // The real node host pauses after PAIRING_REQUIRED unless the gateway said pauseReconnect:false;
    // give it a moment to come back by itself, then restart it the way an OpenClaw user would.
    const reconnected = await node.waitConnected(15_000).then(() => true, () => false);
    t.diagnostic(`real node host reconnected by itself after approval: ${reconnected}`);
    if (!reconnected) {
      await node.restart();
      await node.waitConnected(90_000);
    }

    // Its declared commands were admitted with the device: nothing else waits for it.
    const pending = JSON.parse(await runHearthOk(['nodes', 'pending', '--json', ...gw!.clientArgs()], cli!.env)) as unknown;
    assert.equal(pendingFor(pending, deviceId, 'node'), undefined, `no second request: ${JSON.stringify(pending)}`);

    const r = await runHearth(['nodes', 'run', deviceId, ...gw!.clientArgs(), '--', ...HI_EXIT_3], cli!.env);
    assert.equal(r.code, 3, `hearth nodes run exit code\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    assert.match(r.stdout, /^hi$/m);
  });
});
