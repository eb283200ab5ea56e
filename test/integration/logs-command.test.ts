// A real gateway writes its rotating JSON log in the state dir; `hearth logs` reads it back
// (human and --json, --since, --level) and `--follow` prints lines as the gateway writes them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runHearth, spawnHearth, startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
const dirs: string[] = [];
before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  const d = tempDir('hearth-logs-');
  dirs.push(d);
  gw = await startGatewayProcess({ stateDir: d });
});
after(async () => {
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the gateway log is in the state dir and `hearth logs` reads it', () => {
  const file = join(gw.stateDir, 'logs', 'gateway.log');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const human = runHearth(['logs', '--state-dir', gw.stateDir]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d info {2}gateway listening {2}svc=gateway url=ws:\/\/127\.0\.0\.1:\d+/m);
  const json = runHearth(['logs', '--json', '--state-dir', gw.stateDir]);
  const records = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: string });
  assert.ok(records.some((r) => r.msg === 'gateway listening'));
  assert.equal(runHearth(['logs', '--since', '1s', '--level', 'error', '--state-dir', gw.stateDir]).stdout, '');
  const bad = runHearth(['logs', '--since', 'yesterday-ish', '--state-dir', gw.stateDir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--since yesterday-ish is not a duration or a time; use e\.g\. 90s, 10m/);
  const none = runHearth(['logs', '--node', '--state-dir', gw.stateDir]);
  assert.match(none.stderr, /^hearth: no node log at .*node\.log yet/);
});

test('--follow prints what the gateway logs next', async () => {
  const follow = spawnHearth(['logs', '--follow', '--since', '1s', '--state-dir', gw.stateDir]);
  await new Promise((r) => setTimeout(r, 600));
  // A refused connection is logged by the gateway (a wrong token).
  runHearth(['health', '--url', gw.url, '--token', 'wrong-token']);
  await follow.waitFor(/connect refused|auth/i, 15_000);
  assert.equal(await follow.stop('SIGINT'), 0);
});
