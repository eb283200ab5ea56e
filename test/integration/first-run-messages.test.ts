// Issue 13 "messages that name the real cause", through the built CLI: who holds a port, a
// program missing on the node, options without `--` in `nodes run`.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, nodeNamed, pairNode } from '../helpers/hardening.ts';
import { HEARTH, ROOT, freePort, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: Proc | undefined;
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = makeTempDir(prefix);
  dirs.push(d);
  return d;
};
const failureLine = (stderr: string) => stderr.trim().split('\n').filter((l) => !l.startsWith('{'))[0] ?? '';

before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  gw = await startGatewayProcess({ token: 'first-run-token-0123456789', stateDir: tempDir('hearth-fr-gw-') });
  node = (await pairNode(gw, 'fr-box', tempDir('hearth-fr-node-'), ['--exec', 'full'])).proc;
});

after(async () => {
  await node?.stop('SIGTERM');
  await gw?.stop('SIGTERM');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a port held by a program that is not a gateway names that program', async () => {
  const port = await freePort();
  const script = `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`;
  const holder: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const r = runHearth(['gateway', '--port', String(port), '--token', 'x'.repeat(32), '--state-dir', tempDir('hearth-fr-busy-')]);
    assert.equal(r.code, 1);
    const cmd = `${process.execPath} -e ${script}`;
    const shown = cmd.length > 120 ? `${cmd.slice(0, 117)}...` : cmd;
    assert.equal(failureLine(r.stderr), `hearth: port ${port} on 127.0.0.1 is already in use by pid ${holder.pid} (${shown}), which is not a gateway; stop that program, or pick another --port`);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a port held by another gateway says so, with its pid', () => {
  const r = runHearth(['gateway', '--port', String(gw.port), '--token', 'x'.repeat(32), '--state-dir', tempDir('hearth-fr-second-')]);
  assert.equal(r.code, 1);
  const line = failureLine(r.stderr);
  assert.ok(line.startsWith(`hearth: port ${gw.port} on 127.0.0.1 is already in use by another gateway (pid ${gw.child.pid}: ${process.execPath} `), line);
  assert.ok(line.endsWith('); one gateway per port: stop it (check with `hearth status`), or pick another --port'), line);
});

test('a --host that names no address (a host name that does not resolve) says so in one line', () => {
  // listen() looks a name up first; its ENOTFOUND used to surface as 'unexpected error: getaddrinfo …'.
  const r = runHearth(['gateway', '--port', '0', '--bind', 'custom', '--host', 'no-such-host.invalid', '--token', 'x'.repeat(32), '--state-dir', tempDir('hearth-fr-host-')]);
  assert.equal(r.code, 1);
  assert.equal(failureLine(r.stderr), 'hearth: cannot bind no-such-host.invalid: no such address or host name on this machine; give --host an address of this machine (e.g. 192.168.1.5), or pick another --bind');
});

test('a --host the kernel cannot listen on (link-local IPv6 without its interface) says so in one line', () => {
  const r = runHearth(['gateway', '--port', '0', '--bind', 'custom', '--host', 'fe80::1', '--token', 'x'.repeat(32), '--state-dir', tempDir('hearth-fr-ll-')]);
  assert.equal(r.code, 1);
  assert.match(failureLine(r.stderr), /^hearth: cannot bind fe80::1: not an address this machine can listen on \((EINVAL|EAFNOSUPPORT); .*check --host \/ --bind$/);
});

test('a gateway on IPv6 loopback (--bind custom --host ::1) prints bracketed URLs and its setup codes reach it', async (t) => {
  const v6 = await new Promise<boolean>((resolve) => {
    const probe = createServer().once('error', () => resolve(false)).listen(0, '::1', () => probe.close(() => resolve(true)));
  });
  if (!v6) return t.skip('this machine has no IPv6 loopback');
  // The URL was `ws://::1:<port>` (the CLI then failed on 'Invalid URL'), and setup codes named
  // 127.0.0.1, where this gateway does not listen.
  const v6gw = await startGatewayProcess({ token: 'v6-token-0123456789abcdef', stateDir: tempDir('hearth-fr-v6-'), extraArgs: ['--bind', 'custom', '--host', '::1'] });
  try {
    const url = `ws://[::1]:${v6gw.port}`;
    assert.match(v6gw.output(), new RegExp(`listening on ws://\\[::1\\]:${v6gw.port}\n  Web UI:  http://\\[::1\\]:${v6gw.port}/`));
    const qr = runHearth(['qr', '--node', '--json', '--url', url, '--token', v6gw.token]);
    assert.equal(qr.code, 0, qr.stderr);
    const code = JSON.parse(qr.stdout) as { setupCode: string; gatewayUrl: string };
    assert.equal(code.gatewayUrl, url);
    const agent = spawnHearth(['node', 'run', '--pair', code.setupCode, '--state-dir', tempDir('hearth-fr-v6-node-'), '--name', 'v6-box']);
    try {
      await agent.waitFor(new RegExp(`connected to ws://\\[::1\\]:${v6gw.port}`), 20_000);
    } finally {
      await agent.stop();
    }
  } finally {
    await v6gw.stop();
  }
});

test('nodes run of a missing program names the program', () => {
  const r = cli(gw, ['nodes', 'run', 'fr-box', '--', 'no-such-program-xyz', '--flag']);
  assert.equal(r.code, 127);
  assert.equal(r.stderr, 'hearth: fr-box has no program "no-such-program-xyz" on its PATH; check the name, install it there, or give its full path\n');
  const abs = cli(gw, ['nodes', 'run', 'fr-box', '--', '/nonexistent/tool']);
  assert.equal(abs.stderr, 'hearth: fr-box has no program /nonexistent/tool (no such file); check the path\n');
});

test('options of the remote command without -- get the corrected command line', () => {
  const r = runHearth(['nodes', 'run', 'fr-box', 'ls', '-a', '--url', gw.url, '--token', gw.token]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `hearth: unknown option '-a': hearth took it for one of its own; put -- before the command to pass options to it: hearth nodes run fr-box -- ls -a --url ${gw.url} --token ${gw.token}\n`);
});

test('hearth setup says how to sign in without the token; --show-token prints it only on a terminal', () => {
  const dir = tempDir('hearth-fr-setup-');
  const setup = runHearth(['setup', '--state-dir', dir]);
  assert.equal(setup.code, 0, setup.stderr);
  assert.ok(setup.stdout.includes(`Sign in from a phone or browser without the token: run \`hearth qr --state-dir "${dir}"\` and scan its QR or open its link\n`), setup.stdout);
  assert.ok(setup.stdout.includes(`\`hearth setup --show-token --state-dir "${dir}"\` prints it in a terminal, for the web UI's token sign-in or --token on other machines.\n`));
  const token = (JSON.parse(readFileSync(join(dir, 'hearth.json'), 'utf8')) as { gateway: { auth: { token: string } } }).gateway.auth.token;

  const piped = runHearth(['setup', '--show-token', '--state-dir', dir]);
  assert.equal(piped.code, 1);
  assert.equal(piped.stdout, '');
  assert.equal(piped.stderr, `hearth: not printing the gateway token: standard output is not a terminal, and a token in a pipe or file ends up in logs; run \`hearth setup --show-token\` in a terminal, or read gateway.auth.token in ${join(dir, 'hearth.json')}\n`);

  // `script` runs the command on a pseudo-terminal, as a user's shell would.
  const quoted = [process.execPath, HEARTH, 'setup', '--show-token', '--state-dir', dir].map((a) => `'${a}'`).join(' ');
  const tty = spawnSync('script', ['-qec', quoted, '/dev/null'], { encoding: 'utf8', env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined } });
  assert.equal(tty.status, 0, tty.stderr);
  const shown = tty.stdout.replace(/\r/g, '');
  assert.ok(shown.startsWith(`Gateway token (gateway.auth.token in ${join(dir, 'hearth.json')}):\n\n  ${token}\n\n`), shown);
});

test('hearth qr says the phone needs no token', () => {
  const r = cli(gw, ['qr']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('\nNo gateway token needed: the code signs that phone or browser in, once.\n'), r.stdout);
});

// Last: it stops the node the tests above use.
test('status --deep names an offline node instead of "Warnings: none"', async () => {
  await node?.stop('SIGTERM');
  node = undefined;
  await waitUntil(() => nodeNamed(gw, 'fr-box')?.connected === false, 15_000, 'fr-box to go offline');
  const r = cli(gw, ['status', '--deep']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('Warnings: none'), r.stdout);
  assert.ok(r.stdout.includes('\nWarnings:\n'), r.stdout);
  assert.ok(r.stdout.includes('\n  - node fr-box is offline; start `hearth node run` (or its service) on that machine\n'), r.stdout);
});
