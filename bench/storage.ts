// Storage figures for `npm run bench`:
// 1. the gateway's event-loop delay p99 while one mount hangs (a real sshfs mount whose
//    sftp-server is stopped), against the same measurement with the mount healthy, in one gateway
//    running in this process (so the measured loop IS the gateway's);
// 2. the CPU of a real gateway process probing 10 mounts: measured at a 5 s interval over 30 s,
//    minus an idle gateway measured over the same time, and projected to the default 60 s;
// 3. one probe round trip on a healthy local mount, against spawning `node -e 0`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../src-main/core/gateway/index.ts';
import { silentLogger } from '../src-main/core/logger.ts';
import { storageModule } from '../src-main/core/storage/index.ts';
import { probeMounts } from '../src-main/core/storage/probe.ts';
import { ProbeRunner } from '../src-main/core/storage/probe-runner.ts';
import { freePort } from '../test/helpers/processes.ts';
import { sshfsUnavailable, startSshfsMount } from '../test/helpers/sshfs.ts';
import { fmtMs, killAndWait, median, timeToExit, waitForPort } from './lib/measure.ts';
import { connectRawOperator, type RawOperator } from './lib/raw-operator.ts';

export interface BenchRow { metric: string; hearth: string; baseline: string; ratio: string; target: string }

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEARTH = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TICKS = 100; // USER_HZ on Linux

async function must(op: RawOperator, method: string, params: unknown): Promise<unknown> {
  const r = await op.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.payload;
}

/** utime+stime and cutime+cstime (reaped children: the probe processes) of a process, ms. */
function cpuMs(pid: number): { self: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields after the comm: state=0, ppid=1, … utime=11, stime=12, cutime=13, cstime=14.
  return { self: ((f[11]! + f[12]!) * 1000) / TICKS, children: ((f[13]! + f[14]!) * 1000) / TICKS };
}

/** p99 of this process's event-loop delay over `ms` while `load` runs. */
async function loopP99(ms: number, load: (until: number) => Promise<void>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await load(Date.now() + ms);
  h.disable();
  return h.percentile(99) / 1e6;
}

async function eventLoopWhileHung(): Promise<BenchRow> {
  const metric = 'gateway event-loop delay p99 while one mount hangs (sshfs, sftp-server stopped)';
  const why = sshfsUnavailable();
  if (why) return { metric, hearth: `skipped: ${why}`, baseline: '', ratio: '', target: '< 20 ms' };
  const stateDir = mkdtempSync(join(tmpdir(), 'hearth-bench-storage-'));
  const mount = await startSshfsMount();
  const gw = await startGateway({
    stateDir, port: await freePort(), bind: 'loopback', auth: { mode: 'token', token: TOKEN }, autoApproveLocal: true, allowedOrigins: [],
    logger: silentLogger, modules: [storageModule()],
  });
  const op = await connectRawOperator(gw.url, TOKEN);
  try {
    await must(op, 'hearth.storage.settings', { intervalSec: 5, deadlineMs: 1000 });
    await must(op, 'hearth.storage.add', { path: mount.mountPoint, name: 'sshfs', server: `127.0.0.1:${mount.sshPort}` });
    for (let i = 0; i < 3; i++) {
      mkdirSync(join(stateDir, `local-${i}`));
      await must(op, 'hearth.storage.add', { path: join(stateDir, `local-${i}`), name: `local-${i}` });
    }
    // Load: a health call every 100 ms and an on-demand check of every mount every second.
    const load = async (until: number) => {
      let lastCheck = 0;
      while (Date.now() < until) {
        await must(op, 'health', {});
        if (Date.now() - lastCheck > 1000) {
          lastCheck = Date.now();
          void op.call('hearth.storage.check', {});
        }
        await sleep(100);
      }
    };
    const healthy = await loopP99(10_000, load);
    mount.pause();
    const hung = await loopP99(10_000, load);
    const st = (await must(op, 'hearth.storage.status', {})) as { mounts: { name: string; state: string }[]; probesInFlight: number };
    const state = st.mounts.find((m) => m.name === 'sshfs')?.state;
    return {
      metric, hearth: `${fmtMs(hung)} (mount ${state}, ${st.probesInFlight} probe in flight)`, baseline: `same load, mount healthy: ${fmtMs(healthy)}`,
      ratio: (hung / Math.max(healthy, 0.01)).toFixed(2) + '×', target: '< 20 ms',
    };
  } finally {
    mount.resume();
    await sleep(500);
    op.close();
    await gw.close('bench done');
    await mount.close();
    rmSync(stateDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

async function cpuWithTenMounts(): Promise<BenchRow[]> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'hearth-bench-storage-cpu-'));
  const mounts = mkdtempSync(join(tmpdir(), 'hearth-bench-mounts-'));
  const root = process.platform === 'linux' && process.getuid?.() === 0;
  if (root) spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mounts]);
  const gw = spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { env, stdio: 'ignore' });
  try {
    await waitForPort(port, 20_000);
    const op = await connectRawOperator(`ws://127.0.0.1:${port}`, TOKEN);
    await sleep(2000);
    const WINDOW = 30_000;
    const idle0 = cpuMs(gw.pid!);
    await sleep(WINDOW);
    const idle1 = cpuMs(gw.pid!);
    await must(op, 'hearth.storage.settings', { intervalSec: 5 });
    for (let i = 0; i < 10; i++) {
      mkdirSync(join(mounts, `share-${i}`));
      await must(op, 'hearth.storage.add', { path: join(mounts, `share-${i}`), name: `share-${i}` });
    }
    await sleep(1000);
    const busy0 = cpuMs(gw.pid!);
    await sleep(WINDOW);
    const busy1 = cpuMs(gw.pid!);
    op.close();
    const rounds = WINDOW / 5000;
    const idleRate = (idle1.self - idle0.self) / WINDOW;
    const perRound = Math.max(0, (busy1.self - busy0.self) - (idle1.self - idle0.self)) / rounds;
    const childPerRound = (busy1.children - busy0.children) / rounds;
    const at60 = (idleRate + perRound / 60_000) * 100;
    return [{
      metric: `gateway CPU, 10 mounts probed every 60 s (${root ? 'tmpfs' : 'temp dirs'}; measured at 5 s over ${WINDOW / 1000} s, minus idle)`,
      hearth: `storage adds ${((perRound / 60_000) * 100).toFixed(3)} % of a core (${fmtMs(perRound)} gateway CPU per round; whole gateway ${at60.toFixed(3)} %; the probe process ${fmtMs(childPerRound)} per round)`,
      baseline: `idle gateway, same ${WINDOW / 1000} s: ${(idleRate * 100).toFixed(3)} %`, ratio: '', target: '< 0.2 %',
    }];
  } finally {
    await killAndWait(gw);
    if (root) spawnSync('umount', ['-l', mounts]);
    rmSync(mounts, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function probeRoundTrip(): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-probe-'));
  try {
    const runner = new ProbeRunner();
    const xs: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const r = await probeMounts({ mounts: [{ id: 'a', path: dir, kind: 'any' }] }, { runner });
      if (!r.results[0]?.writable) throw new Error('the bench probe could not write its temp dir');
      if (i >= 3) xs.push(performance.now() - t0);
    }
    const base: number[] = [];
    for (let i = 0; i < 7; i++) base.push((await timeToExit(process.execPath, ['-e', '0'])).ms);
    return {
      metric: 'one probe round trip on a healthy local mount (mount table + child: statfs, create, fsync, remove)', hearth: fmtMs(median(xs)),
      baseline: `node -e 0: ${fmtMs(median(base))}`, ratio: (median(xs) / median(base)).toFixed(2) + '×', target: '(context)',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function storageBench(): Promise<BenchRow[]> {
  return [await probeRoundTrip(), await eventLoopWhileHung(), ...(await cpuWithTenMounts())];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  storageBench().then((rows) => {
    for (const r of rows) console.log(`${r.metric}\n  ${r.hearth}\n  baseline ${r.baseline} ${r.ratio} target ${r.target}`);
    process.exit(0);
  }, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
