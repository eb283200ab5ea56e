// The built `hearth` binary against a real gateway and a real node agent on loopback:
// setup code → node pairing → nodes run with the remote exit code; and the refusals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, freePort, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc } from '../helpers/processes.ts';

const TOKEN = 'itest-token-0123456789';
let gw: GatewayProc;
let client: string[] = [];
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = makeTempDir(prefix);
  dirs.push(d);
  return d;
};

// Only the first stderr line counts: JSON log lines of a gateway that got as far as logging are not failures.
const failureLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !l.startsWith('{'));

before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  gw = await startGatewayProcess({ token: TOKEN, stateDir: tempDir('hearth-cli-gw-') });
  client = ['--url', gw.url, '--token', TOKEN];
  assert.match(gw.output(), /Auth: +token from --token/);
  assert.match(gw.output(), /Web UI: +http:\/\/127\.0\.0\.1:\d+\//);
});

after(async () => {
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('health --json prints the health payload', () => {
  const r = runHearth(['health', '--json', ...client]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { ok: boolean }).ok, true);
});

test('status --deep before any node is paired says how to pair one, with no empty table', () => {
  const r = runHearth(['status', '--deep', ...client]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Nodes: none paired yet; pair one with `hearth qr --node` here, then `hearth node run --pair <code>` on the node machine$/m);
  assert.doesNotMatch(r.stdout, /^ {2}NAME +FINGERPRINT/m);
});

test('a node pairs with a setup code, is listed, and runs a command with its exit code', async () => {
  const qr = runHearth(['qr', '--node', '--json', ...client]);
  assert.equal(qr.code, 0, qr.stderr);
  const code = JSON.parse(qr.stdout) as { setupCode: string; gatewayUrl: string; expiresAtMs: number };
  assert.deepEqual(Object.keys(code).sort(), ['expiresAtMs', 'gatewayUrl', 'setupCode', 'urls']);
  assert.equal(code.gatewayUrl, gw.url);
  assert.ok(code.expiresAtMs > Date.now());

  const nodeDir = tempDir('hearth-cli-node-');
  const node = spawnHearth(['node', 'run', '--pair', code.setupCode, '--name', 'itest-node', '--state-dir', nodeDir]);
  await node.waitFor(/^connected to /m, 20_000);
  assert.match(node.output(), /^connecting to /m);

  type Listed = { nodes: { displayName?: string; connected: boolean; approvalState: string }[] };
  const ready = (l: Listed) => l.nodes.some((n) => n.displayName === 'itest-node' && n.connected && n.approvalState === 'approved');
  await waitUntil(() => {
    const r = runHearth(['nodes', 'list', '--json', ...client]);
    assert.equal(r.code, 0, r.stderr);
    return ready(JSON.parse(r.stdout) as Listed);
  }, 10_000, 'itest-node connected and approved in `nodes list --json`');

  const run = runHearth(['nodes', 'run', 'itest-node', ...client, '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
  assert.equal(run.stdout, 'hi\n');
  assert.equal(run.stderr, 'oops\n');
  assert.equal(run.code, 3);

  const missing = runHearth(['nodes', 'run', 'no-such-node', ...client, '--', 'true']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^hearth: no node "no-such-node"; known nodes: itest-node \(.*online\)\n$/);

  assert.equal(await node.stop('SIGINT'), 0);

  // Restarted without --url or --pair, the node returns to the gateway it paired with.
  const again = spawnHearth(['node', 'run', '--name', 'itest-node', '--state-dir', nodeDir]);
  const m = await again.waitFor(/^connected to (\S+)/m, 20_000);
  assert.equal(m[1], gw.url);
  assert.equal(await again.stop('SIGTERM'), 0);
});

test('a wrong token fails with one line saying where it came from and where the right one lives', () => {
  const empty = tempDir('hearth-cli-nocfg-');
  const r = runHearth(['health', '--url', gw.url, '--token', 'wrong', '--state-dir', empty]);
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `hearth: the gateway at ${gw.url} refused the token given with --token; its token is gateway.auth.token in the hearth.json of the gateway's state dir (\`hearth setup --show-token --state-dir DIR\` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; pass that one with --token\n`);
  const env = runHearth(['health', '--url', gw.url, '--state-dir', empty], { HEARTH_GATEWAY_TOKEN: 'wrong' });
  assert.equal(env.stderr, `hearth: the gateway at ${gw.url} refused the token from HEARTH_GATEWAY_TOKEN in your environment; its token is gateway.auth.token in the hearth.json of the gateway's state dir (\`hearth setup --show-token --state-dir DIR\` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; set HEARTH_GATEWAY_TOKEN to it, or unset HEARTH_GATEWAY_TOKEN\n`);
});

test('a malformed --url says what is wrong before connecting', () => {
  for (const [url, line] of [
    ['not-a-url', 'hearth: --url "not-a-url" is not a URL (no ws:// and no port); if not-a-url is the gateway\'s host, write --url ws://not-a-url:18789\n'],
    ['127.0.0.1:18789', 'hearth: --url "127.0.0.1:18789" has no scheme; write --url ws://127.0.0.1:18789 (wss:// for a TLS address)\n'],
    ['ws://host:1/foo', 'hearth: --url "ws://host:1/foo" has a path (/foo); a Hearth gateway answers at its root: use ws://host:1\n'],
  ] as const) {
    const r = runHearth(['status', '--url', url]);
    assert.equal(r.code, 1, url);
    assert.equal(r.stderr, line);
  }
  const dns = runHearth(['status', '--url', 'ws://no-such-host.invalid:18789']);
  assert.equal(dns.stderr, 'hearth: cannot find host "no-such-host.invalid" (from ws://no-such-host.invalid:18789): the name does not resolve; check the spelling in --url or use the gateway\'s IP address\n');
});

test('no gateway at the URL names `hearth gateway`', async () => {
  const r = runHearth(['status', '--url', `ws://127.0.0.1:${await freePort()}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^hearth: no gateway at ws:\/\/127\.0\.0\.1:\d+; start it with `hearth gateway`.*\n$/);
});

test('a non-loopback bind without a token or password is refused before listening', async () => {
  const r = runHearth(['gateway', '--bind', 'lan', '--port', String(await freePort()), '--state-dir', tempDir('hearth-cli-lan-')]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^hearth: refusing to bind lan without a token or password; pass --token .*hearth setup.*\n$/);
});

test('a second gateway on the same state dir is refused', async () => {
  const r = runHearth(['gateway', '--port', String(await freePort()), '--token', TOKEN, '--state-dir', gw.stateDir]);
  assert.notEqual(r.code, 0);
  const lines = failureLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^hearth: .*gateway/);
});

test('SIGTERM stops the gateway promptly with exit 0', async () => {
  const t0 = Date.now();
  assert.equal(await gw.stop('SIGTERM'), 0);
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});
