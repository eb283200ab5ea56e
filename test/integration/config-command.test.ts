/**
 * `hearth config` against a real gateway process: every declared setting is listed with its
 * description, a bad value and a misspelt key are refused with one clear line (exit 1, nothing
 * stored), a good value is stored and survives a restart, a restart-only setting says how to
 * apply it, `reset` brings the default back, and `hearth alerts sources` lists the alert sources.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runHearth, startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';

const TOKEN = 'config-token-0123456789';
let gw: GatewayProc | undefined;
after(async () => {
  await gw?.stop('SIGKILL');
});

interface View { key: string; value: unknown; default: unknown; isDefault: boolean; description: string; restart: boolean }

test('hearth config list|get|set|reset and hearth alerts sources', { timeout: 120_000 }, async () => {
  const stateDir = tempDir('hearth-config-gw-');
  gw = await startGatewayProcess({ token: TOKEN, stateDir });
  const client = () => ['--url', gw!.url, '--token', TOKEN];
  const json = <T>(args: string[]): T => {
    const r = runHearth([...args, '--json', ...client()]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  const listed = json<{ settings: View[] }>(['config', 'list']).settings;
  const offline = listed.find((s) => s.key === 'alerts.nodeOfflineAfterMs');
  assert.deepEqual(offline && { value: offline.value, default: offline.default, isDefault: offline.isDefault, restart: offline.restart },
    { value: 60_000, default: 60_000, isDefault: true, restart: false });
  for (const k of ['alerts.diskPercent', 'storage.intervalSec', 'approvals.timeoutMs', 'gateway.autoApproveLocal']) assert.ok(listed.some((s) => s.key === k), k);
  const human = runHearth(['config', 'list', ...client()]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^alerts\.nodeOfflineAfterMs\s+60000\s+60000\s+-\s+how long a paired node may be offline before its alert opens, in ms$/m);

  const bad = runHearth(['config', 'set', 'alerts.nodeOfflineAfterMs', '500', ...client()]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr.trim(), 'hearth: the gateway answered INVALID_REQUEST: invalid value for alerts.nodeOfflineAfterMs: at root: must be >= 1000 (how long a paired node may be offline before its alert opens, in ms; default 60000)');
  const typo = runHearth(['config', 'set', 'alerts.nodeOfflineAfter', '5000', ...client()]);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /unknown setting "alerts\.nodeOfflineAfter"; did you mean "alerts\.nodeOfflineAfterMs"\?/);
  assert.equal(json<View>(['config', 'get', 'alerts.nodeOfflineAfterMs']).isDefault, true, 'nothing stored by the refused changes');

  const set = runHearth(['config', 'set', 'alerts.nodeOfflineAfterMs', '120000', ...client()]);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout.trim(), 'Set alerts.nodeOfflineAfterMs = 120000 (was 60000)');
  const restartOnly = runHearth(['config', 'set', 'alerts.checkIntervalMs', '1000', ...client()]);
  assert.equal(restartOnly.code, 0, restartOnly.stderr);
  assert.match(restartOnly.stdout, /It applies after the gateway restarts: /);
  // A value of the wrong type is refused even when it parses as JSON.
  assert.match(runHearth(['config', 'set', 'gateway.autoApproveLocal', '"yes"', ...client()]).stderr, /invalid value for gateway\.autoApproveLocal: at root: must be boolean/);

  await gw.stop('SIGTERM');
  gw = await startGatewayProcess({ token: TOKEN, stateDir });
  const after = json<View>(['config', 'get', 'alerts.nodeOfflineAfterMs']);
  assert.deepEqual([after.value, after.isDefault], [120_000, false], 'the stored value survives a restart');
  const reset = json<View & { previous: unknown }>(['config', 'reset', 'alerts.nodeOfflineAfterMs']);
  assert.deepEqual([reset.value, reset.previous, reset.isDefault], [60_000, 120_000, true]);

  const sources = json<{ sources: { prefix: string; module: string; severity: string }[] }>(['alerts', 'sources']).sources;
  const nodeOffline = sources.find((s) => s.prefix === 'node.offline:');
  assert.deepEqual([nodeOffline?.module, nodeOffline?.severity], ['alerts', 'warning']);
  assert.ok(sources.some((s) => s.prefix === 'gateway.disk'));
});
