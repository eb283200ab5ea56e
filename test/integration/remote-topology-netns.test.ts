/**
 * The seed's picture in network namespaces on one bridge: `vps` runs Debian's sshd; the gateway in
 * `home` keeps the reverse tunnel to it; the `laptop` node reaches the gateway only through
 * `ssh -N -L` to the VPS (its first --url, the home LAN, is unreachable) and shows `path: tunnel`;
 * Debian's Chromium in `phone` opens the web UI through its own `ssh -N -L`, signs in with a setup
 * code and runs a command on the laptop. Needs root; every namespace, link and process is removed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { HEARTH, tempDir, waitUntil } from '../helpers/processes.ts';
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd.ts';

const tag = Math.random().toString(36).slice(2, 7);
const NS = { phone: `hp-${tag}`, vps: `hv-${tag}`, home: `hh-${tag}`, laptop: `hl-${tag}` } as const;
const BRIDGE = `hbr-${tag}`;
const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
const IP = { phone: `${subnet}.1`, vps: `${subnet}.2`, home: `${subnet}.3`, laptop: `${subnet}.4` } as const;
const TOKEN = 'netns-token-0123456789';
const GW_PORT = 18789;
const REMOTE_PORT = 18789;

const canRun = sshdAvailable() && existsSync('/usr/bin/chromium') && spawnSync('ip', ['netns', 'list']).status === 0;
const skip = canRun ? false : 'needs root, iproute2, openssh-server and chromium';

function sh(args: string[]): void {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
}

const procs: ChildProcess[] = [];
let sshd: Sshd | undefined;
let browser: Browser | undefined;
const dir = tempDir('hearth-netns-');

function inNs(ns: string, argv: string[]): ChildProcess {
  const c = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined } });
  let out = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  (c as ChildProcess & { output: () => string }).output = () => out;
  procs.push(c);
  return c;
}

function hearthIn(ns: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, HEARTH, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const homeCli = (args: string[]) => hearthIn(NS.home, [...args, '--url', `ws://127.0.0.1:${GW_PORT}`, '--token', TOKEN]);

function sshForward(ns: string, localPort: number, key: string): ChildProcess {
  return inNs(ns, ['ssh', '-N', '-i', key, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
    '-o', 'ExitOnForwardFailure=yes', '-o', 'ServerAliveInterval=5', '-L', `127.0.0.1:${localPort}:127.0.0.1:${REMOTE_PORT}`, `root@${IP.vps}`]);
}

function portOpenIn(ns: string, port: number): boolean {
  return spawnSync('ip', ['netns', 'exec', ns, 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0;
}

before(() => {
  if (skip) return;
  sh(['ip', 'link', 'add', BRIDGE, 'type', 'bridge']);
  sh(['ip', 'link', 'set', BRIDGE, 'up']);
  for (const [name, ns] of Object.entries(NS)) {
    sh(['ip', 'netns', 'add', ns]);
    sh(['ip', 'link', 'add', `v${name.slice(0, 2)}-${tag}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    sh(['ip', 'link', 'set', `v${name.slice(0, 2)}-${tag}`, 'master', BRIDGE, 'up']);
    sh(['ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${IP[name as keyof typeof IP]}/24`, 'dev', 'eth0']);
    sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'eth0', 'up']);
    sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
  }
});

after(async () => {
  if (skip) return;
  await browser?.close().catch(() => {});
  for (const p of procs) p.kill('SIGKILL');
  await sshd?.cleanup();
  for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
  spawnSync('ip', ['link', 'del', BRIDGE]);
  rmSync(dir, { recursive: true, force: true });
});

test('phone → VPS → home gateway → laptop, through real ssh tunnels in namespaces', { skip, timeout: 240_000 }, async () => {
  sshd = await startSshd({ port: 22, netns: NS.vps, extraConfig: [`ListenAddress ${IP.vps}`] });

  const gw = inNs(NS.home, [process.execPath, HEARTH, 'gateway', '--port', String(GW_PORT), '--token', TOKEN, '--state-dir', join(dir, 'home')]);
  await waitUntil(() => /listening on/.test((gw as ChildProcess & { output: () => string }).output()), 20_000, 'the gateway in home');
  const set = homeCli(['tunnel', 'set', '--ssh', `root@${IP.vps}`, '--identity', sshd.clientKey, '--host-key', sshd.hostKeyFingerprint(), '--json']);
  assert.equal(set.code, 0, set.stderr);
  assert.equal((JSON.parse(set.stdout) as { state: string }).state, 'up', set.stdout);

  // The laptop: its LAN route to home is a dead address; the VPS route is an ssh -L.
  const laptopPort = 28789;
  sshForward(NS.laptop, laptopPort, sshd.clientKey);
  await waitUntil(() => portOpenIn(NS.laptop, laptopPort), 15_000, 'the laptop\'s ssh -L');
  const nodeCode = (JSON.parse(homeCli(['qr', '--node', '--json']).stdout) as { setupCode: string }).setupCode;
  inNs(NS.laptop, [process.execPath, HEARTH, 'node', 'run', '--pair', nodeCode, '--name', 'laptop', '--state-dir', join(dir, 'laptop'),
    '--url', `ws://${subnet}.99:${GW_PORT},ws://127.0.0.1:${laptopPort}`]);
  let laptop: { nodeId: string; path?: string; remoteIp?: string } | undefined;
  await waitUntil(() => {
    const r = homeCli(['nodes', 'list', '--json']);
    laptop = (JSON.parse(r.stdout || '{"nodes":[]}') as { nodes: { nodeId: string; displayName?: string; connected: boolean; approvalState: string; path?: string; remoteIp?: string }[] })
      .nodes.find((n) => n.displayName === 'laptop' && n.connected && n.approvalState === 'approved');
    return laptop !== undefined;
  }, 60_000, 'the laptop node through the VPS');
  assert.equal(laptop!.path, 'tunnel');
  assert.match(String(laptop!.remoteIp), /^tunnel:/);

  // The phone: ssh -L to the VPS, then Chromium in the phone namespace.
  const phonePort = 38789;
  sshForward(NS.phone, phonePort, sshd.clientKey);
  await waitUntil(() => portOpenIn(NS.phone, phonePort), 15_000, 'the phone\'s ssh -L');
  const wrapper = join(dir, 'chromium-in-phone.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NS.phone} /usr/bin/chromium "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await chromium.launch({ executablePath: wrapper, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en' })).newPage();
  const phoneCode = (JSON.parse(homeCli(['qr', '--json']).stdout) as { setupCode: string }).setupCode;
  await page.goto(`http://127.0.0.1:${phonePort}/#setup=${phoneCode}`);
  await page.getByTestId('topology').waitFor({ timeout: 30_000 });
  // The topology's relay hop comes from live data: this phone arrived through the tunnel.
  await page.getByTestId('topo-relay').filter({ hasText: 'VPS tunnel' }).waitFor({ timeout: 20_000 });
  await page.goto(`http://127.0.0.1:${phonePort}/#/nodes/${encodeURIComponent(laptop!.nodeId)}`);
  await page.getByTestId('run-command').fill('echo from-the-laptop');
  await page.getByTestId('run-submit').click();
  await page.getByTestId('exit-code').first().filter({ hasText: 'exit 0' }).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('stdout').first().innerText(), /from-the-laptop/);
  await page.getByTestId('node-path').filter({ hasText: 'tunnel' }).waitFor({ timeout: 10_000 });
});
