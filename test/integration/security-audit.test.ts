// `hearth security audit` against state dirs set up with each finding and with none: severities,
// exit code (1 while a critical finding stands), --json shape, and --fix for the safe fixes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { ROOT, runHearth, startGatewayProcess, tempDir as makeTempDir } from '../helpers/processes.ts';

const dirs: string[] = [];
const tempDir = () => { const d = makeTempDir('hearth-audit-'); dirs.push(d); return d; };
before(() => {
  if (process.env['HEARTH_SKIP_BUILD']) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

type Report = { findings: { id: string; severity: string; fix: string }[]; critical: number; applied: string[] };
function audit(stateDir: string, ...extra: string[]): { code: number | null; report: Report; stdout: string } {
  const r = runHearth(['security', 'audit', '--json', '--state-dir', stateDir, ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}
// Running as root is itself a finding; CI runs as root, so it is left out of "clean".
const ids = (r: Report) => r.findings.map((f) => f.id).filter((id) => id !== 'process.root');

/** A state dir whose database exists with every module's tables (a gateway ran on it once). */
async function ranOnce(): Promise<string> {
  const dir = tempDir();
  assert.equal(runHearth(['setup', '--state-dir', dir]).code, 0);
  const gw = await startGatewayProcess({ stateDir: dir });
  await gw.stop('SIGTERM');
  return dir;
}

test('a fresh `hearth setup` has no findings and exits 0', async () => {
  const dir = await ranOnce();
  const { code, report } = audit(dir);
  assert.equal(code, 0);
  assert.deepEqual(ids(report), []);
  const human = runHearth(['security', 'audit', '--state-dir', dir]);
  assert.match(human.stdout, process.getuid?.() === 0 ? /warning +Hearth is running as root/ : /No findings/);
});

test('exposure with a weak token is critical; a token-less loopback gateway is a warning', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'hearth.json'), JSON.stringify({ version: 1, gateway: { port: 18789, bind: 'lan', auth: { mode: 'token', token: 'hunter22' }, autoApproveLocal: true, allowedOrigins: [] }, node: {} }), { mode: 0o600 });
  const { code, report } = audit(dir);
  assert.equal(code, 1);
  const sev = Object.fromEntries(report.findings.map((f) => [f.id, f.severity]));
  assert.equal(sev['bind.beyond-loopback'], 'warning');
  assert.equal(sev['auth.weak'], 'critical');
  const open = tempDir();
  const r2 = audit(open);
  assert.equal(r2.code, 0);
  assert.equal(r2.report.findings.find((f) => f.id === 'auth.none')?.severity, 'warning');
  assert.match(r2.report.findings.find((f) => f.id === 'auth.none')!.fix, /hearth setup/);
});

test('secrets readable by others are critical and --fix makes them owner-only', async () => {
  const dir = await ranOnce();
  chmodSync(join(dir, 'hearth.json'), 0o644);
  chmodSync(dir, 0o755);
  const before = audit(dir);
  assert.equal(before.code, 1);
  assert.ok(ids(before.report).includes('files.mode:hearth.json'));
  assert.ok(ids(before.report).includes('files.state-dir'));
  const fixed = audit(dir, '--fix');
  assert.equal(fixed.code, 0);
  assert.ok(fixed.report.applied.some((a) => a.startsWith('chmod 600')));
  assert.deepEqual(ids(fixed.report), []);
});

test('a public tunnel bind, auto-approval with forwarding, a Telegram bot without owner, stale devices', async () => {
  const dir = await ranOnce();
  const db = new Database(join(dir, 'hearth.sqlite'));
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('remote.tunnel', JSON.stringify({ host: 'vps', user: 'me', port: 22, remotePort: 18789, remoteBind: '0.0.0.0' }));
  const old = Date.now() - 40 * 86_400_000;
  db.prepare(`INSERT INTO devices (device_id, public_key, display_name, roles, scopes, approved_via, created_at_ms, approved_at_ms, last_seen_at_ms)
    VALUES ('ab'||hex(randomblob(31)), 'pk', 'old-phone', '["operator"]', '[]', 'test', ?, ?, ?)`).run(old, old, old);
  db.close();
  writeFileSync(join(dir, 'telegram.json'), '{}', { mode: 0o600 });
  const { code, report } = audit(dir);
  assert.equal(code, 1);
  const got = ids(report);
  assert.ok(got.includes('tunnel.public-bind'), got.join(','));
  assert.ok(got.includes('pairing.auto-approve-with-forwarding'));
  assert.ok(got.includes('telegram.no-owner'));
  assert.ok(got.some((id) => id.startsWith('devices.stale:')));
  // --fix without --yes (no terminal) turns auto-approval off but keeps the device.
  const fixed = audit(dir, '--fix');
  assert.ok(!ids(fixed.report).includes('pairing.auto-approve-with-forwarding'));
  assert.ok(ids(fixed.report).some((id) => id.startsWith('devices.stale:')));
  const removed = audit(dir, '--fix', '--yes');
  assert.ok(!ids(removed.report).some((id) => id.startsWith('devices.stale:')));
  assert.ok(removed.report.applied.some((a) => a.startsWith('removed device')));
});
