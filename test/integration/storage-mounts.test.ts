// Storage against real mounts (Linux, root): a small tmpfs driven to warn, crit and full (with
// hysteresis on the way back), a read-only bind mount, a path that is not a mount, a missing path,
// and sshfs through a local sshd that is frozen with SIGSTOP: the mount reads `hung`, the gateway
// keeps answering `health` fast, exactly one probe process is outstanding, the server check tells
// `server-unreachable` once the server stops listening, and the state recovers after SIGCONT.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import type { MountStatus } from '../../src-shared/storage/types.ts';
import { ROOT, runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc } from '../helpers/processes.ts';
import { sshfsUnavailable, startSshfsMount, type SshfsMount } from '../helpers/sshfs.ts';

const TOKEN = 'storage-test-token-0123456789';
const mountsUnavailable = process.platform !== 'linux' ? 'real mounts need Linux' : process.getuid?.() !== 0 ? 'mounting tmpfs and bind mounts needs root (CI runs as root)' : undefined;

let gw: GatewayProc | undefined;
let conn: GatewayConnection | undefined;
let client: string[] = [];
const dirs: string[] = [];
const mounted: string[] = [];

function sh(cmd: string, ...args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return runHearth([...args, ...client]);
}

function addMount(...args: string[]): MountStatus {
  const r = cli('storage', 'add', ...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { mount: MountStatus }).mount;
}

function check(name: string): MountStatus {
  const r = cli('storage', 'check', name, '--json');
  assert.equal(r.code, 0, r.stderr);
  const m = (JSON.parse(r.stdout) as { mounts: MountStatus[] }).mounts.find((x) => x.name === name);
  assert.ok(m, `${name} in check output`);
  return m;
}

/** Live probe processes whose parent is the gateway (zombies do not count). */
function probeProcesses(parent: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.includes('hearth-storage-probe')) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] !== 'Z' && Number(rest[1]) === parent) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

before(async () => {
  if (mountsUnavailable) return;
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const stateDir = tempDir('hearth-storage-gw-');
  dirs.push(stateDir);
  gw = await startGatewayProcess({ token: TOKEN, stateDir });
  client = ['--url', gw.url, '--token', TOKEN];
  conn = await GatewayConnection.open({
    url: gw.url, client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' }, role: 'operator',
    scopes: ['operator.admin', 'operator.read'], auth: { token: TOKEN }, socketFactory: wsSocketFactory(), connectTimeoutMs: 10_000,
  });
  // A short deadline keeps the hang case quick; the 60 s schedule stays (checks are on demand).
  await conn.call('hearth.storage.settings', { deadlineMs: 1500 });
});

after(async () => {
  conn?.close(1000, 'done');
  await gw?.stop('SIGKILL');
  for (const m of mounted.reverse()) spawnSync('umount', ['-l', m]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('tmpfs: ok, warn, crit and full, with 5 points of hysteresis on the way down', { skip: mountsUnavailable }, () => {
  const dir = tempDir('hearth-tmpfs-');
  dirs.push(dir);
  sh('mount', '-t', 'tmpfs', '-o', 'size=1m,nr_inodes=1000', 'tmpfs', dir);
  mounted.push(dir);
  const fill = (kib: number) => writeFileSync(join(dir, 'fill'), Buffer.alloc(kib * 1024));

  const added = addMount(dir, '--name', 'small', '--warn', '80', '--crit', '90');
  assert.equal(added.state, 'ok');
  assert.equal(added.fsType, 'tmpfs');
  assert.equal(added.mounted, true);
  assert.equal(added.writable, true);
  assert.equal(added.totalBytes, 1024 * 1024);
  assert.equal(typeof added.latencyMs, 'number');
  assert.equal(added.node, 'gateway');

  fill(840);
  let s = check('small');
  assert.equal(s.state, 'warn', JSON.stringify(s));
  assert.ok(s.usedPercent! >= 80 && s.usedPercent! < 90);
  fill(950);
  s = check('small');
  assert.equal(s.state, 'crit');
  // Raised through the alerts module, naming the machine and the mount.
  const alerts = cli('alerts', '--json');
  assert.equal(alerts.code, 0, alerts.stderr);
  assert.match(alerts.stdout, /Storage small \([^)]*\) on [^ ]+ is 9\d(\.\d)? % full/);
  // Back to 87 %: still critical (cleared only below 85 %).
  fill(890);
  assert.equal(check('small').state, 'crit');
  fill(800);
  s = check('small');
  assert.equal(s.state, 'warn', 'below crit-5, above warn-5');
  fill(790);
  assert.equal(check('small').state, 'warn', 'hysteresis keeps warn at 77 %');
  fill(100);
  assert.equal(check('small').state, 'ok');

  // Completely full: critical, the write check fails with ENOSPC, and it leaves no file behind.
  spawnSync('sh', ['-c', `cat /dev/zero > ${join(dir, 'fill')}`]);
  s = check('small');
  assert.equal(s.state, 'crit');
  assert.equal(s.usedPercent, 100);
  assert.equal(s.freeBytes, 0);
  assert.equal(s.writable, false);
  assert.match(s.lastError ?? '', /ENOSPC|no space/i);
  assert.deepEqual(readdirSync(dir), ['fill'], 'the probe leaves no file behind');
  rmSync(join(dir, 'fill'));
  assert.equal(check('small').state, 'ok');
  assert.deepEqual(readdirSync(dir), []);

  // The open alerts are counted in health: the tmpfs is fine again, so none is left for it.
  const health = JSON.parse(cli('health', '--json').stdout) as { hearth: { modules: { storage: { mounts: { name: string; state: string }[] } } } };
  assert.equal(health.hearth.modules.storage.mounts.find((m) => m.name === 'small')?.state, 'ok');
});

test('a read-only bind mount is read-only; a plain directory is not-mounted; a missing path is missing', { skip: mountsUnavailable }, () => {
  const base = tempDir('hearth-ro-');
  dirs.push(base);
  const src = join(base, 'src');
  const ro = join(base, 'ro');
  mkdirSync(src);
  mkdirSync(ro);
  sh('mount', '--bind', src, ro);
  mounted.push(ro);
  sh('mount', '-o', 'remount,bind,ro', ro);
  const s = addMount(ro, '--name', 'ro-share');
  assert.equal(s.state, 'read-only', JSON.stringify(s));
  assert.equal(s.writable, false);
  assert.equal(s.mounted, true);

  const plain = join(base, 'plain');
  mkdirSync(plain);
  const p = addMount(plain, '--name', 'plain');
  assert.equal(p.state, 'not-mounted', JSON.stringify(p));
  assert.equal(p.mounted, false);
  assert.match(p.lastError ?? '', /not mounted/);
  assert.deepEqual(readdirSync(plain), [], 'nothing written into a path that is not a mount');

  const gone = addMount(join(base, 'no-such-dir'), '--name', 'gone');
  assert.equal(gone.state, 'missing');

  // kind smb on a tmpfs: mounted, but not as what it must be.
  const wrongKind = addMount(src, '--name', 'not-smb', '--kind', 'smb');
  assert.equal(wrongKind.state, 'not-mounted');
  assert.match(wrongKind.lastError ?? '', /not smb|root filesystem/);

  const table = cli('storage', 'status');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /ro-share .*read-only/);
  assert.match(table.stdout, /plain .*not-mounted/);
});

test('bad input gets one-line errors naming the fix', { skip: mountsUnavailable }, () => {
  let r = cli('storage', 'add', '/mnt/x', '--warn', '95', '--crit', '90');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^hearth: .*must be below the critical one/);
  r = cli('storage', 'add', 'relative/path', '--node', 'laptop');
  assert.match(r.stderr, /not absolute/);
  r = cli('storage', 'remove', 'no-such');
  assert.match(r.stderr, /no storage named "no-such"/);
  r = cli('storage', 'add', '/mnt/x', '--server', 'nas:99999');
  assert.match(r.stderr, /invalid server/);
});

test('sshfs frozen with SIGSTOP: hung, health stays fast, one probe process, server-unreachable, recovery', { skip: mountsUnavailable ?? sshfsUnavailable(), timeout: 120_000 }, async () => {
  let m: SshfsMount | undefined;
  try {
    m = await startSshfsMount();
    const s = addMount(m.mountPoint, '--name', 'sshfs', '--server', `127.0.0.1:${m.sshPort}`);
    assert.equal(s.state, 'ok', JSON.stringify(s));
    assert.equal(s.fsType, 'fuse.sshfs');
    assert.match(s.source ?? '', /^root@127\.0\.0\.1:/);

    m.pause();
    const hung = check('sshfs');
    assert.equal(hung.state, 'hung', JSON.stringify(hung));
    assert.equal(hung.mounted, true, 'the mount table still lists it');
    assert.equal(hung.server?.reachable, true, 'sshd still accepts connections: the mount is hung, not the server gone');
    assert.match(hung.lastError ?? '', /has not answered statfs/);

    // Throughout the hang the gateway answers at once, and probes do not pile up.
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const checking = conn!.call('hearth.storage.check', { name: 'sshfs' });
      for (let j = 0; j < 5; j++) {
        const t = performance.now();
        await conn!.call('health', {});
        timings.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
      const again = (await checking) as { mounts: MountStatus[] };
      assert.equal(again.mounts[0]!.state, 'hung');
      assert.deepEqual(probeProcesses(gw!.child.pid!).length, 1, 'exactly one probe process outstanding for the hung mount');
    }
    // 100 ms is the figure; on a shared CI machine one call may lose the CPU for a moment,
    // so one outlier of 15 is tolerated (never past 500 ms). bench/storage.ts reports the real p99.
    const slow = timings.filter((t) => t >= 100);
    const took = `took ${timings.map((t) => t.toFixed(1)).join(', ')} ms`;
    assert.ok(slow.length <= 1 && Math.max(...timings) < 500, `health answered within 100 ms during the hang (${took})`);
    const st = (await conn!.call('hearth.storage.status', {})) as { probesInFlight: number };
    assert.equal(st.probesInFlight, 1);

    // The server stops listening: now it is the server that is gone.
    m.stopListener();
    await waitUntil(() => check('sshfs').state === 'server-unreachable', 15_000, 'server-unreachable once sshd stops listening');

    // Resumed: the stuck probe finishes, its process exits, and the mount is ok again.
    m.resume();
    await waitUntil(() => check('sshfs').state === 'ok', 20_000, 'the mount to recover after SIGCONT');
    await waitUntil(() => probeProcesses(gw!.child.pid!).length === 0, 10_000, 'no probe process left');
    assert.deepEqual(readdirSync(m.exportDir), [], 'the write probe left nothing on the share');
    const health = JSON.parse(cli('health', '--json').stdout) as { hearth: { modules: { storage: { mounts: { name: string; state: string }[] } } } };
    assert.equal(health.hearth.modules.storage.mounts.find((x) => x.name === 'sshfs')?.state, 'ok');
  } finally {
    await m?.close();
  }
});

test('a mount on a node is probed there (hearth.storage.probe), and an offline node keeps its last check', { skip: mountsUnavailable, timeout: 90_000 }, async () => {
  const dir = tempDir('hearth-node-tmpfs-');
  dirs.push(dir);
  sh('mount', '-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir);
  mounted.push(dir);
  const qr = cli('qr', '--node', '--json');
  assert.equal(qr.code, 0, qr.stderr);
  const nodeDir = tempDir('hearth-storage-node-');
  dirs.push(nodeDir);
  const node = spawnHearth(['node', 'run', '--pair', (JSON.parse(qr.stdout) as { setupCode: string }).setupCode, '--name', 'nas-laptop', '--state-dir', nodeDir]);
  try {
    await node.waitFor(/^connected to /m, 20_000);
    await waitUntil(() => {
      const l = JSON.parse(cli('nodes', 'list', '--json').stdout) as { nodes: { displayName?: string; connected: boolean; commands?: string[] }[] };
      return l.nodes.some((n) => n.displayName === 'nas-laptop' && n.connected && (n.commands ?? []).includes('hearth.storage.probe'));
    }, 15_000, 'the node to offer hearth.storage.probe');
    const s = addMount(dir, '--node', 'nas-laptop', '--warn', '40', '--crit', '60');
    assert.equal(s.node, 'nas-laptop');
    assert.equal(s.nodeName, 'nas-laptop');
    assert.equal(s.name, `${dir.split('/').at(-1)}@nas-laptop`);
    assert.equal(s.state, 'ok', JSON.stringify(s));
    assert.equal(s.fsType, 'tmpfs');
    assert.equal(s.totalBytes, 2 * 1024 * 1024);
    writeFileSync(join(dir, 'fill'), Buffer.alloc(1024 * 1024));
    assert.equal(check(s.name).state, 'warn');

    assert.equal(await node.stop('SIGINT'), 0);
    await waitUntil(() => {
      const l = JSON.parse(cli('nodes', 'list', '--json').stdout) as { nodes: { displayName?: string; connected: boolean }[] };
      return l.nodes.some((n) => n.displayName === 'nas-laptop' && !n.connected);
    }, 10_000, 'the node to be offline');
    const offline = check(s.name);
    assert.equal(offline.state, 'warn', 'the last known state stays');
    assert.match(offline.lastError ?? '', /node nas-laptop is offline/);
  } finally {
    await node.stop('SIGKILL');
  }
});
