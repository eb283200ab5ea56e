// hearth.json reload (issue 13, Pairing, third bullet): a real gateway process picks up an edit of
// its config file without a restart, refuses a broken edit with one exact error and keeps
// running, reloads on SIGHUP, and says which changes need a restart — in its log and in
// `hearth status` / `hearth health`.
import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, nodeNamed } from '../helpers/hardening.ts';
import { freePort, runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type Proc } from '../helpers/processes.ts';
import { rawGet } from '../helpers/raw-http.ts';

const procs: Proc[] = [];
const dirs: string[] = [];
after(async () => {
  for (const p of procs) await p.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const T1 = 'first-token-0123456789';
const T2 = 'second-token-9876543210';

interface Gw { proc: Proc; port: number; dir: string; file: string; url: string }

/** Saves the way editors and `hearth setup` do: a temporary file renamed over the old one. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.swp`, text, { mode: 0o600 });
  renameSync(`${file}.swp`, file);
}

function configText(port: number, gateway: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, gateway: { port, auth: { mode: 'token', token: T1 }, ...gateway } }, null, 2) + '\n';
}

/** A gateway whose port and token come from hearth.json only (no flags that would override it). */
async function gateway(env: Record<string, string> = {}): Promise<Gw> {
  const port = await freePort();
  const dir = tempDir('hearth-reload-');
  dirs.push(dir);
  const file = join(dir, 'hearth.json');
  writeFileSync(file, configText(port), { mode: 0o600 });
  const proc = spawnHearth(['gateway', '--state-dir', dir], env);
  procs.push(proc);
  await proc.waitFor(/listening on ws:\/\//);
  return { proc, port, dir, file, url: `ws://127.0.0.1:${port}` };
}

/** A client with its own empty state dir, so a broken gateway config does not stop the CLI itself. */
function client(gw: Gw, args: string[], token = T1) {
  const own = tempDir('hearth-reload-cli-');
  dirs.push(own);
  return runHearth([...args, '--url', gw.url, '--token', token, '--state-dir', own]);
}

/** Waits for the n-th occurrence of a log line (the same text can appear again later). */
async function waitForCount(proc: Proc, text: string, n: number): Promise<void> {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await proc.waitFor(new RegExp(`(?:${escaped}[\\s\\S]*){${n}}`), 20_000);
}

test('an edit of hearth.json takes effect without a restart: a new allowed host and a rotated token', async () => {
  const gw = await gateway();
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 421);
  assert.equal(client(gw, ['health']).code, 0);

  saveByRename(gw.file, configText(gw.port, { allowedHosts: ['proxy.example'], auth: { mode: 'token', token: T2 } }));
  await gw.proc.waitFor(/config reloaded: gateway\.allowedHosts changed/, 20_000);
  await gw.proc.waitFor(/config reloaded: gateway\.auth\.token changed/, 20_000);
  // Keys only, never a secret value.
  assert.doesNotMatch(gw.proc.output(), new RegExp(`${T1}|${T2}`));

  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 200);
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'other.example' })).status, 421);
  const withNew = client(gw, ['health'], T2);
  assert.equal(withNew.code, 0, withNew.stderr);
  const withOld = client(gw, ['health'], T1);
  assert.notEqual(withOld.code, 0);
  assert.match(withOld.stderr, /refused the token/);

  // Removing the host again takes it away again.
  saveByRename(gw.file, configText(gw.port, { auth: { mode: 'token', token: T2 } }));
  await waitForCount(gw.proc, 'config reloaded: gateway.allowedHosts changed', 2);
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 421);
});

test('a broken edit keeps the previous settings, logs one exact error with the line, and shows in status and health', async () => {
  const gw = await gateway();
  // Saved in place (no rename), with a missing comma on line 4.
  writeFileSync(gw.file, `{\n  "version": 1,\n  "gateway": {\n    "port": ${gw.port}\n    "allowedHosts": ["proxy.example"]\n  }\n}\n`);
  const jsonError = `${gw.file} line 5 column 5: not valid JSON (Expected ',' or '}' after property value); fix that line and save again`;
  await gw.proc.waitFor(new RegExp(`config not reloaded: ${jsonError.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 20_000);
  assert.equal(gw.proc.child.exitCode, null, 'the gateway keeps running');
  // The previous settings stay: the old token works, the host from the broken file is not allowed.
  assert.equal(client(gw, ['health']).code, 0);
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 421);

  const status = client(gw, ['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.ok(status.stdout.includes(`  - ${jsonError} (the gateway keeps the previous settings)`), status.stdout);
  const health = client(gw, ['health']);
  assert.ok(health.stdout.includes(`Warning: ${jsonError} (the gateway keeps the previous settings)`), health.stdout);
  const alerts = client(gw, ['alerts']);
  assert.ok(alerts.stdout.includes('hearth.json was not reloaded'), alerts.stdout);

  // A wrong value names the key, its line and the fix.
  saveByRename(gw.file, `{\n  "version": 1,\n  "gateway": {\n    "port": ${gw.port},\n    "auth": { "token": "${T1}" },\n    "allowedHosts": "proxy.example"\n  }\n}\n`);
  await gw.proc.waitFor(/config not reloaded: .*line 6: gateway\.allowedHosts must be a list of non-empty strings; fix or delete that field/, 20_000);
  assert.equal(gw.proc.child.exitCode, null);

  // Fixed: applied, the warning goes away.
  saveByRename(gw.file, configText(gw.port, { allowedHosts: ['proxy.example'] }));
  await gw.proc.waitFor(/is valid again; its settings are in force/, 20_000);
  await gw.proc.waitFor(/config reloaded: gateway\.allowedHosts changed/, 20_000);
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 200);
  const after = client(gw, ['status']);
  assert.match(after.stdout, /Warnings: none|Warnings:\n(?![\s\S]*not valid JSON)/);
  assert.doesNotMatch(after.stdout, /not valid JSON|must be a list/);
});

test('SIGHUP reloads hearth.json (with watching off, only SIGHUP does) and does not stop the gateway', async () => {
  const gw = await gateway({ HEARTH_CONFIG_WATCH: 'off' });
  saveByRename(gw.file, configText(gw.port, { allowedHosts: ['proxy.example'] }));
  // Not watched: nothing changes until the signal.
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 421);
  gw.proc.child.kill('SIGHUP');
  await gw.proc.waitFor(/config reloaded: gateway\.allowedHosts changed/, 20_000);
  assert.equal((await rawGet(gw.port, '/readyz', { Host: 'proxy.example' })).status, 200);
  // A second SIGHUP with nothing changed says so, and the gateway still runs.
  gw.proc.child.kill('SIGHUP');
  await gw.proc.waitFor(new RegExp(`config reloaded: ${gw.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has no changes`), 20_000);
  assert.equal(gw.proc.child.exitCode, null);
  assert.equal(client(gw, ['health']).code, 0);
});

test('a restart-only key (gateway.port) logs the exact warning and shows it until it is undone', async () => {
  const gw = await gateway({ HEARTH_SERVICE: 'systemd' });
  const other = await freePort();
  saveByRename(gw.file, configText(other));
  const warning = 'config reloaded: gateway.port changed; restart the gateway to apply it (systemctl --user restart hearth-gateway.service)';
  await gw.proc.waitFor(new RegExp(warning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 20_000);
  // Still on the old port.
  assert.equal(client(gw, ['health']).code, 0);
  const status = client(gw, ['status']);
  assert.ok(status.stdout.includes(`  - ${warning}`), status.stdout);
  const health = client(gw, ['health']);
  assert.ok(health.stdout.includes(`Warning: ${warning}`), health.stdout);

  // Back to the port it runs on: nothing waits for a restart any more.
  saveByRename(gw.file, configText(gw.port));
  await gw.proc.waitFor(/gateway\.port is back to the value the gateway runs with; no restart needed for it/, 20_000);
  assert.doesNotMatch(client(gw, ['status']).stdout, /restart the gateway/);
});

test('the node agent reloads its part of hearth.json: the exec policy at once, a new name with the restart command', async () => {
  const gwp = await startGatewayProcess({ stateDir: tempDir('hearth-reload-ngw-') });
  procs.push(gwp);
  dirs.push(gwp.stateDir);
  const nodeDir = tempDir('hearth-reload-node-');
  dirs.push(nodeDir);
  const file = join(nodeDir, 'hearth.json');
  const nodeConfig = (node: Record<string, unknown>) => JSON.stringify({ version: 1, node: { exec: { security: 'full', allowlist: [] }, ...node } }, null, 2) + '\n';
  writeFileSync(file, nodeConfig({ displayName: 'reload-box' }), { mode: 0o600 });
  // No --name: the name comes from the file (a flag would decide it instead).
  const qr = cli(gwp, ['qr', '--node', '--json']);
  const proc = spawnHearth(['node', 'run', '--url', gwp.url, '--state-dir', nodeDir, '--pair', (JSON.parse(qr.stdout) as { setupCode: string }).setupCode]);
  procs.push(proc);
  await waitUntil(() => nodeNamed(gwp, 'reload-box')?.approvalState === 'approved' && nodeNamed(gwp, 'reload-box')?.connected === true, 20_000, 'the node to pair');
  assert.equal(cli(gwp, ['nodes', 'run', 'reload-box', '--', 'true']).code, 0);

  // Broken: refused with the line, the agent keeps running with its policy.
  writeFileSync(file, '{\n  "version": 1,\n  "node": { "exec": { "security": "sometimes" } }\n}\n');
  await proc.waitFor(new RegExp(`config not reloaded: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 3: node\\.exec\\.security must be one of deny, allowlist, ask, full; fix or delete that field; the node agent keeps its previous settings`), 20_000);
  assert.equal(cli(gwp, ['nodes', 'run', 'reload-box', '--', 'true']).code, 0);

  // The exec policy applies without a restart.
  saveByRename(file, JSON.stringify({ version: 1, node: { displayName: 'reload-box', exec: { security: 'deny', allowlist: [] } } }));
  await proc.waitFor(/config reloaded: node\.exec\.security changed/, 20_000);
  const denied = cli(gwp, ['nodes', 'run', 'reload-box', '--', 'true']);
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /deny|refused|not allowed/i);

  // The name is part of the connection: named with the restart command.
  saveByRename(file, JSON.stringify({ version: 1, node: { displayName: 'renamed-box', exec: { security: 'deny', allowlist: [] } } }));
  await proc.waitFor(/config reloaded: node\.displayName changed; restart the node agent to apply it \(stop it \(Ctrl\+C\) and run `hearth node run` again; as a service: systemctl --user restart hearth-node\.service\)/, 20_000);
  assert.equal(proc.child.exitCode, null);
});
