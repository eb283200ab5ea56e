// No-op invoke through several builds and the raw two-hop relay, in alternating blocks so all see
// the same machine load: `node bench/invoke-ab.ts <rootA> [<rootB> …] [--blocks N] [--per N]`
// (each root has bin/hearth.js and dist/). Prints each path's median and its ratio to the relay.
// Each path also shows the CPU its server (gateway or relay) spent per invoke: it follows the load less;
// and its read/write system calls per invoke (Linux), which on a VM where each costs tens of µs decide the ratio.
// `--cpu-prof` after the roots writes a CPU profile of every gateway to /tmp/hearth-invoke-prof.
// The node answers as bare as the relay's far end (sim-node.ts `raw`); a root written
// `<root>#client` gets a node on Hearth's full client library instead, to see what that costs;
// `<root>+NAME=VALUE` starts that root's gateway with NAME=VALUE in its environment (e.g.
// `+HEARTH_AUDIT_MODE=batched`, to see what writing each run's start durably costs), and
// `<root>+--FLAG` starts it with that Node/V8 flag (e.g. `+--single-threaded-gc`).
// `--pin split|shared` places every server on CPU 0 and this process (the clients) on CPU 1, or
// all on CPU 0 (bench/lib/placement.ts): the same placement for each path.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/processes.ts';
import { cpuMs, fmtMs, killAndWait, median, percentile, rwSyscalls, waitForPort } from './lib/measure.ts';
import { openRelay } from './lib/relay-client.ts';
import { applyPlacement, canPin, type Placement } from './lib/placement.ts';
import { connectRawOperator, type RawOperator } from './lib/raw-operator.ts';
import { connectSimNode, type SimNode } from './lib/sim-node.ts';

const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const profile = args.includes('--cpu-prof');
const valued = new Set(['--blocks', '--per', '--pin']);
const roots = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.has(args[i - 1]!)));
const pinAt = args.indexOf('--pin');
const placement = pinAt >= 0 ? args[pinAt + 1] as Placement : undefined;
if (placement !== undefined && placement !== 'split' && placement !== 'shared') throw new Error('--pin takes split or shared');
if (placement && !canPin()) throw new Error('--pin needs Linux, taskset and two CPUs');
const blocks = flag('--blocks', 10);
const perBlock = flag('--per', 200);

interface Path {
  name: string; call: () => Promise<void>; close: () => Promise<void>; xs: number[];
  /** The server's pid (gateway or relay), and the CPU ms it spent over its blocks and the calls they made. */
  pid?: number; cpuMs?: number; calls?: number;
  /** read/write system calls the server made over its blocks. */
  syscalls?: number;
}

async function gatewayPath(spec: string): Promise<Path> {
  const [rootAndEnv, nodeKind] = spec.split('#') as [string, string | undefined];
  const [root, ...extras] = rootAndEnv.split('+') as [string, ...string[]];
  const nodeFlags = extras.filter((e) => e.startsWith('--'));
  const envPairs = extras.filter((e) => !e.startsWith('--'));
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hearth-invoke-ab-'));
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir=/tmp/hearth-invoke-prof'] : [];
  const gw: ChildProcess = spawn(process.execPath, [...prof, ...nodeFlags, join(root, 'bin', 'hearth.js'), 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', dir], { env: { ...env, ...Object.fromEntries(envPairs.map((e) => e.split('='))) }, stdio: 'ignore' });
  await waitForPort(port, 20_000);
  const url = `ws://127.0.0.1:${port}`;
  const op: RawOperator = await connectRawOperator(url, TOKEN);
  const sim: SimNode = await connectSimNode(url, TOKEN, 'ab', { raw: nodeKind !== 'client' });
  const pending = (await op.call('node.pair.list', {})).payload as { pending: { requestId: string }[] };
  for (const p of pending.pending) await op.call('node.pair.approve', { requestId: p.requestId });
  let k = 0;
  return {
    name: spec, xs: [], pid: gw.pid, cpuMs: 0, calls: 0,
    call: async () => {
      const r = await op.call('node.invoke', { nodeId: sim.deviceId, command: 'system.which', params: { bins: [] }, idempotencyKey: `ab${++k}` });
      if (!r.ok) throw new Error(r.error?.message);
    },
    close: async () => {
      sim.conn.close();
      op.close();
      // SIGINT: a graceful stop, so --cpu-prof writes its profile.
      gw.kill('SIGINT');
      await killAndWait(gw);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function block(p: Path, n: number): Promise<void> {
  const cpu0 = p.pid !== undefined ? cpuMs(p.pid) : 0;
  const sys0 = p.pid !== undefined ? rwSyscalls(p.pid) : 0;
  for (let i = 0; i < 20; i++) await p.call();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await p.call();
    p.xs.push(performance.now() - t0);
  }
  if (p.pid !== undefined) {
    p.cpuMs! += cpuMs(p.pid) - cpu0;
    p.calls! += n + 20;
    p.syscalls = (p.syscalls ?? 0) + rwSyscalls(p.pid) - sys0;
  }
}

const relay = await openRelay();
const paths: Path[] = [{ name: 'raw relay', xs: [], cpuMs: 0, calls: 0, ...relay }];
for (const r of roots) paths.push(await gatewayPath(r));
const unpin = placement ? applyPlacement(placement, paths.map((p) => p.pid!)) : () => {};
try {
  for (let b = 0; b < blocks; b++) for (const p of paths) await block(p, perBlock);
} finally {
  unpin();
  for (const p of paths) await p.close();
}
if (placement) console.log(`placement: ${placement}`);
const base = median(paths[0]!.xs);
for (const p of paths) {
  const cpu = p.calls ? `  server CPU ${Math.round((1000 * p.cpuMs!) / p.calls)} µs/invoke, ${(p.syscalls! / p.calls).toFixed(1)} read/write syscalls` : '';
  console.log(`${p.name.padEnd(40)} p50 ${fmtMs(median(p.xs)).padStart(9)}  p95 ${fmtMs(percentile(p.xs, 95)).padStart(9)}  ${(median(p.xs) / base).toFixed(2)}×${cpu}`);
}
