// Class 9 of issue 8: a run does not outlive a dead node agent. `kill -9` of `hearth node run`
// during a command kills the command's whole process group (the agent's watcher sees its pipe
// close); if even the watcher is gone, the next agent start kills what the dead one left; the
// caller is told the run was cut off because the node disconnected.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, pairNode, readPids } from '../helpers/hardening.ts';
import { pidAlive, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
const procs: Proc[] = [];
const dirs: string[] = [];

before(async () => {
  gw = await startGatewayProcess();
});

after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  await gw?.stop();
  for (const d of [...dirs, gw?.stateDir]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Starts `sleep 30` (with a background sleep too) on `node` through the CLI, in the background. */
async function startLongRun(name: string, pidFile: string): Promise<Proc> {
  const run = spawnHearth(['nodes', 'run', name, '--timeout', '60000', '--url', gw.url, '--token', gw.token, '--',
    'sh', '-c', `echo $$ > ${pidFile}; sleep 30 & echo $! >> ${pidFile}; sleep 30`]);
  procs.push(run);
  await waitUntil(() => readPids(pidFile).length === 2, 15_000, 'the command to start');
  return run;
}

/** Children of `pid` whose command line contains `needle` (from /proc). */
function childrenOf(pid: number, needle: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

test('kill -9 of the agent kills the running command and its children; the caller hears why', { skip: process.platform === 'win32' && 'POSIX process groups' }, async () => {
  const dir = tempDir('hearth-orphan-node-');
  dirs.push(dir);
  const { proc: node } = await pairNode(gw, 'doomed', dir, [], { HEARTH_LOG_LEVEL: 'debug' });
  procs.push(node);
  const pidFile = join(tempDir(), 'pids');
  const run = await startLongRun('doomed', pidFile);
  const pids = readPids(pidFile);
  node.child.kill('SIGKILL');
  await waitUntil(() => pids.every((p) => !pidAlive(p)), 10_000, `the command's processes ${pids.join(', ')} to die with the agent`).catch((e) => { console.log(node.output()); throw e; });
  const code = await run.exited;
  assert.equal(code, 1);
  assert.match(run.output(), /cut off/);
  assert.match(run.output(), /node doomed disconnected while the command was running/);
  assert.doesNotMatch(run.output(), /start `hearth node run`/);
});

test('when even the watcher is gone, the next agent start kills what the dead agent left', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const dir = tempDir('hearth-orphan-node-');
  dirs.push(dir);
  const { proc: node } = await pairNode(gw, 'reborn', dir);
  procs.push(node);
  const pidFile = join(tempDir(), 'pids');
  await startLongRun('reborn', pidFile);
  const pids = readPids(pidFile);
  const agentPid = node.child.pid!;
  // The watcher is forked when the command starts; on a loaded machine its exec (and so its
  // command line) can lag a moment behind the command itself.
  let watchers: number[] = [];
  await waitUntil(() => (watchers = childrenOf(agentPid, "trap '' HUP INT")).length > 0, 10_000, 'the watcher process to start');
  assert.equal(watchers.length, 1, 'the agent keeps one watcher process');
  process.kill(watchers[0]!, 'SIGKILL');
  node.child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(pids.every((p) => pidAlive(p)), 'without agent and watcher, the command is left running (what the sweep must clean up)');
  const again = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', dir, '--name', 'reborn'], { HEARTH_LOG_LEVEL: 'warn' });
  procs.push(again);
  await waitUntil(() => pids.every((p) => !pidAlive(p)), 15_000, 'the restarted agent to kill the leftovers');
  await again.waitFor(/previous agent left running/);
});

test('a command that finishes is forgotten: a restart kills nothing', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const dir = tempDir('hearth-orphan-node-');
  dirs.push(dir);
  const { proc: node } = await pairNode(gw, 'tidy', dir);
  procs.push(node);
  const r = cli(gw, ['nodes', 'run', 'tidy', '--', 'sh', '-c', 'echo done']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, 'running')), []);
});
