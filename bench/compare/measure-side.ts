/** The measurement sequence run identically against each side (Hearth, OpenClaw). */
import { median, percentile } from '../lib/measure.ts';
import { connectRawOperator, type RawOperator } from '../lib/raw-operator.ts';
import { connectSimNode, type SimNode } from '../lib/sim-node.ts';
import { treeRssBytes } from './proc-tree.ts';
import { approveAllSurfaces, poll, type BenchGateway, type Side } from './side.ts';

/** What one side measured; a field stays undefined when its step failed (see `errors`). */
export interface SideResult {
  label: string;
  acceptMs: number[];
  helloMs: number[];
  rssIdle?: { bytes: number; processes: number };
  rss10?: { bytes: number; processes: number };
  runMs: number[];
  cliMs: number[];
  nodeRss?: { bytes: number; processes: number };
  errors: string[];
}

export interface SideCounts {
  starts: number;
  runs: number;
  cli: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => console.error(`[compare] ${s}`);

async function connectedCount(op: RawOperator, ids: Set<string>): Promise<number> {
  const r = await op.call('node.list', {});
  const nodes = (r.payload as { nodes?: { nodeId: string; connected?: boolean }[] } | undefined)?.nodes ?? [];
  return nodes.filter((n) => n.connected === true && ids.has(n.nodeId)).length;
}

/** Runs every step against `side`; a failing step is recorded and the later independent steps still run. */
export async function measureSide(side: Side, counts: SideCounts): Promise<SideResult> {
  const res: SideResult = { label: side.label, acceptMs: [], helloMs: [], runMs: [], cliMs: [], errors: [] };
  let gw: BenchGateway | undefined;
  // Fresh isolated state dir for every start; the last gateway stays up for the remaining steps.
  for (let i = 0; i < counts.starts; i++) {
    log(`${side.label}: gateway start ${i + 1}/${counts.starts}`);
    const g = await side.startGateway();
    res.acceptMs.push(g.acceptMs);
    res.helloMs.push(g.helloMs);
    log(`${side.label}:   spawn → accept ${g.acceptMs.toFixed(1)} ms, → first hello-ok ${g.helloMs.toFixed(1)} ms`);
    if (i < counts.starts - 1) await g.stop();
    else gw = g;
  }
  if (!gw) return res;
  // Idle: ~5 s after it accepted (OpenClaw: after `[gateway] ready`), before any client connects.
  await sleep(5000);
  res.rssIdle = treeRssBytes(gw.pid);
  log(`${side.label}: idle RSS ${(res.rssIdle.bytes / 1048576).toFixed(1)} MB over ${res.rssIdle.processes} process(es)`);
  const sims: SimNode[] = [];
  let op: RawOperator;
  try {
    op = await connectRawOperator(gw.url, gw.token);
  } catch (err) {
    res.errors.push(`raw operator connect: ${(err as Error).message}`);
    await gw.stop();
    return res;
  }
  try {
    try {
      for (let i = 0; i < 10; i++) sims.push(await connectSimNode(gw.url, gw.token, `cmp-sim-${i}`));
      await approveAllSurfaces(op);
      const ids = new Set(sims.map((s) => s.deviceId));
      await poll('10 connected simulated nodes in node.list', 30_000, async () => ((await connectedCount(op, ids)) >= 10 ? true : undefined), 200);
      await sleep(2000);
      res.rss10 = treeRssBytes(gw.pid);
      log(`${side.label}: RSS with 10 nodes ${(res.rss10.bytes / 1048576).toFixed(1)} MB`);
    } catch (err) {
      res.errors.push(`10 simulated nodes: ${(err as Error).message}`);
    } finally {
      for (const s of sims) s.conn.close();
    }

    log(`${side.label}: starting and pairing the real node agent`);
    const node = await side.startNode(gw, op);
    try {
      let k = 0;
      const call = async () => {
        const r = await op.call('node.invoke', { nodeId: node.nodeId, command: 'system.run', params: { command: ['true'] }, idempotencyKey: `cmp-${Date.now()}-${++k}` });
        if (!r.ok) throw new Error(`node.invoke system.run: ${r.error?.code} ${r.error?.message}`);
        const p = r.payload as { payload?: { exitCode?: number }; exitCode?: number } | undefined;
        const code = p?.payload?.exitCode ?? p?.exitCode;
        if (code !== undefined && code !== 0) throw new Error(`system.run true exited ${code}`);
      };
      for (let i = 0; i < 5; i++) await call();
      for (let i = 0; i < counts.runs; i++) {
        const t0 = performance.now();
        await call();
        res.runMs.push(performance.now() - t0);
      }
      log(`${side.label}: system.run true p50 ${median(res.runMs).toFixed(1)} ms, p95 ${percentile(res.runMs, 95).toFixed(1)} ms`);
      res.nodeRss = treeRssBytes(node.pid);
      log(`${side.label}: node agent RSS ${(res.nodeRss.bytes / 1048576).toFixed(1)} MB over ${res.nodeRss.processes} process(es)`);
      for (let i = 0; i < counts.cli; i++) {
        res.cliMs.push(await side.cliRunTrue(gw, node));
        log(`${side.label}:   CLI run ${i + 1}/${counts.cli}: ${res.cliMs.at(-1)!.toFixed(0)} ms`);
      }
    } finally {
      await node.stop();
    }
  } catch (err) {
    res.errors.push((err as Error).message);
  } finally {
    op.close();
    await gw.stop();
  }
  return res;
}
