// `hearth gateway|node install|uninstall|status` against the built CLI in a temp HOME: the unit
// files are checked with the platforms' own tools where Debian has them (systemd-analyze verify,
// a plist parser, an XML schema check), secrets live only in the 0600 env file, install is
// idempotent, uninstall removes everything, and the service manager sees the right commands
// (a recording systemctl on PATH stands in for a user manager, which cannot run in this sandbox).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'hearth.js');
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const temp = () => { const d = mkdtempSync(join(tmpdir(), 'hearth-svc-')); dirs.push(d); return d; };
const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

/** A temp HOME with a recording `systemctl`/`loginctl` first on PATH. */
function sandbox() {
  const home = temp();
  const bin = temp();
  const log = join(bin, 'calls.log');
  for (const tool of ['systemctl', 'loginctl']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${log}\n[ "$1 $2" = "--user is-enabled" ] && echo enabled\n[ "$1 $2" = "--user is-active" ] && echo active\n[ "$1" = "show-user" ] && echo Linger=no\nexit 0\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: '', PATH: `${bin}:${process.env['PATH']}`, HEARTH_GATEWAY_TOKEN: '', OPENCLAW_GATEWAY_TOKEN: '' };
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  return { home, state: join(home, 'state'), log, run, calls: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

test('gateway install on Linux: a verified systemd user unit, secrets only in the 0600 env file, idempotent, uninstall removes it', () => {
  const s = sandbox();
  const token = 'tok-with space%and$';
  const r = s.run('gateway', 'install', '--port', '18789', '--token', token, '--public-url', 'http://home.tail.example:18789', '--state-dir', s.state);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const unit = join(s.home, '.config', 'systemd', 'user', 'hearth-gateway.service');
  const text = readFileSync(unit, 'utf8');
  assert.match(text, /^ExecStart=\/\S+\/node \S+\/bin\/hearth\.js gateway --port 18789 --public-url http:\/\/home\.tail\.example:18789 --state-dir \S+$/m);
  assert.match(text, /^Restart=on-failure$/m);
  assert.ok(!text.includes(token), 'the token is not in the unit');
  const envFile = join(s.state, 'service-gateway.env');
  assert.equal(statSync(envFile).mode & 0o777, 0o600);
  assert.match(readFileSync(envFile, 'utf8'), /^HEARTH_GATEWAY_TOKEN='tok-with space%and\$'$/m);
  assert.match(s.calls(), /systemctl --user daemon-reload\nsystemctl --user enable hearth-gateway.service\nsystemctl --user restart hearth-gateway.service/);
  assert.match(r.stdout, /sudo loginctl enable-linger/);
  if (has('systemd-analyze')) {
    const v = spawnSync('systemd-analyze', ['verify', '--user', unit], { env: { ...process.env, XDG_RUNTIME_DIR: temp() }, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
  }
  // The env file is what a service reads: Node's own parser gets the token back intact.
  const back = execFileSync(process.execPath, ['-e', `process.loadEnvFile(${JSON.stringify(envFile)}); process.stdout.write(process.env.HEARTH_GATEWAY_TOKEN)`], { encoding: 'utf8' });
  assert.equal(back, token);

  const again = s.run('gateway', 'install', '--port', '18789', '--token', token, '--public-url', 'http://home.tail.example:18789', '--state-dir', s.state);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /already installed with these settings/);

  const st = s.run('gateway', 'status', '--json', '--state-dir', s.state);
  const status = JSON.parse(st.stdout) as { installed: boolean; enabled: boolean; running: boolean; logs: string[] };
  assert.deepEqual([status.installed, status.enabled, status.running], [true, true, true]);
  assert.ok(status.logs.some((l) => l.includes('journalctl --user -u hearth-gateway.service')));

  const un = s.run('gateway', 'uninstall', '--state-dir', s.state);
  assert.equal(un.status, 0, un.stderr);
  assert.ok(!existsSync(unit) && !existsSync(envFile));
  assert.match(s.calls(), /systemctl --user disable --now hearth-gateway.service/);
  const gone = s.run('gateway', 'status', '--json', '--state-dir', s.state);
  assert.equal((JSON.parse(gone.stdout) as { installed: boolean }).installed, false);
});

test('--dry-run prints the plan and writes nothing; secrets are shown by name only', () => {
  const s = sandbox();
  const r = s.run('node', 'install', '--dry-run', '--url', 'ws://home:18789', '--url', 'ws://vps:18789', '--token', 'supersecret', '--exec', 'allowlist', '--allow', 'uptime', '--state-dir', s.state);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /hearth\.js node run --url ws:\/\/home:18789 --url ws:\/\/vps:18789 --exec allowlist --allow uptime --state-dir/);
  assert.match(r.stdout, /HEARTH_GATEWAY_TOKEN=<hidden>/);
  assert.ok(!r.stdout.includes('supersecret'));
  assert.equal(s.calls(), '');
  assert.ok(!existsSync(join(s.home, '.config', 'systemd')));
});

test('node install takes every --exec policy of node run, ask included', () => {
  const s = sandbox();
  const r = s.run('node', 'install', '--dry-run', '--url', 'ws://home:18789', '--exec', 'ask', '--allow', 'git', '--state-dir', s.state);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /hearth\.js node run --url ws:\/\/home:18789 --exec ask --allow git --state-dir/);
});

test('node install refuses a single-use setup code with the way to pair first', () => {
  const r = sandbox().run('node', 'install', '--pair', 'abc');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /pair once with `hearth node run --pair CODE`/);
});

test('LaunchAgent plist parses as a property list with the right program and keep-alive', { skip: !has('python3') && 'python3 is needed for the plist parser' }, () => {
  const s = sandbox();
  const r = s.run('gateway', 'install', '--platform', 'darwin', '--token', 't0k', '--state-dir', s.state);
  // launchctl does not exist here: the files are written and the command is reported to run by hand.
  assert.match(r.stdout, /could not run `launchctl bootstrap/);
  const plist = join(s.home, 'Library', 'LaunchAgents', 'dev.hearth.gateway.plist');
  const parsed = JSON.parse(execFileSync('python3', ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', plist], { encoding: 'utf8' })) as Record<string, unknown>;
  assert.equal(parsed['Label'], 'dev.hearth.gateway');
  const argv = parsed['ProgramArguments'] as string[];
  assert.equal(argv[2], 'gateway');
  assert.equal(argv.at(-2), '--env-file');
  assert.ok(!argv.includes('t0k'));
  assert.deepEqual(parsed['KeepAlive'], { SuccessfulExit: false });
  assert.equal(parsed['RunAtLoad'], true);
});

test('Windows task XML is UTF-16 and valid against the task schema subset', { skip: !has('xmllint') && 'xmllint (libxml2-utils) is needed for the schema check' }, () => {
  const s = sandbox();
  s.run('node', 'install', '--platform', 'win32', '--url', 'ws://home:18789', '--token', 't0k', '--state-dir', s.state);
  const file = join(s.state, 'service-node.xml');
  const raw = readFileSync(file);
  assert.deepEqual([...raw.subarray(0, 2)], [0xff, 0xfe]);
  const text = raw.subarray(2).toString('utf16le');
  assert.match(text, /<LogonTrigger>/);
  assert.match(text, /<Arguments>\S+hearth\.js node run --url ws:\/\/home:18789 --state-dir \S+ --env-file \S+service-node\.env<\/Arguments>/);
  assert.ok(!text.includes('t0k'));
  // A task has no environment of its own: the env file tells the process which manager runs it.
  assert.match(readFileSync(join(s.state, 'service-node.env'), 'utf8'), /^HEARTH_SERVICE=schtasks$/m);
  const v = spawnSync('xmllint', ['--noout', '--schema', join(root, 'test', 'fixtures', 'service', 'task-subset.xsd'), file], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
});

test('--env-file refuses a file other users can read', () => {
  const s = sandbox();
  const f = join(temp(), 'env');
  writeFileSync(f, 'HEARTH_GATEWAY_TOKEN=x\n', { mode: 0o644 });
  chmodSync(f, 0o644);
  const r = s.run('gateway', '--env-file', f, '--port', '0', '--state-dir', s.state);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /readable by other users .*chmod 600/);
});

test('gateway install while another gateway runs with the state dir (the app, a terminal) says the service cannot start and what to do', async () => {
  const s = sandbox();
  const { startGatewayProcess } = await import('../helpers/processes.ts');
  const gw = await startGatewayProcess({ stateDir: s.state });
  try {
    const r = s.run('gateway', 'install', '--state-dir', s.state);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`a gateway already runs with this state dir \\(pid ${gw.child.pid}: the Hearth app or \`hearth gateway\` in a terminal\\); the service cannot start while it runs`));
    assert.match(r.stdout, /run `hearth gateway install` again to start the service/);
  } finally {
    await gw.stop();
  }
  // Once it is gone the note goes too.
  const again = s.run('gateway', 'install', '--state-dir', s.state);
  assert.doesNotMatch(again.stdout, /already runs with this state dir/);
});

test('gateway install run again while the service itself runs it gives no note that the service cannot start', async () => {
  // The lock records HEARTH_SERVICE (set by the unit): the running gateway is the service, which
  // install restarts with the new settings, not a second gateway in its way.
  const s = sandbox();
  const { freePort, spawnHearth } = await import('../helpers/processes.ts');
  const gw = spawnHearth(['gateway', '--port', String(await freePort()), '--token', 'svc-token-0123456789', '--state-dir', s.state], { HEARTH_SERVICE: 'systemd' });
  try {
    await gw.waitFor(/listening on ws:/);
    const r = s.run('gateway', 'install', '--state-dir', s.state);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Installed hearth-gateway\.service/);
    assert.doesNotMatch(r.stdout, /already runs with this state dir/);
  } finally {
    await gw.stop();
  }
});

test('node install while a node agent runs with the state dir says the service cannot start and what to do', async () => {
  const s = sandbox();
  const { spawnHearth } = await import('../helpers/processes.ts');
  // No gateway needed: an agent retrying an unreachable one holds the state dir all the same.
  const agent = spawnHearth(['node', 'run', '--url', 'ws://127.0.0.1:9', '--state-dir', s.state]);
  try {
    await agent.waitFor(/retrying|Connecting|no gateway/i, 15_000);
    const r = s.run('node', 'install', '--url', 'ws://127.0.0.1:9', '--state-dir', s.state);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`a node agent already runs with this state dir \\(pid ${agent.child.pid}: the Hearth app or \`hearth node run\` in a terminal\\)`));
    assert.match(r.stdout, /run `hearth node install` again to start the service/);
  } finally {
    await agent.stop();
  }
});
