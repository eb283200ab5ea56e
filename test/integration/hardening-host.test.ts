// Class 2 of the hardening issue: DNS rebinding. A token-less loopback gateway (plain `hearth
// gateway`) must refuse a browser whose Host names a foreign domain — before the WebSocket
// upgrade and for HTTP routes that return data — while its own names, configured public URL and
// allowed hosts keep working. Real gateway processes, raw requests.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectRawOperator } from '../../bench/lib/raw-operator.ts';
import { freePort, spawnHearth, tempDir, type Proc } from '../helpers/processes.ts';
import { openWith, rawGet, upgradeStatus } from '../helpers/raw-http.ts';

const procs: Proc[] = [];
after(async () => {
  for (const p of procs) await p.stop();
});

async function tokenless(extra: string[] = [], config?: object, env: Record<string, string> = {}): Promise<{ port: number; proc: Proc }> {
  const port = await freePort();
  const dir = tempDir('hearth-host-');
  if (config) writeFileSync(join(dir, 'hearth.json'), JSON.stringify(config), { mode: 0o600 });
  const proc = spawnHearth(['gateway', '--port', String(port), '--state-dir', dir, ...extra], env);
  procs.push(proc);
  await proc.waitFor(/listening on ws:\/\//);
  return { port, proc };
}

test('a rebinding page (foreign Host and Origin) is refused before the upgrade, with the fix named', async () => {
  const { port } = await tokenless();
  for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io', 'EVIL.example.', 'x']) {
    const r = await upgradeStatus(port, { Host: host, Origin: `http://${host}` });
    assert.equal(r.status, 421, `${host}: ${r.raw.slice(0, 120)}`);
    assert.match(r.body, /DNS rebinding/);
    assert.match(r.body, /--public-url|allowedHosts/);
  }
  // No Origin (a script, not a browser) with a foreign Host is refused the same way.
  assert.equal((await upgradeStatus(port, { Host: 'evil.example' })).status, 421);
  // Through a real client library: the refusal arrives as the HTTP status, no challenge is sent.
  const viaWs = await openWith(`ws://127.0.0.1:${port}`, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` });
  assert.equal(viaWs.status, 421);
});

test('HTTP routes with data are refused for a foreign Host; liveness answers without data', async () => {
  const { port } = await tokenless();
  for (const path of ['/', '/readyz', '/index.html', '/nodes', '/assets/x.js']) {
    const r = await rawGet(port, path, { Host: 'evil.example' });
    assert.equal(r.status, 421, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  const live = await rawGet(port, '/healthz', { Host: 'evil.example' });
  assert.equal(live.status, 200);
  assert.deepEqual(JSON.parse(live.body), { ok: true, status: 'live' });
});

test("the gateway's own names are admitted: 127.0.0.1, localhost, [::1], *.localhost", async () => {
  const { port } = await tokenless();
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, '[::1]', `app.localhost:${port}`, 'LOCALHOST', '127.0.0.2']) {
    assert.equal((await rawGet(port, '/readyz', { Host: host })).status, 200, host);
    assert.equal((await upgradeStatus(port, { Host: host, Origin: `http://${host}` })).status, 101, host);
  }
  const op = await connectRawOperator(`ws://localhost:${port}`, 'unused');
  assert.equal((await op.call('health', {})).ok, true);
  op.close();
});

test('--public-url and --allowed-hosts add names; gateway.allowedHosts in the config too', async () => {
  const { port } = await tokenless(['--public-url', 'http://home.tail1234.ts.net:18789', '--allowed-hosts', 'hub.example, Proxy.Example.']);
  for (const host of ['home.tail1234.ts.net', 'hub.example:443', 'proxy.example']) {
    assert.equal((await upgradeStatus(port, { Host: host })).status, 101, host);
    assert.equal((await rawGet(port, '/readyz', { Host: host })).status, 200, host);
  }
  assert.equal((await rawGet(port, '/readyz', { Host: 'other.example' })).status, 421);
});

test('gateway.allowedHosts in hearth.json is honoured; a broken entry list is refused at start', async () => {
  const { port } = await tokenless([], { version: 1, gateway: { allowedHosts: ['cfg.example'] } });
  assert.equal((await upgradeStatus(port, { Host: 'cfg.example' })).status, 101);
  assert.equal((await rawGet(port, '/readyz', { Host: 'evil.example' })).status, 421);
  const port2 = await freePort();
  const dir = tempDir('hearth-host-');
  writeFileSync(join(dir, 'hearth.json'), JSON.stringify({ version: 1, gateway: { allowedHosts: 'cfg.example' } }), { mode: 0o600 });
  const bad = spawnHearth(['gateway', '--port', String(port2), '--state-dir', dir]);
  procs.push(bad);
  assert.notEqual(await bad.exited, 0);
  assert.match(bad.output(), /gateway\.allowedHosts must be a list/);
});

// Tailscale cannot run here: a `tailscale` on PATH replays the shape of `tailscale status --json`
// (ipnstate.Status), slowly, as a daemon that is still answering would.
function slowTailscale(delaySeconds: number): string {
  const bin = join(tempDir('hearth-fake-ts-'), 'bin');
  mkdirSync(bin);
  const status = {
    Version: '1.76.1', BackendState: 'Running', TailscaleIPs: ['100.64.0.5'], MagicDNSSuffix: 'tail1234.ts.net',
    Self: { ID: 'n1', HostName: 'home-pc', DNSName: 'home-pc.tail1234.ts.net.', OS: 'linux', TailscaleIPs: ['100.64.0.5'], Online: true, Relay: 'fra' },
    Peer: {},
  };
  writeFileSync(join(bin, 'tailscale'), `#!/bin/sh\nsleep ${delaySeconds}\ncat <<'EOF'\n${JSON.stringify(status)}\nEOF\n`);
  chmodSync(join(bin, 'tailscale'), 0o755);
  return bin;
}

test('right after start, the MagicDNS name Tailscale is still being asked for waits for the answer instead of a 421', async () => {
  const bin = slowTailscale(0.8);
  const { port } = await tokenless([], undefined, { PATH: `${bin}:${process.env['PATH'] ?? ''}` });
  const magic = `home-pc.tail1234.ts.net:${port}`;
  // A phone reconnecting the moment the gateway is back: the page and the socket, both by name.
  const [page, upgrade, foreign] = await Promise.all([
    rawGet(port, '/readyz', { Host: magic }),
    upgradeStatus(port, { Host: magic, Origin: `http://${magic}` }),
    rawGet(port, '/readyz', { Host: 'evil.example' }),
  ]);
  assert.equal(page.status, 200, page.body);
  assert.equal(upgrade.status, 101, upgrade.raw.slice(0, 200));
  // A name detection does not learn is still refused once it has answered.
  assert.equal(foreign.status, 421);
  assert.match(foreign.body, /DNS rebinding/);
  // Detection done: a foreign name is refused at once, the learned one admitted at once.
  const t0 = Date.now();
  assert.equal((await rawGet(port, '/readyz', { Host: 'evil.example' })).status, 421);
  assert.equal((await rawGet(port, '/readyz', { Host: magic })).status, 200);
  assert.ok(Date.now() - t0 < 700, 'no more waiting once detection ended');
});

test('a setup code asked for right after start carries the tailnet address the first detection finds', async () => {
  const bin = slowTailscale(0.8);
  const { port } = await tokenless(['--bind', 'lan', '--token', 'host-test-token-0123456789'], undefined, { PATH: `${bin}:${process.env['PATH'] ?? ''}` });
  const qr = spawnHearth(['qr', '--json', '--url', `ws://127.0.0.1:${port}`, '--token', 'host-test-token-0123456789']);
  procs.push(qr);
  assert.equal(await qr.exited, 0, qr.output());
  const code = JSON.parse(qr.output()) as { urls?: string[] };
  assert.ok(code.urls?.some((u) => u.includes('home-pc.tail1234.ts.net')), `urls: ${JSON.stringify(code.urls)}`);
});
