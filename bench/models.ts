// Models module figures, all against the same real llama.cpp llama-server in one run: router
// overhead on a non-streamed completion (gateway vs. direct), time to first token added, streamed
// throughput relative to direct, the same through a node relay, and the failover time when the
// preferred endpoint dies. Requests alternate direct/gateway so load drift hits both alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { llamaServerPaths, startLlamaServer, type LlamaServer } from '../test/helpers/llama-server.ts';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMs, killAndWait, median, percentile, waitForPort } from './lib/measure.ts';

type Row = { metric: string; hearth: string; baseline: string; ratio: string; target: string };
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEARTH = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'bench-models-token-0123456789';
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

interface Timed { total: number; ttft: number; bytes: number; status: number }

/** One POST; times the first body byte and the end. */
function timed(base: string, path: string, body: object, token?: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const t0 = performance.now();
    const req = request(`${base}${path}`, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let ttft = -1;
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        if (ttft < 0) ttft = performance.now() - t0;
        bytes += d.length;
      });
      res.on('end', () => resolve({ total: performance.now() - t0, ttft, bytes, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(text);
  });
}

function gateway(port: number, ports: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', tmp('hearth-bench-models-'), ...extra], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined, HEARTH_MODELS_PORTS: ports }, stdio: 'ignore',
  });
}

async function waitForModel(base: string, model: string, endpoints = 1): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((x) => x.json() as Promise<{ data?: { id: string; hearth: { endpoints: { health: string }[] } }[] }>, () => ({ data: [] }));
    const m = r.data?.find((x) => x.id === model);
    if (m && m.hearth.endpoints.filter((e) => e.health === 'up').length >= endpoints) return;
    if (Date.now() > deadline) throw new Error(`model ${model} did not appear at ${base}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

const CHAT = { model: 'hearth-tiny', messages: [{ role: 'user', content: 'hi' }], temperature: 0, seed: 1 };

/** Alternating pairs of direct/gateway requests; returns both series. */
async function pairs(n: number, direct: string, via: string, body: object): Promise<{ d: Timed[]; g: Timed[] }> {
  for (let i = 0; i < 2; i++) {
    await timed(direct, '/v1/chat/completions', body);
    await timed(via, '/v1/chat/completions', body, TOKEN);
  }
  const d: Timed[] = [];
  const g: Timed[] = [];
  for (let i = 0; i < n; i++) {
    d.push(await timed(direct, '/v1/chat/completions', body));
    const x = await timed(via, '/v1/chat/completions', body, TOKEN);
    if (x.status !== 200) throw new Error(`gateway answered ${x.status}`);
    g.push(x);
  }
  return { d, g };
}

async function measure(rows: Row[], label: string, llama: LlamaServer, via: string, targets: boolean): Promise<void> {
  const plain = await pairs(40, llama.url, via, { ...CHAT, max_tokens: 1 });
  const dP50 = median(plain.d.map((x) => x.total));
  const gP50 = median(plain.g.map((x) => x.total));
  // Median of per-pair differences: each gateway request is next to its direct twin, so load
  // changes on this shared machine cancel out better than a difference of two medians.
  const added = median(plain.g.map((x, i) => x.total - plain.d[i]!.total));
  rows.push({ metric: `${label}: non-streamed chat (1 token) p50, added by the router`, hearth: `${fmtMs(gP50)} (added ${added.toFixed(2)} ms, median of pairs; p90 pair ${percentile(plain.g.map((x, i) => x.total - plain.d[i]!.total), 90).toFixed(2)} ms)`, baseline: `direct: ${fmtMs(dP50)}`, ratio: (gP50 / dP50).toFixed(2) + '×', target: targets ? '< 1 ms added (LiteLLM: 3.25 ms)' : 'report' });

  const streamed = await pairs(20, llama.url, via, { ...CHAT, max_tokens: 1, stream: true });
  const dT = median(streamed.d.map((x) => x.ttft));
  const gT = median(streamed.g.map((x) => x.ttft));
  const addedT = median(streamed.g.map((x, i) => x.ttft - streamed.d[i]!.ttft));
  rows.push({ metric: `${label}: time to first token (stream) p50, added`, hearth: `${fmtMs(gT)} (added ${addedT.toFixed(2)} ms, median of pairs)`, baseline: `direct: ${fmtMs(dT)}`, ratio: (gT / dT).toFixed(2) + '×', target: targets ? '< 2 ms added' : 'report' });

  rows.push(await throughputRow(`${label}: streamed throughput (48 tokens)`, llama, via, targets ? '≥ 95 %' : 'report'));
}

/** Streamed 48-token answers, direct and through `via` in alternation: the median rate of each. */
async function throughputRow(metric: string, llama: LlamaServer, via: string, target: string): Promise<Row> {
  const long = await pairs(8, llama.url, via, { ...CHAT, max_tokens: 48, stream: true });
  const rate = (xs: Timed[]) => median(xs.map((x) => x.bytes / x.total));
  const dR = rate(long.d);
  const gR = rate(long.g);
  return { metric, hearth: `${(gR).toFixed(1)} kB/s`, baseline: `direct: ${dR.toFixed(1)} kB/s`, ratio: `${((gR / dR) * 100).toFixed(1)} %`, target };
}

export async function modelsBench(rows: Row[]): Promise<void> {
  const paths = llamaServerPaths();
  if ('missing' in paths) {
    rows.push({ metric: 'models: router overhead', hearth: 'skipped', baseline: paths.missing, ratio: '-', target: '-' });
    return;
  }
  const llama = await startLlamaServer(paths);
  const backup = await startLlamaServer(paths);
  const started: ChildProcess[] = [];
  try {
    // 1. Gateway machine: the server discovered on its port.
    const p1 = await freePort();
    started.push(gateway(p1, `llamacpp=${llama.port}`));
    await waitForPort(p1, 20_000);
    const g1 = `http://127.0.0.1:${p1}`;
    await waitForModel(g1, 'hearth-tiny');
    await measure(rows, 'models, gateway machine', llama, g1, true);
    // The same with llama-server on one compute thread, leaving this 2-CPU machine a core for the
    // client and the router: with two threads, the router's wake-up per token (and the client's)
    // takes a CPU from the model, so the row above measures CPU contention as much as the router.
    const single = await startLlamaServer(paths, 'hearth-tiny', 1);
    try {
      const p1b = await freePort();
      const gw1b = gateway(p1b, `llamacpp=${single.port}`);
      started.push(gw1b);
      await waitForPort(p1b, 20_000);
      await waitForModel(`http://127.0.0.1:${p1b}`, 'hearth-tiny');
      rows.push(await throughputRow('  same, llama-server on 1 thread (a CPU left for client and router)', single, `http://127.0.0.1:${p1b}`, '(context)'));
      await killAndWait(gw1b);
      started.splice(started.indexOf(gw1b), 1);
    } finally {
      await single.stop();
    }

    // 2. Through a node: the gateway sees nothing itself; a paired node relays its loopback server.
    const p2 = await freePort();
    started.push(gateway(p2, ''));
    await waitForPort(p2, 20_000);
    const g2 = `http://127.0.0.1:${p2}`;
    const node = spawn(process.execPath, [HEARTH, 'node', 'run', '--url', `ws://127.0.0.1:${p2}`, '--token', TOKEN, '--name', 'bench-laptop', '--state-dir', tmp('hearth-bench-node-')], {
      env: { ...process.env, HEARTH_MODELS_PORTS: `llamacpp=${llama.port}` }, stdio: 'ignore',
    });
    started.push(node);
    // The gateway auto-approves loopback devices, but the command surface still needs an approval.
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const ok = await new Promise<boolean>((resolve) => {
        const c = spawn(process.execPath, [HEARTH, 'nodes', 'approve', '--latest', '--url', `ws://127.0.0.1:${p2}`, '--token', TOKEN], { stdio: 'ignore' });
        c.on('exit', (code) => resolve(code === 0));
      });
      if (ok) break;
    }
    await waitForModel(g2, 'hearth-tiny');
    await measure(rows, 'models, through a node relay', llama, g2, false);

    // 3. Failover: two servers for the same model; the preferred one is killed, the next request is timed.
    const p3 = await freePort();
    started.push(gateway(p3, `llamacpp=${llama.port},llamacpp=${backup.port}`));
    await waitForPort(p3, 20_000);
    const g3 = `http://127.0.0.1:${p3}`;
    await waitForModel(g3, 'hearth-tiny', 2);
    const normal: number[] = [];
    for (let i = 0; i < 20; i++) normal.push((await timed(g3, '/v1/chat/completions', { ...CHAT, max_tokens: 1 }, TOKEN)).total);
    await llama.stop();
    const first = await timed(g3, '/v1/chat/completions', { ...CHAT, max_tokens: 1 }, TOKEN);
    if (first.status !== 200) throw new Error(`failover request answered ${first.status}`);
    const next: number[] = [];
    for (let i = 0; i < 10; i++) next.push((await timed(g3, '/v1/chat/completions', { ...CHAT, max_tokens: 1 }, TOKEN)).total);
    rows.push({ metric: 'models: failover, first request after the preferred server died (no client error)', hearth: `${fmtMs(first.total)} (then ${fmtMs(median(next))} p50)`, baseline: `healthy p50: ${fmtMs(median(normal))}`, ratio: (first.total / median(normal)).toFixed(2) + '×', target: 'report' });
  } finally {
    for (const c of started.reverse()) await killAndWait(c);
    await llama.stop();
    await backup.stop();
    agent.destroy();
  }
}
