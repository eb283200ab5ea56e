// A streamed run's output read through output sockets (exec/output-sockets.ts): the exact bytes
// of each stream, kept apart; pid, cancel, back-pressure and a lingering grandchild as with pipes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { openOutputSocket, outputSocketsAvailable, socketDir } from '../../src-main/core/agent/exec/output-sockets.ts';
import { startCommand, type RunRequest } from '../../src-main/core/agent/exec/run.ts';
import { pidAlive } from '../helpers/processes.ts';

const posix = process.platform !== 'win32';

/** Starts a streamed run; collects each stream's bytes (copied: the reads reuse one buffer). */
function streamed(argv: string[], extra: Partial<RunRequest> = {}) {
  const got = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const spawned: number[] = [];
  const run = startCommand({
    argv, maxOutputBytes: 1 << 30,
    onOutput: (stream, kept) => got[stream].push(Buffer.from(kept)),
    onSpawn: (pid) => spawned.push(pid),
    ...extra,
  });
  const text = (s: 'stdout' | 'stderr') => Buffer.concat(got[s]).toString();
  const sha = (s: 'stdout' | 'stderr') => createHash('sha256').update(Buffer.concat(got[s])).digest('hex');
  return { run, got, spawned, text, sha };
}

test('output sockets are available here; their listeners live in a private directory and are gone once paired', { skip: !posix }, async () => {
  assert.equal(outputSocketsAvailable(), true);
  const dir = socketDir();
  assert.ok(dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'another user cannot connect to a listener there');
  const pairs = await Promise.all([openOutputSocket(() => {}, 1024), openOutputSocket(() => {}, 1024)]);
  for (const p of pairs) assert.ok(p);
  assert.deepEqual(readdirSync(dir), []);
  for (const p of pairs) { p!.reader.destroy(); p!.childEnd.destroy(); }
});

test('a streamed run delivers each stream byte for byte, kept apart, over sockets', { skip: !posix }, async () => {
  // 20 MB of random bytes on stdout, with lines on stderr in between: more than one read buffer,
  // so a view kept past its call (instead of copied) would show up as a wrong hash.
  const s = streamed(['sh', '-c', 'for i in 1 2 3 4; do head -c 5000000 /dev/urandom | tee -a "$0"; echo "err $i" >&2; done', '/dev/null']);
  const r = await s.run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(r.streamed, true);
  assert.equal(r.stdout, '');
  assert.equal(Buffer.concat(s.got.stdout).length, 20_000_000);
  assert.equal(s.text('stderr'), 'err 1\nerr 2\nerr 3\nerr 4\n');
  assert.equal(s.spawned.length, 1);
  assert.equal(s.run.pid, s.spawned[0]);
});

test('the bytes are the command\'s own: compared with a hash the command computes', { skip: !posix }, async () => {
  const s = streamed(['sh', '-c', 'head -c 3000000 /dev/urandom > "$0.bin"; cat "$0.bin"; sha256sum "$0.bin" >&2; rm -f "$0.bin"', `/tmp/hearth-os-${process.pid}`]);
  const r = await s.run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(s.text('stderr').split(' ')[0], s.sha('stdout'));
});

test('the pid is known from onSpawn; cancel kills the tree', { skip: !posix }, async () => {
  const s = streamed(['sh', '-c', 'echo started; sleep 30 & sleep 30']);
  for (let i = 0; i < 200 && !s.text('stdout').includes('started'); i++) await new Promise((r) => setTimeout(r, 10));
  const pid = s.run.pid;
  assert.ok(pid !== undefined && pidAlive(pid));
  await s.run.cancel(200);
  const r = await s.run.result;
  assert.equal(r.exitCode, 128 + 15);
  assert.equal(pidAlive(pid), false);
});

test('cancel before the command has started: it never starts, and the result says so', { skip: !posix }, async () => {
  const s = streamed(['sh', '-c', 'echo ran']);
  await s.run.cancel();
  const r = await s.run.result;
  assert.equal(r.success, false);
  assert.equal(r.exitCode, undefined);
  assert.match(r.error ?? '', /ECANCELED.*stopped before it started/);
  assert.deepEqual(s.spawned, []);
  assert.equal(s.text('stdout'), '');
});

test('a missing program over sockets is the same launch error as with pipes', { skip: !posix }, async () => {
  const s = streamed(['/nonexistent/binary']);
  const r = await s.run.result;
  assert.equal(r.error, 'Command failed during launch or output capture (ENOENT)');
  assert.equal(r.exitCode, undefined);
});

test('paused output holds the command back; resumed, everything arrives', { skip: !posix }, async () => {
  const s = streamed(['sh', '-c', 'head -c 8000000 /dev/zero; echo done >&2']);
  s.run.pauseOutput(true);
  await new Promise((r) => setTimeout(r, 400));
  const held = Buffer.concat(s.got.stdout).length;
  assert.ok(held < 8_000_000, `paused: ${held} bytes read`);
  assert.equal(s.text('stderr'), '', 'still blocked on its full stdout');
  s.run.pauseOutput(false);
  const r = await s.run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(Buffer.concat(s.got.stdout).length, 8_000_000);
  assert.equal(s.text('stderr'), 'done\n');
});

test('a background child holding the output does not block the result', { skip: !posix }, async () => {
  const started = Date.now();
  const s = startCommand({ argv: ['sh', '-c', 'sleep 30 & echo parent'], onOutput: () => {} }, { stdioGraceMs: 200 });
  const r = await s.result;
  assert.equal(r.exitCode, 0);
  assert.ok(Date.now() - started < 5000);
  await s.cancel(100); // the group's sleep
});

test('where no socket directory can be made (a missing or too long TMPDIR), a streamed run reads pipes instead', { skip: !posix }, async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const base = mkdtempSync(join(tmpdir(), 'hearth-os-long-'));
  const long = join(base, 'x'.repeat(100));
  mkdirSync(long);
  const script = `
    import { startCommand } from ${JSON.stringify(new URL('../../src-main/core/agent/exec/run.ts', import.meta.url).href)};
    import { outputSocketsAvailable } from ${JSON.stringify(new URL('../../src-main/core/agent/exec/output-sockets.ts', import.meta.url).href)};
    let out = '';
    const r = await startCommand({ argv: ['sh', '-c', 'echo via; echo pipes'], onOutput: (s, b) => { out += b; } }).result;
    console.log(JSON.stringify({ available: outputSocketsAvailable(), out, exitCode: r.exitCode }));`;
  try {
    for (const dir of ['/nonexistent/hearth-tmp', long]) {
      const p = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: dir }, encoding: 'utf8' });
      assert.equal(p.status, 0, p.stderr);
      assert.deepEqual(JSON.parse(p.stdout), { available: false, out: 'via\npipes\n', exitCode: 0 });
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a directory left by a killed agent is removed by the next; a live one is kept', { skip: !posix }, async () => {
  const { spawnSync } = await import('node:child_process');
  const { existsSync, mkdirSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const tmp = mkdtempSync(join(tmpdir(), 'hearth-os-sweep-'));
  const dead = spawnSync('true').pid!; // exited: its pid names a left-over directory
  const leftover = join(tmp, `hearth-out-${dead}-AbC123`);
  const live = join(tmp, `hearth-out-${process.pid}-XyZ789`);
  mkdirSync(leftover);
  mkdirSync(live);
  const script = `
    import { socketDir } from ${JSON.stringify(new URL('../../src-main/core/agent/exec/output-sockets.ts', import.meta.url).href)};
    console.log(socketDir());`;
  try {
    const p = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    assert.equal(existsSync(leftover), false, 'the dead agent\'s directory is gone');
    assert.equal(existsSync(live), true, 'a live process\'s directory stays');
    assert.match(p.stdout.trim(), new RegExp(`^${tmp}/hearth-out-\\d+-`));
    assert.equal(existsSync(p.stdout.trim()), false, 'and the child removed its own at exit');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the directory removed while the agent runs (a temp cleaner): that run reads pipes, the next makes it again', { skip: !posix }, async () => {
  const { existsSync, rmSync } = await import('node:fs');
  const before = socketDir();
  assert.ok(before);
  rmSync(before, { recursive: true, force: true });
  const first = streamed(['sh', '-c', 'echo one; echo two >&2']);
  assert.equal((await first.run.result).exitCode, 0);
  assert.deepEqual([first.text('stdout'), first.text('stderr')], ['one\n', 'two\n']);
  const second = streamed(['sh', '-c', 'echo three']);
  assert.equal((await second.run.result).exitCode, 0);
  assert.equal(second.text('stdout'), 'three\n');
  const after = socketDir();
  assert.ok(after && after !== before && existsSync(after), 'made again');
});
