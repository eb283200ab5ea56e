// `hearth backup create` while the gateway runs, `hearth backup restore` onto a fresh state dir,
// a gateway started there: the node paired before reconnects by itself with its device token (no
// new pairing), the audit rows and the gateway identity came along, and bad restores are refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'backup-test-token-0123456789';
const dirs: string[] = [];
const procs: Proc[] = [];
const tempDir = (p: string) => { const d = makeTempDir(p); dirs.push(d); return d; };

before(() => {
  if (process.env['HEARTH_SKIP_BUILD']) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(async () => {
  for (const p of procs) await p.stop('SIGKILL').catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Listed = { nodes: { displayName?: string; connected: boolean; approvalState: string }[] };
const nodeReady = (url: string) => {
  const r = runHearth(['nodes', 'list', '--json', '--url', url, '--token', TOKEN]);
  return r.code === 0 && (JSON.parse(r.stdout) as Listed).nodes.some((n) => n.displayName === 'moved-node' && n.connected && n.approvalState === 'approved');
};

test('a gateway moved to a new state dir keeps its identity, records and paired nodes', { timeout: 120_000 }, async () => {
  const oldDir = tempDir('hearth-bk-old-');
  const gw: GatewayProc = await startGatewayProcess({ token: TOKEN, stateDir: oldDir });
  procs.push(gw);
  const qr = JSON.parse(runHearth(['qr', '--node', '--json', '--url', gw.url, '--token', TOKEN]).stdout) as { setupCode: string };
  const node = spawnHearth(['node', 'run', '--pair', qr.setupCode, '--name', 'moved-node', '--state-dir', tempDir('hearth-bk-node-')]);
  procs.push(node);
  await waitUntil(() => nodeReady(gw.url), 20_000, 'node paired on the old gateway');
  for (let i = 0; i < 3; i++) assert.equal(runHearth(['nodes', 'run', 'moved-node', '--url', gw.url, '--token', TOKEN, '--', 'true']).code, 0);

  // Online: the gateway keeps running while the backup is made.
  const archive = join(tempDir('hearth-bk-out-'), 'home.tar.gz');
  const made = runHearth(['backup', 'create', '--out', archive, '--state-dir', oldDir, '--json']);
  assert.equal(made.code, 0, made.stderr);
  const info = JSON.parse(made.stdout) as { files: string[]; auditRows: number };
  assert.ok(info.files.includes('hearth.sqlite') && info.files.includes(join('identity', 'gateway.json')), info.files.join(','));
  assert.ok(info.auditRows >= 3, `audit rows ${info.auditRows}`);
  assert.equal(statSync(archive).mode & 0o777, 0o600);
  assert.equal(await gw.stop('SIGTERM'), 0);

  const newDir = join(tempDir('hearth-bk-new-'), 'state');
  const restored = runHearth(['backup', 'restore', archive, '--state-dir', newDir]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /^Restored \d+ files into /);
  assert.equal(readFileSync(join(newDir, 'identity', 'gateway.json'), 'utf8'), readFileSync(join(oldDir, 'identity', 'gateway.json'), 'utf8'));
  assert.equal(statSync(join(newDir, 'hearth.sqlite')).mode & 0o077, 0);

  // Same address, new state dir: the running node comes back on its own, no approval, no new code.
  const moved = await startGatewayProcess({ token: TOKEN, stateDir: newDir, port: gw.port });
  procs.push(moved);
  await waitUntil(() => nodeReady(moved.url), 60_000, 'node reconnected to the restored gateway');
  const pending = JSON.parse(runHearth(['nodes', 'pending', '--json', '--url', moved.url, '--token', TOKEN]).stdout) as { devicePairing?: { pending: unknown[] }; nodePairing?: { pending: unknown[] } };
  assert.deepEqual([pending.devicePairing?.pending.length ?? 0, pending.nodePairing?.pending.length ?? 0], [0, 0], 'no pairing request was needed');
  const run = runHearth(['nodes', 'run', 'moved-node', '--url', moved.url, '--token', TOKEN, '--', 'sh', '-c', 'echo moved']);
  assert.equal(run.stdout, 'moved\n');
  await moved.stop('SIGTERM');

  // A restore never lands on a state dir in use or full of something else.
  const again = runHearth(['backup', 'restore', archive, '--state-dir', newDir]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /is not empty; restore into a fresh --state-dir, or pass --force/);
  const junk = join(tempDir('hearth-bk-junk-'), 'x.tar.gz');
  writeFileSync(junk, 'not a tarball');
  const bad = runHearth(['backup', 'restore', junk, '--state-dir', join(tempDir('hearth-bk-fresh-'), 's')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^hearth: restore failed: .*not a (readable )?Hearth backup/);
});
