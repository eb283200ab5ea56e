/** Hearth alone at scale: N simulated nodes on one gateway, its RSS, and no-op invoke latency. */
import { median, percentile } from '../lib/measure.ts';
import { connectRawOperator, type RawOperator } from '../lib/raw-operator.ts';
import { connectSimNode, type SimNode } from '../lib/sim-node.ts';
import { startHearthGateway } from './hearth-side.ts';
import { cpuMs, treeRssBytes } from './proc-tree.ts';
import { poll } from './side.ts';

export interface ScaleResult {
  nodes: number;
  connectMs: number;
  /** All node.pair.approve calls answered. */
  approveCallsMs: number;
  /** … and node.list shows every node connected and approved. */
  approveMs: number;
  /** Gateway CPU time spent during the approvals. */
  approveCpuMs: number;
  gatewayRss: number;
  gatewayRssIdle: number;
  benchRss: number;
  seq: number[];
  conc: number[];
  concurrency: number;
  concWallMs: number;
}

const log = (s: string) => console.error(`[scale] ${s}`);

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function noop(op: RawOperator, nodeId: string, key: string): Promise<number> {
  const t0 = performance.now();
  const r = await op.call('node.invoke', { nodeId, command: 'system.which', params: { bins: [] }, idempotencyKey: key });
  if (!r.ok) throw new Error(`node.invoke ${nodeId}: ${r.error?.code} ${r.error?.message}`);
  return performance.now() - t0;
}

/** Connects `n` simulated nodes (batches of `batch` in flight), approves their surfaces, measures. */
export async function measureScale(token: string, n: number, invokes: number, batch = 50, concurrency = 32): Promise<ScaleResult> {
  const gw = await startHearthGateway(token);
  const sims: SimNode[] = [];
  let op: RawOperator | undefined;
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const gatewayRssIdle = treeRssBytes(gw.pid).bytes;
    const o = await connectRawOperator(gw.url, gw.token);
    op = o;
    const t0 = performance.now();
    await pool(Array.from({ length: n }, (_, i) => i), batch, async (i) => {
      sims.push(await connectSimNode(gw.url, gw.token, `scale-${i}`));
      if (sims.length % 200 === 0) log(`${sims.length}/${n} connected`);
    });
    const connectMs = performance.now() - t0;
    // Loopback devices are approved silently; each command surface still needs node.pair.approve.
    const t1 = performance.now();
    const cpu0 = cpuMs(gw.pid);
    const list = await o.call('node.pair.list', {});
    const pending = ((list.payload as { pending?: { requestId: string }[] }).pending ?? []);
    await pool(pending, 50, async (p) => {
      const a = await o.call('node.pair.approve', { requestId: p.requestId });
      if (!a.ok) throw new Error(`node.pair.approve: ${a.error?.message}`);
    });
    const approveCallsMs = performance.now() - t1;
    const approveCpuMs = cpuMs(gw.pid) - cpu0;
    const ids = new Set(sims.map((s) => s.deviceId));
    await poll(`${n} connected approved nodes`, 60_000, async () => {
      const r = await o.call('node.list', {});
      const nodes = (r.payload as { nodes: { nodeId: string; connected?: boolean; approvalState?: string }[] }).nodes;
      const ok = nodes.filter((x) => ids.has(x.nodeId) && x.connected === true && x.approvalState === 'approved').length;
      return ok >= n ? ok : undefined;
    }, 250);
    const approveMs = performance.now() - t1;
    log(`${n} nodes connected in ${(connectMs / 1000).toFixed(1)} s, ${pending.length} surfaces approved in ${(approveCallsMs / 1000).toFixed(1)} s (gateway CPU ${(approveCpuMs / 1000).toFixed(1)} s), all listed approved after ${(approveMs / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 3000));
    const gatewayRss = treeRssBytes(gw.pid).bytes;
    const pick = () => sims[Math.floor(Math.random() * sims.length)]!.deviceId;
    let k = 0;
    for (let i = 0; i < 50; i++) await noop(o, pick(), `w${++k}`);
    const seq: number[] = [];
    for (let i = 0; i < invokes; i++) seq.push(await noop(o, pick(), `s${++k}`));
    log(`sequential no-op p50 ${median(seq).toFixed(2)} ms p99 ${percentile(seq, 99).toFixed(2)} ms`);
    const t2 = performance.now();
    const conc = await pool(Array.from({ length: invokes }, () => pick()), concurrency, (id) => noop(o, id, `c${++k}`));
    const concWallMs = performance.now() - t2;
    log(`${concurrency} in flight: p50 ${median(conc).toFixed(2)} ms p99 ${percentile(conc, 99).toFixed(2)} ms`);
    return { nodes: sims.length, connectMs, approveCallsMs, approveMs, approveCpuMs, gatewayRss, gatewayRssIdle, benchRss: process.memoryUsage().rss, seq, conc, concurrency, concWallMs };
  } finally {
    for (const s of sims) s.conn.close();
    op?.close();
    await gw.stop();
  }
}
