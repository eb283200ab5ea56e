// system.run execution: result shapes of SPEC §9.1 plus Hearth's env, cwd and truncation rules.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCommand, startCommand } from '../../src-main/core/agent/exec/run.ts';

const posix = process.platform !== 'win32';
const dir = mkdtempSync(join(tmpdir(), 'hearth-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('true → exit 0, success, empty output, error null', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['true'] });
  assert.equal(r.exitCode, 0);
  assert.equal(r.timedOut, false);
  assert.equal(r.success, true);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
  assert.equal(r.error, null);
  assert.equal(r.truncated, undefined);
  assert.equal(typeof r.durationMs, 'number');
});

test('exit 3 with stdout and stderr', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['sh', '-c', 'echo hello; echo oops >&2; exit 3'] });
  assert.deepEqual({ ...r, durationMs: 0 }, { exitCode: 3, timedOut: false, success: false, stdout: 'hello\n', stderr: 'oops\n', error: null, durationMs: 0 });
});

test('timeout kills the command: exit 124, timedOut, process gone', { skip: !posix }, async () => {
  const started = Date.now();
  const run = startCommand({ argv: ['sleep', '5'], timeoutMs: 300 });
  assert.ok(run.pid);
  const r = await run.result;
  assert.equal(r.exitCode, 124);
  assert.equal(r.timedOut, true);
  assert.equal(r.success, false);
  assert.equal(r.error, null);
  assert.ok(Date.now() - started < 3000, 'returned soon after the timeout');
  assert.equal(alive(run.pid), false);
});

test('missing program → launch error without exitCode', async () => {
  const r = await runCommand({ argv: ['/nonexistent/binary'] });
  assert.deepEqual({ ...r, durationMs: 0 }, {
    timedOut: false, success: false, stdout: '', stderr: '', error: 'Command failed during launch or output capture (ENOENT)', durationMs: 0,
  });
  assert.equal('exitCode' in r, false);
});

test('non-executable file → EACCES launch error', { skip: !posix }, async () => {
  const { writeFileSync } = await import('node:fs');
  const f = join(dir, 'not-exec.sh');
  writeFileSync(f, '#!/bin/sh\necho hi\n', { mode: 0o644 });
  const r = await runCommand({ argv: [f] });
  assert.equal(r.error, 'Command failed during launch or output capture (EACCES)');
  assert.equal(r.exitCode, undefined);
});

test('missing cwd → launch error that names the directory', async () => {
  const r = await runCommand({ argv: ['true'], cwd: join(dir, 'nope') });
  assert.equal(r.success, false);
  assert.equal(r.exitCode, undefined);
  assert.match(r.error ?? '', /^Command failed during launch or output capture \(ENOENT\): working directory .*nope does not exist$/);
});

test('env is applied on top of the node environment', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['sh', '-c', 'echo "$FOO:${HOME:+home}"'], env: { FOO: 'bar' } });
  assert.equal(r.stdout, 'bar:home\n');
});

test('cwd is used', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['pwd'], cwd: dir });
  assert.equal(r.stdout.trim(), dir);
});

test('output past the cap is dropped, marked and flagged', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" a; echo err >&2'], maxOutputBytes: 1000 });
  assert.equal(r.exitCode, 0);
  assert.equal(r.truncated, true);
  // Cut mid-line: the marker gets a line of its own and says so (clients strip that line break too).
  assert.ok(r.stdout.startsWith('a'.repeat(1000) + '\n[hearth: output truncated mid-line'));
  assert.match(r.stdout, /4000 more bytes not captured \(limit 1000 bytes\)/);
  assert.equal(r.stderr, 'err\n');
});

test('bytes that are not UTF-8 are flagged per stream; a cap that splits a character is not', { skip: !posix }, async () => {
  const binary = await runCommand({ argv: ['sh', '-c', 'printf "a\\377b"; printf "ok" >&2'] });
  assert.equal(binary.stdout, 'a\ufffdb');
  assert.deepEqual(binary.notUtf8, { stdout: true, stderr: false });
  const text = await runCommand({ argv: ['sh', '-c', 'printf "\\344\\275\\240 \\360\\237\\224\\245"'] });
  assert.equal(text.stdout, '你 🔥');
  assert.equal(text.notUtf8, undefined);
  // 你 is 3 bytes; a 2-byte cap keeps half of it: the output was cut, not binary.
  const cut = await runCommand({ argv: ['sh', '-c', 'printf "\\344\\275\\240"'], maxOutputBytes: 2 });
  assert.equal(cut.truncated, true);
  assert.equal(cut.notUtf8, undefined);
  const cutBinary = await runCommand({ argv: ['sh', '-c', 'printf "\\377\\344\\275\\240"'], maxOutputBytes: 3 });
  assert.deepEqual(cutBinary.notUtf8, { stdout: true, stderr: false });
});

test('killed by a signal → 128 + signo', { skip: !posix }, async () => {
  const r = await runCommand({ argv: ['sh', '-c', 'kill -9 $$'] });
  assert.equal(r.exitCode, 137);
  assert.equal(r.success, false);
  assert.equal(r.timedOut, false);
});

test('a background child holding the pipes does not block the result', { skip: !posix }, async () => {
  const run = startCommand({ argv: ['sh', '-c', 'sleep 30 & echo started'] }, { stdioGraceMs: 200 });
  const r = await run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout, 'started\n');
  await run.cancel();
});
