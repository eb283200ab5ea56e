// `npm run bench` (remote access): the SSH reverse tunnel against a real sshd as the VPS, each
// figure next to a baseline measured in this run — invoke through the tunnel vs direct loopback
// (plus the SSH hop alone: a TCP echo through `ssh -R`), sshd back → tunnel up, and the gateway's
// CPU with an idle tunnel vs the same gateway without one. Needs root and openssh-server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/processes.ts';
import { sshdAvailable, startSshd } from '../test/helpers/sshd.ts';
import { fmtMs, killAndWait, median, percentile, waitForPort } from './lib/measure.ts';
import { connectRawOperator, type RawOperator } from './lib/raw-operator.ts';
import { connectSimNode } from './lib/sim-node.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEARTH = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };
const rows: string[][] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function invokeRoundTrips(op: RawOperator, nodeId: string, n: number): Promise<number[]> {
  let k = 0;
  const once = async () => {
    const r = await op.call('node.invoke', { nodeId, command: 'system.which', params: { bins: [] }, idempotencyKey: `t${++k}:${Math.random()}` });
    if (!r.ok) throw new Error(r.error?.message);
  };
  for (let i = 0; i < 20; i++) await once();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once();
    xs.push(performance.now() - t0);
  }
  return xs;
}

/** One-byte ping-pong RTTs to a TCP echo through `port`. */
async function echoRoundTrips(port: number, n: number): Promise<number[]> {
  const sock: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
  sock.setNoDelay(true);
  const xs: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      sock.once('data', () => resolve());
      sock.write('x');
    });
    if (i >= 20) xs.push(performance.now() - t0);
  }
  sock.destroy();
  return xs;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 Hz on Linux)
}

async function cpuShare(pid: number, ms: number): Promise<number> {
  const t0 = cpuTicks(pid);
  await sleep(ms);
  return ((cpuTicks(pid) - t0) / 100) / (ms / 1000) * 100;
}

async function tunnelState(op: RawOperator): Promise<string> {
  const r = await op.call('hearth.tunnel.status', {});
  return (r.payload as { state: string }).state;
}

async function main() {
  console.log('Hearth remote-access benchmarks (real sshd as the VPS; each ratio measured in this run)\n');
  if (!sshdAvailable()) {
    console.log('skipped: needs root and openssh-server (apt-get install -y openssh-server)');
    return;
  }
  const sshd = await startSshd();
  const port = await freePort();
  const remotePort = await freePort();
  const gw = spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', mkdtempSync(join(tmpdir(), 'hearth-bench-remote-'))], { env, stdio: 'ignore' });
  const echo = createServer((s) => { s.setNoDelay(true); s.pipe(s); });
  const holders: ReturnType<typeof spawn>[] = [];
  try {
    await waitForPort(port, 20_000);
    const direct = await connectRawOperator(`ws://127.0.0.1:${port}`, TOKEN);

    // Idle CPU without a tunnel first: the baseline of the idle-tunnel figure.
    await sleep(2000);
    const idleNoTunnel = await cpuShare(gw.pid!, 30_000);

    const set = await direct.call('hearth.tunnel.set', { ssh: `root@127.0.0.1:${sshd.port}`, identity: sshd.clientKey, remotePort, hostKey: sshd.hostKeyFingerprint() });
    if (!set.ok || (set.payload as { state: string }).state !== 'up') throw new Error(`tunnel did not come up: ${JSON.stringify(set)}`);
    await sleep(2000);
    const idleTunnel = await cpuShare(gw.pid!, 30_000);
    rows.push(['gateway CPU, idle tunnel up (30 s)', `${idleTunnel.toFixed(2)} % of a core`, `no tunnel: ${idleNoTunnel.toFixed(2)} %`, `+${(idleTunnel - idleNoTunnel).toFixed(2)} pp`, '< 0.5 %']);

    // Invoke: operator over the tunnel vs over loopback, same node.
    const sim = await connectSimNode(`ws://127.0.0.1:${port}`, TOKEN, 'bench-sim');
    const pending = (await direct.call('node.pair.list', {})).payload as { pending: { requestId: string }[] };
    for (const p of pending.pending) await direct.call('node.pair.approve', { requestId: p.requestId });
    await sleep(300);
    const viaTunnel = await connectRawOperator(`ws://127.0.0.1:${remotePort}`, TOKEN);
    const loop = await invokeRoundTrips(direct, sim.deviceId, 300);
    const tun = await invokeRoundTrips(viaTunnel, sim.deviceId, 300);
    // The SSH hop alone: a TCP echo behind `ssh -R` through the same sshd, vs the echo directly.
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const echoPort = (echo.address() as { port: number }).port;
    const hopPort = await freePort();
    holders.push(spawn('ssh', ['-N', '-i', sshd.clientKey, '-p', String(sshd.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
      '-o', 'ExitOnForwardFailure=yes', '-R', `127.0.0.1:${hopPort}:127.0.0.1:${echoPort}`, 'root@127.0.0.1'], { stdio: 'ignore' }));
    await waitForPort(hopPort, 10_000);
    const hop = median(await echoRoundTrips(hopPort, 300)) - median(await echoRoundTrips(echoPort, 300));
    const ratio = (median(tun) - hop) / median(loop);
    rows.push(['no-op invoke, operator through the tunnel', `p50 ${fmtMs(median(tun))}, p95 ${fmtMs(percentile(tun, 95))}`, `loopback: ${fmtMs(median(loop))}; ssh hop alone: ${fmtMs(hop)}`, `${ratio.toFixed(2)}× (minus the hop)`, '≤ 1.3× + hop']);
    viaTunnel.close();
    sim.conn.close();

    // sshd gone for 2 s, then back: time from its port answering to the tunnel being up.
    const recoveries: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sshd.stop();
      const t0 = Date.now();
      while ((await tunnelState(direct)) === 'up' && Date.now() - t0 < 10_000) await sleep(20);
      await sleep(2000);
      await sshd.start();
      const back = performance.now();
      while ((await tunnelState(direct)) !== 'up') {
        if (performance.now() - back > 60_000) throw new Error('tunnel did not come back within 60 s');
        await sleep(20);
      }
      recoveries.push(performance.now() - back);
      await sleep(500);
    }
    rows.push(['sshd back → tunnel up (2 s outage, default backoff)', `median ${fmtMs(median(recoveries))}, max ${fmtMs(Math.max(...recoveries))}`, 'backoff 1 s → 60 s, jittered', '', '≤ 5 s']);
    direct.close();
  } finally {
    for (const h of holders) h.kill('SIGKILL');
    echo.close();
    await killAndWait(gw);
    await sshd.cleanup();
  }
  const table = [['metric', 'Hearth', 'baseline', 'ratio', 'target'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const [i, row] of table.entries()) {
    console.log(row.map((c, j) => c.padEnd(widths[j]!)).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
