// Wake-on-LAN: a real node reports its LAN cards while connected; once it is gone,
// `hearth nodes wake` sends the magic packet (6 × 0xFF + 16 × the MAC, captured here by a UDP
// listener on loopback), waits, and reports how long the node took to come back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { broadcastAddress, magicPacket } from '../../src-main/core/ops/wake-on-lan.ts';
import { ROOT, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'wol-test-token-0123456789';
const dirs: string[] = [];
const procs: Proc[] = [];
const tempDir = (p: string) => { const d = makeTempDir(p); dirs.push(d); return d; };
let gw: GatewayProc;
before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  gw = await startGatewayProcess({ token: TOKEN, stateDir: tempDir('hearth-wol-gw-') });
  procs.push(gw);
});
after(async () => {
  for (const p of procs) await p.stop('SIGKILL').catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the packet and the subnet broadcast', () => {
  const p = magicPacket('3C:52:82:0a:1b:2c');
  assert.equal(p.length, 102);
  assert.deepEqual([...p.subarray(0, 6)], [255, 255, 255, 255, 255, 255]);
  for (let i = 0; i < 16; i++) assert.equal(p.subarray(6 + i * 6, 12 + i * 6).toString('hex'), '3c52820a1b2c');
  assert.equal(broadcastAddress('192.168.1.20', '255.255.255.0'), '192.168.1.255');
  assert.equal(broadcastAddress('10.1.2.3', '255.255.240.0'), '10.1.15.255');
  assert.throws(() => magicPacket('zz:zz'), /not a MAC address/);
});

test('wake a node that went away: packet captured, reconnect timed', { timeout: 120_000 }, async () => {
  const client = ['--url', gw.url, '--token', TOKEN];
  const nodeDir = tempDir('hearth-wol-node-');
  const qr = JSON.parse(runHearth(['qr', '--node', '--json', ...client]).stdout) as { setupCode: string };
  const node = spawnHearth(['node', 'run', '--pair', qr.setupCode, '--name', 'sleepy', '--state-dir', nodeDir]);
  procs.push(node);
  type Entry = { displayName?: string; connected: boolean; interfaces?: { mac: string }[] };
  let mac = '';
  await waitUntil(() => {
    const r = runHearth(['nodes', 'list', '--json', ...client]);
    const n = (JSON.parse(r.stdout) as { nodes: Entry[] }).nodes.find((e) => e.displayName === 'sleepy');
    if (n?.connected && n.interfaces) mac = n.interfaces[0]?.mac ?? 'none';
    return mac !== '';
  }, 30_000, 'the node reported its interfaces');
  await node.stop('SIGTERM');

  // Packets only ever go to loopback in this test: --broadcast 127.0.0.1 and a listener of ours.
  const listener = createSocket('udp4');
  await new Promise<void>((r) => listener.bind(0, '127.0.0.1', () => r()));
  const port = listener.address().port;
  const got = new Promise<Buffer>((r) => listener.once('message', (m) => r(m)));
  const macArgs = mac === 'none' ? ['--mac', '02:00:00:00:00:01'] : [];
  if (mac === 'none') {
    // A machine without a LAN card reports none: the command says so and sends nothing.
    assert.match(runHearth(['nodes', 'wake', 'sleepy', '--wait', '0', ...client]).stderr, /never reported a network card with a MAC address/);
  }
  const wake = spawnHearth(['nodes', 'wake', 'sleepy', '--broadcast', '127.0.0.1', '--port', String(port), '--wait', '60', ...macArgs, ...client]);
  const packet = await got;
  listener.close();
  assert.deepEqual(packet, magicPacket(mac === 'none' ? '02:00:00:00:00:01' : mac));
  // The machine "wakes": its node comes back.
  const again = spawnHearth(['node', 'run', '--name', 'sleepy', '--state-dir', nodeDir]);
  procs.push(again);
  const m = await wake.waitFor(/sleepy is back online after ([\d.]+) s\./, 60_000);
  assert.ok(Number(m[1]) > 0);
  assert.equal(await wake.exited, 0);
  const already = runHearth(['nodes', 'wake', 'sleepy', ...client]);
  assert.match(already.stdout, /sleepy is already online; nothing to wake\./);
});
