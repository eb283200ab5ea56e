// The built `hearth` binary against a real gateway and a real node agent on loopback:
// setup code → node pairing → nodes run with the remote exit code; and the refusals.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'hearth.js');
const TOKEN = 'itest-token-0123456789';
const children = new Set<ChildProcess>();
const dirs: string[] = [];

function tmp(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `hearth-cli-${name}-`));
  dirs.push(d);
  return d;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// A clean environment: no inherited gateway secrets, and a throwaway default state dir.
const baseEnv: NodeJS.ProcessEnv = { ...process.env, HEARTH_STATE_DIR: '' };
for (const k of ['HEARTH_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_TOKEN', 'HEARTH_GATEWAY_PASSWORD', 'OPENCLAW_GATEWAY_PASSWORD', 'HEARTH_GATEWAY_PORT', 'OPENCLAW_GATEWAY_PORT']) delete baseEnv[k];

interface Result { code: number | null; stdout: string; stderr: string }

/** Runs `hearth <args>` to completion. */
function hearth(args: string[], timeoutMs = 20_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hearth ${args.join(' ')} timed out\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      // 'exit' can precede the last 'data'; 'close' would wait for grandchildren holding the pipes.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

/** Starts a long-running `hearth` and resolves once a stdout line matches. */
function startUntil(args: string[], pattern: RegExp, timeoutMs = 20_000): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} from hearth ${args.join(' ')}\n${out}\n${err}`)), timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = out.match(pattern);
      if (m) { clearTimeout(timer); resolve({ child, match: m, output: () => out }); }
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => { clearTimeout(timer); children.delete(child); reject(new Error(`hearth ${args.join(' ')} exited ${code}\n${out}\n${err}`)); });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const oneLine = (stderr: string) => stderr.trim().split('\n').filter((l) => !l.startsWith('{')).join('\n');

let gatewayUrl = '';
let gateway: ChildProcess;
let stateDir = '';
let client: string[] = [];

before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--main-only'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  stateDir = tmp('gw');
  const port = await freePort();
  const started = await startUntil(['gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], /listening on (ws:\/\/\S+)/);
  gateway = started.child;
  gatewayUrl = started.match[1]!;
  client = ['--url', gatewayUrl, '--token', TOKEN];
  assert.match(started.output(), /Auth: +token from --token/);
});

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('health --json prints the health payload', async () => {
  const r = await hearth(['health', '--json', ...client]);
  assert.equal(r.code, 0, r.stderr);
  const payload = JSON.parse(r.stdout) as { ok: boolean };
  assert.equal(payload.ok, true);
});

test('a node pairs with a setup code, is listed, and runs a command with its exit code', async () => {
  const qr = await hearth(['qr', '--node', '--json', ...client]);
  assert.equal(qr.code, 0, qr.stderr);
  const code = JSON.parse(qr.stdout) as { setupCode: string; gatewayUrl: string; expiresAtMs: number };
  assert.equal(code.gatewayUrl, gatewayUrl);
  assert.ok(code.expiresAtMs > Date.now());

  const nodeDir = tmp('node');
  const node = await startUntil(['node', 'run', '--pair', code.setupCode, '--name', 'itest-node', '--state-dir', nodeDir], /^connected to /m);
  assert.match(node.output(), /^connecting to /m);

  let listed: { nodes: { displayName?: string; connected: boolean; approvalState: string }[] } = { nodes: [] };
  for (let i = 0; i < 50; i++) {
    const r = await hearth(['nodes', 'list', '--json', ...client]);
    assert.equal(r.code, 0, r.stderr);
    listed = JSON.parse(r.stdout);
    if (listed.nodes.some((n) => n.displayName === 'itest-node' && n.connected && n.approvalState === 'approved')) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.ok(listed.nodes.some((n) => n.displayName === 'itest-node' && n.connected && n.approvalState === 'approved'), JSON.stringify(listed));

  const run = await hearth(['nodes', 'run', 'itest-node', ...client, '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
  assert.equal(run.stdout, 'hi\n');
  assert.equal(run.stderr, 'oops\n');
  assert.equal(run.code, 3);

  const missing = await hearth(['nodes', 'run', 'no-such-node', ...client, '--', 'true']);
  assert.equal(missing.code, 1);
  assert.match(oneLine(missing.stderr), /^hearth: no node "no-such-node"; known nodes: itest-node \(/);

  node.child.kill('SIGINT');
  assert.equal(await exitOf(node.child), 0);

  // Restarted without --url or --pair, the node returns to the gateway it paired with.
  const again = await startUntil(['node', 'run', '--name', 'itest-node', '--state-dir', nodeDir], /^connected to (\S+)/m);
  assert.equal(again.match[1], gatewayUrl);
  again.child.kill('SIGTERM');
  assert.equal(await exitOf(again.child), 0);
});

test('a wrong token fails with one line naming the fix', async () => {
  const r = await hearth(['health', '--url', gatewayUrl, '--token', 'wrong']);
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'hearth: the gateway refused the token (from --token); pass --token or set HEARTH_GATEWAY_TOKEN\n');
});

test('no gateway at the URL names `hearth gateway`', async () => {
  const r = await hearth(['status', '--url', `ws://127.0.0.1:${await freePort()}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^hearth: no gateway at ws:\/\/127\.0\.0\.1:\d+; start it with `hearth gateway`/);
});

test('a non-loopback bind without a token or password is refused before listening', async () => {
  const port = await freePort();
  const r = await hearth(['gateway', '--bind', 'lan', '--port', String(port), '--state-dir', tmp('lan')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^hearth: refusing to bind lan without a token or password; pass --token/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(r.stdout, '');
});

test('a second gateway on the same state dir is refused', async () => {
  const r = await hearth(['gateway', '--port', String(await freePort()), '--token', TOKEN, '--state-dir', stateDir]);
  assert.notEqual(r.code, 0);
  const lines = oneLine(r.stderr).split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^hearth: .*gateway/);
});

test('SIGTERM stops the gateway promptly with exit 0', async () => {
  const t0 = Date.now();
  gateway.kill('SIGTERM');
  assert.equal(await exitOf(gateway), 0);
  assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
});
