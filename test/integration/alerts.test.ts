/**
 * Alerts end to end with real processes: a waiting pairing request raises an alert that
 * `hearth alerts` shows and approval clears; a node killed stays an open "offline" alert after the
 * threshold, survives a gateway restart, is acknowledged with `hearth alerts ack`, and clears when
 * the node is back.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createStore } from '../../src-main/core/store/index.ts';
import type { AlertsListResult } from '../../src-shared/protocol/alerts.ts';
import { runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'alerts-token-0123456789';
let gw: GatewayProc | undefined;
let node: Proc | undefined;

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
});

function alerts(g: GatewayProc, all = false): AlertsListResult {
  const r = runHearth(['alerts', '--json', ...(all ? ['--all'] : []), '--url', g.url, '--token', TOKEN]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as AlertsListResult;
}

test('pairing waiting, node offline (threshold from the settings), restart, ack, back online', { timeout: 120_000 }, async () => {
  const stateDir = tempDir('hearth-alerts-gw-');
  // Short thresholds for the test, in the alerts module's own settings.
  const store = createStore(join(stateDir, 'hearth.sqlite'));
  store.settings.set('alerts.nodeOfflineAfterMs', 1500);
  store.settings.set('alerts.checkIntervalMs', 200);
  store.close();
  const config = { gateway: { autoApproveLocal: false, auth: { mode: 'token', token: TOKEN } } };
  gw = await startGatewayProcess({ token: TOKEN, stateDir, config });
  const client = ['--url', gw.url, '--token', TOKEN];
  assert.equal(alerts(gw).open, 0);
  assert.match(runHearth(['alerts', ...client]).stdout, /^No open alerts\.$/m);

  const nodeDir = tempDir('hearth-alerts-node-');
  node = spawnHearth(['node', 'run', '--url', gw.url, '--token', TOKEN, '--name', 'alert-node', '--state-dir', nodeDir]);
  const m = await node.waitFor(/pairing required: request ([^,\s]+)/);
  let listed: AlertsListResult | undefined;
  await waitUntil(() => (listed = alerts(gw!)).alerts.some((a) => a.key === `pairing.device:${m[1]}`), 10_000, 'the pairing alert');
  const pairing = listed!.alerts.find((a) => a.key === `pairing.device:${m[1]}`)!;
  assert.match(pairing.message, /alert-node .*asks to pair as node.*hearth devices approve/);
  // A run on it meanwhile says what it waits for, not "no node alert-node".
  const early = runHearth(['nodes', 'run', 'alert-node', ...client, '--', 'true']);
  assert.equal(early.code, 1);
  assert.match(early.stderr, new RegExp(`^hearth: node alert-node is waiting for approval \\(request ${m[1]}, fingerprint [0-9A-F-]+\\); approve it with \`hearth nodes approve ${m[1]}\`, then run the command again$`, 'm'));
  const human = runHearth(['alerts', ...client]);
  assert.match(human.stdout, /1 open alert, 1 not acknowledged:/);
  assert.match(human.stdout, new RegExp(`${pairing.id}\\s+WARN\\s+open`));

  // One approval admits the node with its commands: the alert clears and no second one opens.
  assert.equal(runHearth(['nodes', 'approve', '--latest', ...client]).code, 0);
  await waitUntil(() => alerts(gw!).open === 0, 10_000, 'no open alerts once approved');
  await node.waitFor(/^connected to ws:\S+ as device \S+$/m, 20_000);
  assert.ok(!alerts(gw).alerts.some((a) => a.key.startsWith('pairing.node:')), 'no second (commands) alert');
  const history = alerts(gw, true).alerts;
  const pairingHistory = history.filter((a) => a.key.startsWith('pairing.'));
  assert.ok(pairingHistory.length >= 1 && pairingHistory.every((a) => a.state === 'cleared' && a.clearReason === 'request resolved'), JSON.stringify(history));
  // Its key no longer names an open alert: not "already acknowledged" (it never was).
  const late = runHearth(['alerts', 'ack', pairing.key, ...client]);
  assert.equal(late.code, 0, late.stderr);
  assert.match(late.stdout, new RegExp(`^Alert ${pairing.key.replace(/[.]/g, '\\.')} is no longer open \\(cleared [^)]+\\); nothing to acknowledge\\.$`, 'm'));

  // Node killed: nothing at once (hysteresis), then an open offline alert after the threshold.
  await node.stop('SIGKILL');
  node = undefined;
  assert.ok(!alerts(gw).alerts.some((a) => a.key.startsWith('node.offline:')), 'no alert before the threshold');
  let offline: AlertsListResult['alerts'][number] | undefined;
  await waitUntil(() => (offline = alerts(gw!).alerts.find((a) => a.key.startsWith('node.offline:'))) !== undefined, 15_000, 'the offline alert');
  assert.match(offline!.message, /^node alert-node has been offline for more than 2 s/);

  // Restart: the same alert (same id) is still open and not raised again.
  await gw.stop('SIGTERM');
  gw = await startGatewayProcess({ token: TOKEN, stateDir, config });
  const again = alerts(gw).alerts.filter((a) => a.key.startsWith('node.offline:'));
  assert.deepEqual(again.map((a) => a.id), [offline!.id]);

  const ack = runHearth(['alerts', 'ack', offline!.id!, '--url', gw.url, '--token', TOKEN]);
  assert.equal(ack.code, 0, ack.stderr);
  assert.match(ack.stdout, new RegExp(`^Acknowledged ${offline!.id}: node alert-node`));
  assert.equal(alerts(gw).unacknowledged, 0);
  const bad = runHearth(['alerts', 'ack', '99999', '--url', gw.url, '--token', TOKEN]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^hearth: no alert 99999; see `hearth alerts --all`/);

  // Back online: cleared.
  node = spawnHearth(['node', 'run', '--url', gw.url, '--token', TOKEN, '--name', 'alert-node', '--state-dir', nodeDir]);
  await waitUntil(() => alerts(gw!).open === 0, 20_000, 'the offline alert to clear');
  const cleared = alerts(gw, true).alerts.find((a) => a.id === offline!.id)!;
  assert.equal(cleared.clearReason, 'node back online');
});

test('a list cut at --limit says how many more there are and how to see them; a bad --limit is refused', { timeout: 60_000 }, async () => {
  const config = { gateway: { autoApproveLocal: false, auth: { mode: 'token', token: TOKEN } } };
  const g = await startGatewayProcess({ token: TOKEN, config });
  const nodes: Proc[] = [];
  try {
    const client = ['--url', g.url, '--token', TOKEN];
    // Three machines asking to pair: three open alerts.
    for (const name of ['a1', 'a2', 'a3']) {
      const p = spawnHearth(['node', 'run', '--url', g.url, '--token', TOKEN, '--name', name, '--state-dir', tempDir('hearth-alerts-many-')]);
      nodes.push(p);
      await p.waitFor(/pairing required: request/);
    }
    await waitUntil(() => alerts(g).open === 3, 10_000, 'three open alerts');
    const cut = runHearth(['alerts', '--limit', '2', ...client]);
    assert.equal(cut.code, 0, cut.stderr);
    assert.match(cut.stdout, /^3 open alerts, 3 not acknowledged:$/m);
    assert.match(cut.stdout, /… and 1 more open alert not shown: `hearth alerts --limit 3` \(or --json\)/);
    assert.doesNotMatch(runHearth(['alerts', ...client]).stdout, /more open alert/);
    assert.match(runHearth(['alerts', '--all', '--limit', '2', ...client]).stdout, /… showing the newest 2; older ones: `hearth alerts --all --limit 1000`/);
    const bad = runHearth(['alerts', '--limit', '0', ...client]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^hearth: --limit must be a whole number from 1 to 1000 \(got 0\)$/m);
  } finally {
    for (const p of nodes) await p.stop('SIGKILL');
    await g.stop('SIGKILL');
  }
});
