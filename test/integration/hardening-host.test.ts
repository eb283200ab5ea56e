// Class 2 of the hardening issue: DNS rebinding. A token-less loopback gateway (plain `hearth
// gateway`) must refuse a browser whose Host names a foreign domain — before the WebSocket
// upgrade and for HTTP routes that return data — while its own names, configured public URL and
// allowed hosts keep working. Real gateway processes, raw requests.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectRawOperator } from '../../bench/lib/raw-operator.ts';
import { freePort, spawnHearth, tempDir, type Proc } from '../helpers/processes.ts';
import { openWith, rawGet, upgradeStatus } from '../helpers/raw-http.ts';

const procs: Proc[] = [];
after(async () => {
  for (const p of procs) await p.stop();
});

async function tokenless(extra: string[] = [], config?: object): Promise<{ port: number; proc: Proc }> {
  const port = await freePort();
  const dir = tempDir('hearth-host-');
  if (config) writeFileSync(join(dir, 'hearth.json'), JSON.stringify(config), { mode: 0o600 });
  const proc = spawnHearth(['gateway', '--port', String(port), '--state-dir', dir, ...extra]);
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
