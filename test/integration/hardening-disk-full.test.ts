// Class 4 of issue 8: the gateway's state directory on a real, small tmpfs that fills up. The
// gateway must not exit; new runs are refused with UNAVAILABLE naming the full disk and its path;
// node.list and health keep answering (health shows it, status --deep warns); freeing space
// brings runs back by itself. Needs root for `mount -t tmpfs` (CI runs as root); skips otherwise.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, listNodes, pairNode } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const mnt = tempDir('hearth-diskfull-');
let mounted = false;
let skip: string | false = false;
if (process.platform !== 'linux') skip = 'needs Linux tmpfs';
else {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (r.status === 0) mounted = true;
  else skip = `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'not root').trim()}); CI runs as root and can`;
}

let gw: GatewayProc;
let node: Proc;
const nodeDir = tempDir('hearth-diskfull-node-');
const filler = join(mnt, 'filler');

/** Writes zeros until the filesystem says ENOSPC. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    for (const size of [4096, 512, 1]) {
      try { for (;;) writeSync(fd, chunk.subarray(0, size)); } catch { /* full at this granularity */ }
    }
  } finally {
    closeSync(fd);
  }
}

before(async () => {
  if (skip) return;
  const stateDir = join(mnt, 'state');
  mkdirSync(stateDir);
  gw = await startGatewayProcess({ stateDir });
  ({ proc: node } = await pairNode(gw, 'box', nodeDir));
});

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop();
  if (mounted) spawnSync('umount', ['-l', mnt]);
  rmSync(mnt, { recursive: true, force: true });
  rmSync(nodeDir, { recursive: true, force: true });
});

test('a full state disk refuses runs clearly, keeps reads and health, and recovers by itself', { skip }, async () => {
  const ok = cli(gw, ['nodes', 'run', 'box', '--', 'echo', 'before']);
  assert.equal(ok.code, 0, ok.stderr);
  fillDisk();

  // Runs are refused (a few may still fit in space SQLite already holds).
  let refused: { code: number | null; stderr: string } | undefined;
  for (let i = 0; i < 60 && !refused; i++) {
    const r = cli(gw, ['nodes', 'run', 'box', '--', 'echo', `try ${i}`]);
    if (r.code !== 0) refused = r;
  }
  assert.ok(refused, 'no run was refused on a full disk');
  assert.match(refused.stderr, /state disk is full/);
  assert.match(refused.stderr, new RegExp(join(mnt, 'state').replace(/[/.]/g, '\\$&')));
  assert.match(refused.stderr, /new runs are refused/);

  // Reads and health keep answering; health and status --deep say what is wrong.
  assert.ok(listNodes(gw).some((n) => n.displayName === 'box' && n.connected));
  const health = cli(gw, ['health', '--json']);
  const h = JSON.parse(health.stdout) as { ok: boolean; hearth: { stateDisk: { state: string; path: string } } };
  assert.equal(h.ok, false);
  assert.equal(h.hearth.stateDisk.state, 'full');
  const human = cli(gw, ['health']);
  assert.match(human.stdout, /State disk: FULL/);
  assert.match(human.stderr, /state disk is full/);
  const status = cli(gw, ['status', '--deep']);
  assert.match(status.stdout + status.stderr, /state disk is full/);

  // Timers keep firing against the full disk (audit flush, host stats): the gateway stays up.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(gw.child.exitCode, null, `the gateway exited on a full disk:\n${gw.output()}`);

  // Space comes back: the gateway notices by itself and runs again.
  rmSync(filler);
  await waitUntil(() => (JSON.parse(cli(gw, ['health', '--json']).stdout) as typeof h).hearth.stateDisk.state === 'ok', 15_000, 'health to report the disk ok again');
  const after = cli(gw, ['nodes', 'run', 'box', '--', 'echo', 'after']);
  assert.equal(after.code, 0, after.stderr);
  assert.equal(after.stdout, 'after\n');
});
