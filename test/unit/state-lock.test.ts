// The gateway's state-directory lock tells its owner from a process that merely has its pid: a
// lock that survived a reboot, a reused pid or a zombie is taken over; a live owner is refused.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { acquireStateLock, liveLockOwner, procStat } from '../../src-main/core/gateway/state-lock.ts';

const linux = process.platform === 'linux';
const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function lockPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'hearth-lock-'));
  dirs.push(d);
  return join(d, 'gateway.lock');
}

/** A live process that is not a gateway (what a reused pid points at). */
function bystander(): Promise<number> {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return new Promise((resolve) => c.once('spawn', () => resolve(c.pid!)));
}

const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

test('a live owner recorded with its boot and start time is refused', { skip: !linux }, async () => {
  const pid = await bystander();
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid, startedAtMs: Date.now(), bootId: bootId(), startTicks: procStat(pid)!.startTicks }));
  assert.throws(() => acquireStateLock(path, '/state'), new RegExp(`another Hearth gateway \\(pid ${pid}\\) is already running`));
});

test('a lock from before a reboot is taken over even though its pid runs again', { skip: !linux }, async () => {
  const pid = await bystander();
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid, startedAtMs: Date.now() - 86_400_000, bootId: '00000000-0000-0000-0000-000000000000', startTicks: procStat(pid)!.startTicks }));
  const lock = acquireStateLock(path, '/state');
  assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid, process.pid);
  lock.release();
});

test('a lock whose pid now belongs to another process (started later) is taken over', { skip: !linux }, async () => {
  const pid = await bystander();
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid, startedAtMs: Date.now(), bootId: bootId(), startTicks: '1' }));
  const lock = acquireStateLock(path, '/state');
  const mine = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; bootId?: string; startTicks?: string };
  assert.equal(mine.pid, process.pid);
  assert.equal(mine.bootId, bootId(), 'the new lock records this boot');
  assert.equal(mine.startTicks, procStat('self')!.startTicks, 'and this process\'s start time');
  lock.release();
});

test('a gateway killed -9 and not yet reaped (a zombie) does not hold the lock', { skip: !linux }, async () => {
  // `sleep 0` exits at once; its parent execs a sleep that never waits for it: a zombie.
  const c = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(c);
  const zombie = await new Promise<number>((resolve) => c.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const deadline = Date.now() + 5_000;
  while (procStat(zombie)?.state !== 'Z' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(procStat(zombie)?.state, 'Z');
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid: zombie, startedAtMs: Date.now() }));
  acquireStateLock(path, '/state').release();
});

test('a lock in the old format (pid only) still counts while its pid runs, and not once it is gone', async () => {
  const pid = await bystander();
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid, startedAtMs: Date.now() }));
  assert.throws(() => acquireStateLock(path, '/state'), /already running/);
  children.at(-1)!.kill('SIGKILL');
  await new Promise((r) => children.at(-1)!.once('exit', r));
  acquireStateLock(path, '/state').release();
});

test('the lock says where its gateway listens once it does; a foreign port value is ignored', () => {
  const path = lockPath();
  const lock = acquireStateLock(path, '/state');
  assert.deepEqual(liveLockOwner(path), { pid: process.pid });
  lock.listening('127.0.0.1', 18789);
  assert.deepEqual(liveLockOwner(path), { pid: process.pid, host: '127.0.0.1', port: 18789 });
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), port: 70000 }));
  assert.deepEqual(liveLockOwner(path), { pid: process.pid });
  lock.release();
  assert.equal(liveLockOwner(path), undefined);
});

test('a lock taken over within one process stays with its new holder when the old one releases', () => {
  // The desktop app resumes its node while the paused agent is still stopping: the new agent
  // takes node.lock over from the old one in the same process, and the old one's release must
  // not delete it (a `hearth node run` could then start a second agent with the same identity).
  const path = lockPath();
  const old = acquireStateLock(path, '/state');
  const next = acquireStateLock(path, '/state');
  old.release();
  assert.deepEqual(liveLockOwner(path), { pid: process.pid });
  assert.throws(() => acquireStateLockInChild(path), /another Hearth gateway/);
  next.release();
  assert.equal(liveLockOwner(path), undefined);
});

/** Tries to take the lock from another process (what a second `hearth` would do). */
function acquireStateLockInChild(path: string): void {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { acquireStateLock } from ${JSON.stringify(new URL('../../src-main/core/gateway/state-lock.ts', import.meta.url).href)};
    try { acquireStateLock(${JSON.stringify(path)}, '/state').release(); } catch (err) { console.log(err.message); process.exitCode = 3; }
  `], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stdout.trim() || r.stderr.trim());
}

/** Starts `count` processes that try to take the lock at the same instant; how many got it. */
async function simultaneousStarters(path: string, count: number): Promise<number> {
  const mod = new URL('../../src-main/core/gateway/state-lock.ts', import.meta.url).href;
  const go = Date.now() + 1_500; // all spawned and loaded by then, even on a loaded machine
  const code = `import { acquireStateLock } from ${JSON.stringify(mod)};
    while (Date.now() < ${go}) {}
    try { acquireStateLock(${JSON.stringify(path)}, '/state'); console.log('got'); } catch { console.log('refused'); }
    setTimeout(() => {}, 60_000); // a holder keeps it until every starter has answered`;
  const started: ChildProcess[] = [];
  const outs = await Promise.all(Array.from({ length: count }, () => new Promise<string>((resolve) => {
    const c = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    started.push(c);
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    c.on('exit', () => resolve(out.trim()));
  })));
  for (const c of started) c.kill('SIGKILL');
  return outs.filter((o) => o === 'got').length;
}

test('starters at the same instant (the app and the service at login): exactly one gets the lock, fresh or over a stale one', async () => {
  // A starter used to read the winner's lock before its record was written, take the empty file
  // for a stale lock and delete it; and two starters over a stale lock could each delete it, the
  // second deleting the first one's new lock. Either way both held it.
  for (let round = 0; round < 3; round++) {
    const fresh = lockPath();
    assert.equal(await simultaneousStarters(fresh, 5), 1, `round ${round}, no lock before`);
    const stale = lockPath();
    writeFileSync(stale, JSON.stringify({ pid: 2 ** 22 + 1 })); // above pid_max: no such process
    assert.equal(await simultaneousStarters(stale, 5), 1, `round ${round}, over a stale lock`);
  }
});
