// Class 7 of issue 8: on an --exec allowlist node, params.env cannot change which program an
// allowlisted name runs (PATH) or what it loads (LD_PRELOAD, NODE_OPTIONS, BASH_ENV, …). Real
// gateway, real node agent, real programs; each refusal is a policy error (exit 126) with a message.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, pairNode } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: Proc;
const dirs: string[] = [];
const work = tempDir('hearth-exec-env-');
const fakeBin = join(work, 'bin');
const marker = join(work, 'pwned');

before(async () => {
  dirs.push(work);
  mkdirSync(fakeBin);
  // A fake `echo` (and a bash start-up file) that would prove code ran if the marker appears.
  writeFileSync(join(fakeBin, 'echo'), `#!/bin/sh\ntouch ${marker}\n`);
  chmodSync(join(fakeBin, 'echo'), 0o755);
  writeFileSync(join(work, 'startup.sh'), `touch ${marker}\n`);
  gw = await startGatewayProcess();
  const nodeDir = tempDir('hearth-exec-env-node-');
  dirs.push(nodeDir);
  ({ proc: node } = await pairNode(gw, 'allowlisted', nodeDir, ['--exec', 'allowlist', '--allow', 'echo', '--allow', 'bash']));
});

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop();
  for (const d of [...dirs, gw?.stateDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const run = (env: string[], argv: string[], extra: string[] = []) =>
  cli(gw, ['nodes', 'run', 'allowlisted', ...extra, ...env.flatMap((e) => ['--env', e]), '--', ...argv]);

test('an allowlisted program runs, with harmless env', () => {
  const r = run(['LANG=C', 'MY_SETTING=1'], ['echo', 'hi']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hi\n');
});

test('PATH pointing at a fake echo is refused, and the fake never runs', () => {
  for (const path of [fakeBin, `${fakeBin}:/usr/bin:/bin`, '.']) {
    const r = run([`PATH=${path}`], ['echo', 'hi'], ['--cwd', fakeBin]);
    assert.equal(r.code, 126, `PATH=${path}: ${r.stderr}`);
    assert.match(r.stderr, /env PATH may not be set/);
    assert.match(r.stderr, /allowlist/);
  }
  assert.equal(existsSync(marker), false, 'the fake echo ran');
});

test('a relative program path in an attacker cwd is not the allowlisted name', () => {
  const r = cli(gw, ['nodes', 'run', 'allowlisted', '--cwd', fakeBin, '--', './echo', 'hi']);
  assert.equal(r.code, 126, r.stderr);
  assert.equal(existsSync(marker), false);
});

test('loader, interpreter and shell start-up variables are refused in any spelling', () => {
  const cases: [string, string[]][] = [
    [`LD_PRELOAD=${join(work, 'x.so')}`, ['echo', 'hi']],
    [`ld_preload=${join(work, 'x.so')}`, ['echo', 'hi']],
    [`LD_LIBRARY_PATH=${work}`, ['echo', 'hi']],
    ['LD_AUDIT=x.so', ['echo', 'hi']],
    ['DYLD_INSERT_LIBRARIES=x.dylib', ['echo', 'hi']],
    ['NODE_OPTIONS=--require /tmp/x.js', ['echo', 'hi']],
    [`PYTHONPATH=${work}`, ['echo', 'hi']],
    ['PERL5OPT=-Mx', ['echo', 'hi']],
    ['RUBYOPT=-rx', ['echo', 'hi']],
    [`BASH_ENV=${join(work, 'startup.sh')}`, ['bash', '-c', 'true']],
    [`ENV=${join(work, 'startup.sh')}`, ['bash', '-c', 'true']],
    ['BASH_FUNC_echo%%=() { touch /tmp/x; }', ['bash', '-c', 'echo hi']],
    ['GIT_SSH_COMMAND=touch /tmp/x', ['echo', 'hi']],
  ];
  for (const [env, argv] of cases) {
    const r = run([env], argv);
    const name = env.slice(0, env.indexOf('='));
    assert.equal(r.code, 126, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`env ${name.replace(/[%$]/g, '.')} may not be set`), `${name}: ${r.stderr}`);
  }
  assert.equal(existsSync(marker), false, 'a start-up file ran');
  // The node goes on serving.
  const ok = run([], ['echo', 'still here']);
  assert.equal(ok.code, 0, ok.stderr);
});
