// Cancelling a run kills its whole process tree, grandchildren included.
import assert from 'node:assert/strict';
import { pidAlive } from '../helpers/processes.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startCommand } from '../../src-main/core/agent/exec/run.ts';
import { groupAlive } from '../../src-main/core/agent/exec/kill-tree.ts';

const posix = process.platform !== 'win32';
const dir = mkdtempSync(join(tmpdir(), 'hearth-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const alive = pidAlive;

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("cancel kills sh -c 'sleep 30 & sleep 30' entirely", { skip: !posix }, async () => {
  const pidFile = join(dir, 'bg.pid');
  const run = startCommand({ argv: ['sh', '-c', `sleep 30 & echo $! > ${pidFile}; sleep 30`] });
  assert.ok(run.pid);
  await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 3000);
  const bg = Number(readFileSync(pidFile, 'utf8').trim());
  assert.ok(alive(run.pid) && alive(bg), 'both running before cancel');
  const started = Date.now();
  await run.cancel();
  const r = await run.result;
  assert.equal(r.exitCode, 128 + 15, 'terminated by SIGTERM');
  assert.equal(r.success, false);
  await waitFor(() => !alive(bg) && !alive(run.pid!), 3000);
  assert.equal(groupAlive(run.pid), false);
  assert.ok(Date.now() - started < 3000);
});

test('a tree ignoring SIGTERM is SIGKILLed after the grace', { skip: !posix }, async () => {
  const run = startCommand({ argv: ['sh', '-c', "trap '' TERM; sleep 30 & wait"] }, { killGraceMs: 300 });
  await new Promise((r) => setTimeout(r, 100));
  await run.cancel();
  const r = await run.result;
  assert.equal(r.success, false);
  assert.equal(groupAlive(run.pid!), false);
});
