// Streamed `yes | head -c 50M` through several builds and read locally, in alternation so all see
// the same machine load, with the raw three-process relay as the floor: `node bench/stream-ab.ts <rootA> [<rootB> …] [--runs N] [--random]`
// (`--random`: 50 MB of random bytes, which do not compress, instead of `yes`; each root has
// bin/hearth.js and dist/; each gets its own gateway and node agent). Prints each path's median,
// and the CPU its gateway and node agent spent per run: on this shared VM the rates follow the
// other tenants' load, the CPU a run costs much less so.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/processes.ts';
import { cpuMs, fmtMs, killAndWait, median, waitForPort } from './lib/measure.ts';
import { connectRawOperator } from './lib/raw-operator.ts';
import { STREAM_BYTES, YES, catRandom, localRun, mbps, openStreamRelay, remoteRun, type Throughput } from './streaming.ts';

const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };
const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri >= 0 ? Number(args[ri + 1]) : 5;
// `--random`: 50 MB of random bytes (from a file) instead of `yes`, which compresses to nothing.
let argv = YES;
let randomDir: string | undefined;
if (args.includes('--random')) {
  randomDir = mkdtempSync(join(tmpdir(), 'hearth-stream-ab-random-'));
  writeFileSync(join(randomDir, 'random.bin'), randomBytes(STREAM_BYTES));
  argv = catRandom(join(randomDir, 'random.bin'));
}
const roots = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--runs'));
if (roots.length === 0) throw new Error('usage: node bench/stream-ab.ts <rootA> [<rootB> …] [--runs N] [--random]');

interface Path {
  name: string;
  run: () => Promise<Throughput>;
  close: () => Promise<void>;
  xs: Throughput[];
  /** Its gateway's and node agent's pids, and the CPU ms each spent per run. */
  pids?: [number, number];
  cpu: [number, number][];
}

async function hearthPath(root: string): Promise<Path> {
  const hearth = join(root, 'bin', 'hearth.js');
  const dirs = [mkdtempSync(join(tmpdir(), 'hearth-stream-ab-g-')), mkdtempSync(join(tmpdir(), 'hearth-stream-ab-n-'))];
  const port = await freePort();
  const gw: ChildProcess = spawn(process.execPath, [hearth, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', dirs[0]!], { env, stdio: 'ignore' });
  await waitForPort(port, 20_000);
  const url = `ws://127.0.0.1:${port}`;
  const op = await connectRawOperator(url, TOKEN);
  const code = ((await op.call('device.pair.setupCode', { bootstrapProfile: 'node' })).payload as { setupCode: string }).setupCode;
  const agent = spawn(process.execPath, [hearth, 'node', 'run', '--pair', code, '--state-dir', dirs[1]!, '--name', 'ab-node'], { env, stdio: 'ignore' });
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const list = (await op.call('node.list', {})).payload as { nodes: { displayName?: string; connected: boolean; approvalState: string }[] };
    if (list.nodes.some((n) => n.displayName === 'ab-node' && n.connected && n.approvalState === 'approved')) break;
  }
  await remoteRun(hearth, 'ab-node', url, TOKEN, env, argv);
  return {
    name: root, xs: [], cpu: [], pids: [gw.pid!, agent.pid!],
    run: () => remoteRun(hearth, 'ab-node', url, TOKEN, env, argv),
    close: async () => {
      op.close();
      await killAndWait(agent);
      await killAndWait(gw);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

const paths: Path[] = [{ name: 'read locally', run: () => localRun(argv), close: async () => {}, xs: [], cpu: [] }];
const raw = await openStreamRelay(argv);
await raw.run();
paths.push({ name: 'raw three-process TCP relay', run: raw.run, close: raw.close, xs: [], cpu: [], pids: raw.pids });
for (const r of roots) paths.push(await hearthPath(r));
try {
  for (let i = 0; i < runs; i++) {
    for (const p of paths) {
      const before = p.pids?.map(cpuMs);
      p.xs.push(await p.run());
      if (p.pids && before) p.cpu.push([cpuMs(p.pids[0]) - before[0]!, cpuMs(p.pids[1]) - before[1]!]);
    }
  }
} finally {
  for (const p of paths) await p.close();
  if (randomDir) rmSync(randomDir, { recursive: true, force: true });
}
const rate = (p: Path) => median(p.xs.map(mbps));
for (const p of paths) {
  const cpu = p.cpu.length > 0 ? `  CPU/run p50 gateway ${median(p.cpu.map((c) => c[0])).toFixed(0)} ms, node ${median(p.cpu.map((c) => c[1])).toFixed(0)} ms` : '';
  console.log(`${p.name.padEnd(40)} ${rate(p).toFixed(0).padStart(5)} MB/s  window p50 ${fmtMs(median(p.xs.map((x) => x.windowMs))).padStart(9)}  ${((rate(p) / rate(paths[0]!)) * 100).toFixed(0)} % of local${cpu}`);
}
