/**
 * The tunnel supervisor against a real OpenSSH server as the VPS: pin the host key, bring the
 * reverse tunnel up, HTTP and WebSocket through the VPS's forwarded port (as remote peers: the
 * loopback exemption from auth rate limits does not apply), sshd killed → `backoff` → back → `up`
 * by itself, wrong key → `auth-failed`, a port another session holds → `remote-port-busy`, and a
 * reinstalled VPS (new host key) → `host-key-mismatch`, stopped.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { openRaw } from '../helpers/raw-ws.ts';
import { freePort, runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc } from '../helpers/processes.ts';
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd.ts';

const skip = sshdAvailable() ? false : 'needs root and openssh-server (apt-get install -y openssh-server)';

let sshd: Sshd;
let gw: GatewayProc;
let remotePort: number;

function cli(args: string[]) {
  return runHearth([...args, '--url', gw.url, '--token', gw.token]);
}

function tunnelStatus(): Record<string, unknown> & { state: string; lastError: string | null } {
  const r = cli(['tunnel', 'status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown> & { state: string; lastError: string | null };
}

async function waitState(state: string, timeoutMs = 20_000): Promise<Record<string, unknown> & { state: string; lastError: string | null }> {
  let last: ReturnType<typeof tunnelStatus> | undefined;
  await waitUntil(() => (last = tunnelStatus()).state === state, timeoutMs, `tunnel state ${state} (last: ${JSON.stringify(last)})`).catch((err: Error) => {
    throw new Error(`${err.message}\nsshd log:\n${sshd.log().slice(-2000)}`);
  });
  return last!;
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const connectFrame = (id: string, token: string) => ({
  type: 'req', id, method: 'connect',
  params: { minProtocol: 3, maxProtocol: 4, client: { id: 'cli', mode: 'cli', platform: 'linux', version: '1' }, role: 'operator', scopes: ['operator.read'], auth: { token } },
});

before(async () => {
  if (skip) return;
  sshd = await startSshd();
  gw = await startGatewayProcess();
  remotePort = await freePort();
});

after(async () => {
  if (skip) return;
  await gw?.stop();
  await sshd?.cleanup();
});

test('tunnel set without --host-key shows the fingerprint and pins nothing', { skip }, () => {
  const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--remote-port', String(remotePort)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`host key ${sshd.hostKeyFingerprint().replace(/[+/]/g, '\\$&')}`));
  assert.match(r.stderr, /--accept-host-key/);
  assert.equal(tunnelStatus()['configured'], false);
});

test('a public remote bind is refused without --public', { skip }, () => {
  const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--remote-bind', '0.0.0.0', '--accept-host-key']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--public/);
});

test('accepted host key: the tunnel comes up and serves HTTP and WebSocket as a remote peer', { skip }, async () => {
  const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--remote-port', String(remotePort), '--accept-host-key', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const set = JSON.parse(r.stdout) as { state: string; ssh: { hostKey: string }; remote: { port: number; bind: string } };
  assert.equal(set.ssh.hostKey, sshd.hostKeyFingerprint());
  const s = await waitState('up');
  assert.deepEqual(s['remote'], { host: '127.0.0.1', port: remotePort, bind: '127.0.0.1' });
  for (const k of ['since', 'rttMs', 'bytesIn', 'bytesOut', 'connections', 'reconnects', 'lastError']) assert.ok(k in s, `status has ${k}`);

  const health = await httpGet(remotePort, '/healthz');
  assert.equal(health.status, 200);
  assert.match(health.body, /"ok":true/);

  // WebSocket through the VPS: the right token is admitted...
  const ok = await openRaw(`ws://127.0.0.1:${remotePort}`);
  ok.send(connectFrame('c1', gw.token));
  const hello = await ok.next();
  assert.equal(hello['ok'], true, JSON.stringify(hello));
  ok.ws.close();
});

test('setup codes list the tunnel first; a node paired with one connects through the VPS and shows path tunnel', { skip }, async () => {
  const qr = cli(['qr', '--node', '--json']);
  assert.equal(qr.code, 0, qr.stderr);
  const code = JSON.parse(qr.stdout) as { setupCode: string; gatewayUrl: string; urls: string[] };
  assert.equal(code.urls[0], `ws://127.0.0.1:${remotePort}`);
  assert.equal(code.urls.at(-1), gw.url, 'the gateway machine\'s own loopback goes last');
  const nodeDir = tempDir('hearth-node-');
  const node = spawnHearth(['node', 'run', '--pair', code.setupCode, '--state-dir', nodeDir, '--name', 'through-vps']);
  try {
    await node.waitFor(/[Cc]onnected to/, 20_000);
    let entry: { path?: string; remoteIp?: string; rttMs?: number } | undefined;
    await waitUntil(() => {
      const list = JSON.parse(cli(['nodes', 'list', '--json']).stdout) as { nodes: { displayName?: string; connected: boolean; path?: string; remoteIp?: string }[] };
      entry = list.nodes.find((n) => n.displayName === 'through-vps' && n.connected);
      return entry !== undefined;
    }, 15_000, 'the node to show up');
    assert.equal(entry!.path, 'tunnel');
    assert.match(String(entry!.remoteIp), /^tunnel:127\.0\.0\.1/);
    const deep = cli(['status', '--deep']);
    assert.match(deep.stdout, /through-vps .*tunnel/);
  } finally {
    await node.stop();
    rmSync(nodeDir, { recursive: true, force: true });
  }
});

test('tunnelled connections are rate limited like remote peers; loopback clients are not', { skip }, async () => {
  // Wrong tokens count against the tunnel's rate limit, which loopback clients never hit.
  let limited = false;
  for (let i = 0; i < 12 && !limited; i++) {
    const bad = await openRaw(`ws://127.0.0.1:${remotePort}`);
    bad.send(connectFrame(`b${i}`, 'wrong-token'));
    const res = await bad.next();
    limited = JSON.stringify(res).includes('AUTH_RATE_LIMITED');
    bad.ws.terminate();
  }
  assert.ok(limited, 'tunnelled connections are rate limited like remote peers');
  const direct = await openRaw(gw.url);
  direct.send(connectFrame('d1', gw.token));
  assert.equal((await direct.next())['ok'], true, 'loopback clients are not affected by the tunnel peer limit');
  direct.ws.close();
  const after = tunnelStatus() as unknown as { connectionsTotal: number; bytesIn: number };
  assert.ok(after.connectionsTotal >= 3);
  assert.ok(after.bytesIn > 0);
});

test('sshd killed → backoff; sshd back → up again by itself', { skip }, async () => {
  await sshd.stop();
  const down = await waitState('backoff');
  assert.match(String(down.lastError), /dropped|cannot reach/);
  await sshd.start();
  const up = await waitState('up', 30_000);
  assert.ok((up['reconnects'] as number) >= 1);
  assert.equal((await httpGet(remotePort, '/healthz')).status, 200);
});

test('tunnel down / up', { skip }, async () => {
  assert.equal(cli(['tunnel', 'down']).code, 0);
  assert.equal(tunnelStatus().state, 'disabled');
  await assert.rejects(httpGet(remotePort, '/healthz'));
  const r = cli(['tunnel', 'up']);
  assert.equal(r.code, 0, r.stderr);
  await waitState('up');
  const t = cli(['tunnel', 'test']);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /Host key: +ok/);
});

test('remote port held by another session → remote-port-busy naming the port and the VPS', { skip }, async () => {
  const busyPort = await freePort();
  const holder = spawn('ssh', ['-N', '-i', sshd.clientKey, '-p', String(sshd.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'ExitOnForwardFailure=yes', '-o', 'BatchMode=yes', '-R', `127.0.0.1:${busyPort}:127.0.0.1:9`, 'root@127.0.0.1'], { stdio: 'ignore' });
  try {
    await waitUntil(async () => (await httpGet(busyPort, '/').then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ECONNREFUSED')), 10_000, 'the other session to hold the port');
    const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--remote-port', String(busyPort), '--host-key', sshd.hostKeyFingerprint()]);
    assert.equal(r.code, 0, r.stderr);
    const s = await waitState('remote-port-busy');
    assert.match(String(s.lastError), new RegExp(`127\\.0\\.0\\.1:${busyPort}`));
    assert.match(String(s.lastError), /VPS 127\.0\.0\.1/);
    assert.match(String(s.lastError), /ClientAliveInterval/);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a key the VPS does not accept → auth-failed', { skip }, async () => {
  const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.wrongKey, '--remote-port', String(remotePort), '--host-key', sshd.hostKeyFingerprint()]);
  assert.equal(r.code, 0, r.stderr);
  const s = await waitState('auth-failed');
  assert.match(String(s.lastError), /refused the key/);
  assert.ok((s['nextRetryAtMs'] as number) - Date.now() > 60_000, 'auth failures back off for minutes (fail2ban)');
  await waitUntil(() => cli(['alerts', '--json']).stdout.includes('tunnel.auth'), 15_000, 'the tunnel.auth alert');
});

test('the VPS comes back with a new host key → host-key-mismatch, stopped, and health says so', { skip }, async () => {
  const r = cli(['tunnel', 'set', '--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--remote-port', String(remotePort), '--host-key', sshd.hostKeyFingerprint()]);
  assert.equal(r.code, 0, r.stderr);
  await waitState('up');
  const pinned = sshd.hostKeyFingerprint();
  await sshd.stop();
  sshd.rekey();
  await sshd.start();
  const s = await waitState('host-key-mismatch', 30_000);
  assert.equal(s['presentedHostKey'], sshd.hostKeyFingerprint());
  assert.notEqual(s['presentedHostKey'], pinned);
  assert.equal(s['nextRetryAtMs'], null, 'a changed key is never retried');
  const deep = runHearth(['status', '--deep', '--json', '--url', gw.url, '--token', gw.token]);
  assert.match(deep.stdout, /host-key-mismatch/);
  await waitUntil(() => cli(['alerts', '--json']).stdout.includes('tunnel.host-key'), 15_000, 'the tunnel.host-key alert');
});
