// Issue 13 "messages that name the real cause", --url and credentials, through the built CLI as
// a user meets them: the exact line each malformed address and each missing or wrong secret gets.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { freePort, runHearth, startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
const dirs: string[] = [];
const own = () => {
  const d = tempDir('hearth-url-cli-');
  dirs.push(d);
  return d;
};

before(async () => {
  gw = await startGatewayProcess({ token: 'url-messages-token-0123456789' });
  dirs.push(gw.stateDir);
});
after(async () => {
  await gw?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('each malformed --url gets one line saying what is wrong and the form to type', () => {
  const cases: [string, string][] = [
    ['not-a-url', '--url "not-a-url" is not a URL (no ws:// and no port); if not-a-url is the gateway\'s host, write --url ws://not-a-url:18789'],
    ['127.0.0.1:18789', '--url "127.0.0.1:18789" has no scheme; write --url ws://127.0.0.1:18789 (wss:// for a TLS address)'],
    ['ws://127.0.0.1:18789/foo', '--url "ws://127.0.0.1:18789/foo" has a path (/foo); a Hearth gateway answers at its root: use ws://127.0.0.1:18789'],
    ['ws://::1:18789', '--url "ws://::1:18789" has an IPv6 address without brackets; write --url ws://[::1]:18789'],
    ['ws://127.0.0.1:70000', '--url "ws://127.0.0.1:70000" has port 70000, out of range (1–65535); the gateway\'s default is 18789: ws://127.0.0.1:18789'],
    ['ftp://127.0.0.1:18789', '--url "ftp://127.0.0.1:18789" uses ftp://; a gateway speaks ws:// (or wss:// over TLS), e.g. ws://127.0.0.1:18789'],
    ['ws:/127.0.0.1:18789', '--url "ws:/127.0.0.1:18789" needs two slashes after ws:; write --url ws://127.0.0.1:18789'],
  ];
  for (const [url, message] of cases) {
    const r = runHearth(['status', '--url', url, '--state-dir', own()]);
    assert.equal(r.code, 1, url);
    assert.equal(r.stderr, `hearth: ${message}\n`, url);
  }
  // The node agent checks its --url the same way, before it starts.
  const node = runHearth(['node', 'run', '--url', '127.0.0.1:18789', '--state-dir', own()]);
  assert.equal(node.stderr, 'hearth: --url "127.0.0.1:18789" has no scheme; write --url ws://127.0.0.1:18789 (wss:// for a TLS address)\n');
});

test('the web UI address (http://…/) and a trailing slash reach the gateway', () => {
  for (const url of [`http://127.0.0.1:${gw.port}/`, `${gw.url}/`]) {
    const r = runHearth(['health', '--url', url, '--token', gw.token, '--state-dir', own()]);
    assert.equal(r.code, 0, `${url}: ${r.stderr}`);
    assert.ok(r.stdout.startsWith(`Gateway ${gw.url}: ok`), r.stdout);
  }
});

test('no token, a wrong --token and a wrong HEARTH_GATEWAY_TOKEN each say where the secret came from', () => {
  const dir = own();
  const none = runHearth(['health', '--url', gw.url, '--state-dir', dir]);
  assert.equal(none.stderr, `hearth: the gateway at ${gw.url} requires a token and none was found (no --token, no HEARTH_GATEWAY_TOKEN, none in this state dir's hearth.json); pass --token, or --state-dir of the gateway's state dir so its hearth.json is read\n`);
  const flag = runHearth(['health', '--url', gw.url, '--token', 'wrong', '--state-dir', dir]);
  assert.equal(flag.stderr, `hearth: the gateway at ${gw.url} refused the token given with --token; its token is gateway.auth.token in the hearth.json of the gateway's state dir (\`hearth setup --show-token --state-dir DIR\` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; pass that one with --token\n`);
  const env = runHearth(['health', '--url', gw.url, '--state-dir', dir], { HEARTH_GATEWAY_TOKEN: 'wrong' });
  assert.equal(env.stderr, `hearth: the gateway at ${gw.url} refused the token from HEARTH_GATEWAY_TOKEN in your environment; its token is gateway.auth.token in the hearth.json of the gateway's state dir (\`hearth setup --show-token --state-dir DIR\` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; set HEARTH_GATEWAY_TOKEN to it, or unset HEARTH_GATEWAY_TOKEN\n`);
  const pw = runHearth(['health', '--url', gw.url, '--password', 'nope', '--state-dir', dir]);
  assert.equal(pw.stderr, `hearth: the gateway at ${gw.url} refused the password given with --password; its password is gateway.auth.password in the hearth.json of the gateway's state dir, unless it was started with --password or HEARTH_GATEWAY_PASSWORD; pass that one with --password (if that gateway uses a token instead, pass --token)\n`);
});

test('wss:// to a plain gateway and a port held by another web server are named as such', async () => {
  const tls = runHearth(['health', '--url', `wss://127.0.0.1:${gw.port}`, '--token', gw.token, '--state-dir', own()]);
  assert.equal(tls.stderr, `hearth: wss://127.0.0.1:${gw.port} answers without TLS; a Hearth gateway speaks plain ws:// unless a TLS proxy is in front of it: use --url ws://127.0.0.1:${gw.port}\n`);
  const port = await freePort();
  // In its own process: runHearth blocks this one's event loop while the CLI runs.
  const web = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('hello')).listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => web.stdout!.once('data', () => resolve()));
  try {
    const r = runHearth(['health', '--url', `ws://127.0.0.1:${port}`, '--token', 'x', '--state-dir', own()]);
    assert.equal(r.stderr, `hearth: something answers at ws://127.0.0.1:${port}, but not as a Hearth gateway (HTTP 200 to the WebSocket upgrade); check the port — a Hearth gateway listens on 18789 unless started with --port\n`);
  } finally {
    web.kill('SIGKILL');
  }
});

test('a gateway bound to an IPv6 address is shown in URL form everywhere `status` prints it', async () => {
  const v6 = await startGatewayProcess({ token: 'url-messages-v6-token-0123456789', extraArgs: ['--host', '::1'] });
  dirs.push(v6.stateDir);
  try {
    const r = runHearth(['status', '--url', `ws://[::1]:${v6.port}`, '--token', v6.token]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Gateway: +ws://\\[::1\\]:${v6.port} `, 'm'));
    assert.match(r.stdout, new RegExp(`^Bind: +custom \\[::1\\]:${v6.port}$`, 'm'));
  } finally {
    await v6.stop();
  }
});

test('no --url, and the gateway of this state dir was started with another --port: the message names that port', async () => {
  const token = 'other-port-token-0123456789';
  const configured = await freePort();
  const other = await startGatewayProcess({ token, config: { version: 1, gateway: { port: configured, bind: 'loopback', auth: { mode: 'token', token } } } });
  dirs.push(other.stateDir);
  try {
    const r = runHearth(['health', '--state-dir', other.stateDir]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `hearth: no gateway at ws://127.0.0.1:${configured}, but this machine's gateway (pid ${other.child.pid}) listens on port ${other.port} (it was started with --port ${other.port}); pass --url ws://127.0.0.1:${other.port}, or set gateway.port to ${other.port} in ${other.stateDir}/hearth.json so clients find it\n`);
    // The flag it names works.
    assert.equal(runHearth(['health', '--state-dir', other.stateDir, '--url', `ws://127.0.0.1:${other.port}`]).code, 0);
  } finally {
    await other.stop();
  }
  // Once it stopped, the plain message again.
  const r = runHearth(['health', '--state-dir', other.stateDir]);
  assert.equal(r.stderr, `hearth: no gateway at ws://127.0.0.1:${configured}; start it with \`hearth gateway\` (or pass --url)\n`);
});
