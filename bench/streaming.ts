/**
 * Streamed-run figures for `npm run bench`: throughput of `yes | head -c 50M` through
 * node → gateway → `hearth nodes run` against the same command read locally, and how long a
 * printed line takes to reach an operator against a local pipe.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, killAndWait, median } from './lib/measure.ts';
import type { RawOperator } from './lib/raw-operator.ts';

export const STREAM_BYTES = 50 * 1024 * 1024;
/** The command: text that compresses to almost nothing. */
export const YES = ['sh', '-c', `yes | head -c ${STREAM_BYTES}`];
/** The same amount of bytes that do not compress (random, written once to a file), read back. */
export const catRandom = (file: string) => ['cat', file];

export interface Throughput {
  bytes: number;
  /** First byte → last byte at the reader (the streaming window). */
  windowMs: number;
  /** Spawn → exit of the reader's child. */
  totalMs: number;
}

/** Reads a child's stdout to the end, timing first and last byte. */
function readAll(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Throughput & { code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let bytes = 0;
    let first = 0;
    let last = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      last = performance.now();
      if (bytes === 0) first = last;
      bytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ bytes, windowMs: last - first, totalMs: performance.now() - t0, code, stderr }));
  });
}

/** The same command read by this process: the local baseline. */
export function localRun(argv: string[] = YES): Promise<Throughput> {
  return readAll(argv[0]!, argv.slice(1));
}

/**
 * The raw three-process relay (bench/lib/stream-relay.ts): the same command's output through a
 * long-lived agent process and a long-lived relay process to a per-run sink process, over plain
 * TCP with no protocol. The floor under the streamed row: what three Node processes on this
 * machine cost the same bytes before any framing, parsing or record keeping.
 */
export async function openStreamRelay(argv: string[] = YES): Promise<{ run: () => Promise<Throughput>; close: () => Promise<void>; pids: [relay: number, agent: number] }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'stream-relay.ts');
  const relay = spawn(process.execPath, [script, 'relay'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => relay.stdout.on('data', (d: Buffer) => {
    const m = /listening (\d+)/.exec(d.toString());
    if (m) resolve(Number(m[1]));
  }));
  const agent = spawn(process.execPath, [script, 'agent', String(port), ...argv], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300)); // the agent's control line is up
  const run = async () => {
    const r = await readAll(process.execPath, [script, 'sink', String(port)]);
    if (r.code !== 0 || r.bytes !== STREAM_BYTES) throw new Error(`raw relay run failed (exit ${r.code}, ${r.bytes} bytes): ${r.stderr}`);
    return r;
  };
  return { run, pids: [relay.pid!, agent.pid!], close: async () => { await killAndWait(agent); await killAndWait(relay); } };
}

/** One run through `hearth nodes run <node> -- sh -c 'yes | head -c 50M'` (or `argv`; output cap raised to fit). */
export async function remoteRun(hearth: string, node: string, url: string, token: string, env: NodeJS.ProcessEnv, argv: string[] = YES): Promise<Throughput> {
  const r = await readAll(process.execPath, [hearth, 'nodes', 'run', node, '--url', url, '--token', token, '--max-output', '64m', '--', ...argv], env);
  if (r.code !== 0 || r.bytes !== STREAM_BYTES) throw new Error(`streamed run failed (exit ${r.code}, ${r.bytes} bytes): ${r.stderr}`);
  return r;
}

/**
 * Local, streamed and raw-relay runs in alternation, so all see the same machine load (this host
 * is shared: runs seconds apart meet different conditions); the median run of each. With `pids`
 * (the gateway's and the node agent's), also the median CPU each spent per streamed run: a
 * figure the other tenants' load moves far less than the rate.
 */
export async function throughputPair(
  hearth: string, node: string, url: string, token: string, env: NodeJS.ProcessEnv, runs = 5, pids?: { gateway: number; node: number }, argv: string[] = YES,
): Promise<{ local: Throughput; remote: Throughput; raw: Throughput; cpu?: { gatewayMs: number; nodeMs: number } }> {
  const local: Throughput[] = [];
  const remote: Throughput[] = [];
  const raw: Throughput[] = [];
  const cpu: { gatewayMs: number[]; nodeMs: number[] } = { gatewayMs: [], nodeMs: [] };
  const relay = await openStreamRelay(argv);
  try {
    await remoteRun(hearth, node, url, token, env, argv); // warm-up: the CLI's compile cache, the node's first spawn
    await relay.run();
    for (let i = 0; i < runs; i++) {
      local.push(await localRun(argv));
      const before = pids ? [cpuMs(pids.gateway), cpuMs(pids.node)] : [];
      remote.push(await remoteRun(hearth, node, url, token, env, argv));
      if (pids) {
        cpu.gatewayMs.push(cpuMs(pids.gateway) - before[0]!);
        cpu.nodeMs.push(cpuMs(pids.node) - before[1]!);
      }
      raw.push(await relay.run());
    }
  } finally {
    await relay.close();
  }
  return { local: pick(local), remote: pick(remote), raw: pick(raw), ...(pids ? { cpu: { gatewayMs: median(cpu.gatewayMs), nodeMs: median(cpu.nodeMs) } } : {}) };
}

/** The median run by window time. */
function pick(xs: Throughput[]): Throughput {
  const sorted = [...xs].sort((a, b) => a.windowMs - b.windowMs);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const mbps = (t: Throughput) => t.bytes / 1024 / 1024 / (t.windowMs / 1000);

/** Milliseconds from a node printing a line (its own clock stamp) to an operator receiving it. */
export async function firstChunkLatency(op: RawOperator, nodeId: string, runs = 15): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const key = `first-${i}-${Date.now()}`;
    let got: number | undefined;
    const off = op.on('hearth.invoke.progress', (p) => {
      const e = p as { idempotencyKey?: string; chunk?: string };
      if (e.idempotencyKey !== key || got !== undefined) return;
      const stamp = Number(/^(\d+)/.exec(e.chunk ?? '')?.[1]);
      got = Date.now() - stamp;
    });
    const r = await op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['sh', '-c', 'date +%s%3N; sleep 0.05'] }, idempotencyKey: key, stream: true });
    off();
    if (!r.ok || got === undefined) throw new Error(`first-chunk run failed: ${r.error?.message ?? 'no chunk'}`);
    xs.push(got);
  }
  return xs;
}

/** The same measure for a local pipe: stamp printed by `date`, read by this process. */
export async function localLineLatency(runs = 15): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    xs.push(await new Promise<number>((resolve) => {
      const c = spawn('sh', ['-c', 'date +%s%3N; sleep 0.05'], { stdio: ['ignore', 'pipe', 'ignore'] });
      c.stdout.once('data', (d: Buffer) => resolve(Date.now() - Number(d.toString().trim())));
    }));
  }
  return xs;
}

export { median };
