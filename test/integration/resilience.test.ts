// Real processes on loopback: the failures users meet — a killed node, a restarted gateway, a hung
// command, a wrong token, an exposed bind without auth, a second gateway.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import {
  freePort, pidAlive, runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc,
} from '../helpers/processes.ts';

let gw: GatewayProc;
let node: Proc;
const nodeDir = tempDir('hearth-node-');
const procs: Proc[] = [];

/** Runs a client command against the test gateway; connection options go before any `--`. */
function client(args: string[]) {
  const sep = args.indexOf('--');
  const opts = ['--url', gw.url, '--token', gw.token];
  return runHearth(sep < 0 ? [...args, ...opts] : [...args.slice(0, sep), ...opts, ...args.slice(sep)]);
}

async function operator() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

function nodeListed(name: string): { connected: boolean; nodeId: string } | undefined {
  const r = client(['nodes', 'list', '--json']);
  if (r.code !== 0) return undefined;
  const list = JSON.parse(r.stdout) as { nodes: { displayName?: string; connected: boolean; nodeId: string; approvalState: string }[] };
  return list.nodes.find((n) => n.displayName === name && n.approvalState === 'approved');
}

function startNode(name: string, dir: string, extra: string[] = []): Proc {
  const p = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', dir, '--name', name, ...extra]);
  procs.push(p);
  return p;
}

before(async () => {
  gw = await startGatewayProcess();
  const qr = client(['qr', '--node', '--json']);
  assert.equal(qr.code, 0, qr.stderr);
  const { setupCode } = JSON.parse(qr.stdout) as { setupCode: string };
  node = startNode('laptop', nodeDir, ['--pair', setupCode]);
  await waitUntil(() => nodeListed('laptop')?.connected === true, 15_000, 'the node to pair and connect');
});

after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  await gw?.stop();
});

test('system.run returns output and the remote exit code', () => {
  const r = client(['nodes', 'run', 'laptop', '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'hi\n');
  assert.equal(r.stderr, 'oops\n');
});

test('command timeout: exit 124 and the process tree is gone', async () => {
  const pidFile = join(tempDir(), 'pid');
  const r = client(['nodes', 'run', 'laptop', '--timeout', '700', '--', 'sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`]);
  assert.equal(r.code, 124, r.stderr);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  await waitUntil(() => !pidAlive(pid), 2000, 'the background sleep to be killed with its parent');
});

test('gateway-side deadline sends node.invoke.cancel and the run is killed', async () => {
  const pidFile = join(tempDir(), 'pid');
  const op = await operator();
  try {
    const nodeId = nodeListed('laptop')!.nodeId;
    const started = Date.now();
    await assert.rejects(
      op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['sh', '-c', `echo $$ > ${pidFile}; sleep 30`] }, timeoutMs: 800, idempotencyKey: `cancel-${Date.now()}` }),
      (e: Error & { code?: string; details?: { nodeError?: { code?: string } } }) => e.code === 'UNAVAILABLE' && e.details?.nodeError?.code === 'TIMEOUT',
    );
    assert.ok(Date.now() - started < 3000);
    await waitUntil(() => existsSync(pidFile) && !pidAlive(Number(readFileSync(pidFile, 'utf8'))), 3000, 'the cancelled process to exit');
  } finally {
    op.close();
  }
});

test('a wrong token is refused with AUTH_TOKEN_MISMATCH and a one-line fix', () => {
  const r = runHearth(['nodes', 'list', '--url', gw.url, '--token', 'not-the-token']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr.trim(), /^hearth: .*token/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('a node killed mid-run: the caller gets a clear error within 1 s', async () => {
  const dir = tempDir('hearth-node2-');
  const qr = client(['qr', '--node', '--json']);
  const victim = startNode('victim', dir, ['--pair', (JSON.parse(qr.stdout) as { setupCode: string }).setupCode]);
  await waitUntil(() => nodeListed('victim')?.connected === true, 15_000, 'victim to connect');
  const op = await operator();
  try {
    const nodeId = nodeListed('victim')!.nodeId;
    const run = op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['sleep', '30'] }, timeoutMs: 30_000, idempotencyKey: `kill-${Date.now()}` });
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await assert.rejects(run, (e: Error & { code?: string; details?: { code?: string } }) => {
      assert.equal(e.code, 'UNAVAILABLE');
      assert.equal(e.details?.code, 'NOT_CONNECTED');
      assert.match(e.message, /disconnected/);
      return true;
    });
    assert.ok(Date.now() - killedAt < 1000, `error after ${Date.now() - killedAt} ms`);
    const offline = client(['nodes', 'run', 'victim', '--', 'true']);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /not connected|offline/i);
  } finally {
    op.close();
  }
});

test('gateway restarted: the node comes back by itself and its pairing survives', async () => {
  const port = gw.port;
  const code = await gw.stop('SIGTERM');
  assert.equal(code, 0);
  gw = await startGatewayProcess({ stateDir: gw.stateDir, port, token: gw.token });
  await waitUntil(() => nodeListed('laptop')?.connected === true, 20_000, 'the node to reconnect');
  const r = client(['nodes', 'run', 'laptop', '--', 'sh', '-c', 'echo back']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'back\n');
  assert.equal(node.child.exitCode, null, 'the node agent kept running');
});

test('binding beyond loopback without a token or password is refused', async () => {
  const port = await freePort();
  const p = spawnHearth(['gateway', '--port', String(port), '--bind', 'lan', '--state-dir', tempDir()]);
  const code = await p.exited;
  assert.notEqual(code, 0);
  assert.match(p.output(), /--token/);
});

test('a second gateway on the same state dir or port is refused with a clear message', async () => {
  const sameDir = spawnHearth(['gateway', '--port', String(await freePort()), '--token', 'x', '--state-dir', gw.stateDir]);
  assert.notEqual(await sameDir.exited, 0);
  assert.match(sameDir.output(), /another Hearth gateway .* already running/);
  const samePort = spawnHearth(['gateway', '--port', String(gw.port), '--token', 'x', '--state-dir', tempDir()]);
  assert.notEqual(await samePort.exited, 0);
  assert.match(samePort.output(), /already in use/);
});

test('a second node agent on the same state dir (the app, the service, another terminal) is refused with what to do', async () => {
  // Two agents with one identity would keep replacing each other at the gateway, cutting runs off.
  const twin = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--state-dir', nodeDir, '--name', 'laptop']);
  assert.notEqual(await twin.exited, 0);
  assert.match(twin.output(), new RegExp(`another Hearth node agent \\(pid ${node.child.pid}: the Hearth app, the service from \`hearth node install\`, or another \`hearth node run\`\\) already runs with state dir`));
  assert.match(twin.output(), /stop that one first, or give this one its own --state-dir/);
  assert.equal(node.child.exitCode, null, 'the running agent is untouched');
  assert.equal(nodeListed('laptop')?.connected, true);
});

test('gateway killed mid-run: the CLI says the connection was lost, in one line, at once', async () => {
  const sep = ['--url', gw.url, '--token', gw.token];
  const run = spawnHearth(['nodes', 'run', 'laptop', ...sep, '--', 'sleep', '10']);
  await new Promise((r) => setTimeout(r, 1500));
  const killedAt = Date.now();
  gw.child.kill('SIGKILL');
  const code = await run.exited;
  assert.ok(Date.now() - killedAt < 2000, 'the CLI noticed within 2 s');
  assert.equal(code, 1);
  assert.match(run.output().trim(), /^hearth: lost the connection to the gateway while the command was running on laptop/);
  assert.equal(run.output().trim().split('\n').length, 1);
});
