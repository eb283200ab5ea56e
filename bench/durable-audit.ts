// What the durable audit log costs (issue 8, class 5): no-op invokes through two gateways started
// in this same run — one with the durable record (the start appended to the run journal before
// dispatch, the default; store/run-journal.ts) and one whose start only waits for the write-behind
// batch (HEARTH_AUDIT_MODE=batched) — each with one simulated node.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMs, killAndWait, median, percentile, waitForPort } from './lib/measure.ts';
import { connectRawOperator } from './lib/raw-operator.ts';
import { connectSimNode } from './lib/sim-node.ts';

const HEARTH = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'hearth.js');
const TOKEN = 'bench-token-0123456789';

async function invokeLatencies(mode: 'durable' | 'batched', n: number): Promise<number[]> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), `hearth-bench-audit-${mode}-`));
  const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined, HEARTH_AUDIT_MODE: mode };
  const gw = spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { env, stdio: 'ignore' });
  try {
    await waitForPort(port, 20_000);
    const url = `ws://127.0.0.1:${port}`;
    const op = await connectRawOperator(url, TOKEN);
    const sim = await connectSimNode(url, TOKEN, `audit-${mode}`);
    try {
      const pending = (await op.call('node.pair.list', {})).payload as { pending: { requestId: string }[] };
      for (const p of pending.pending) await op.call('node.pair.approve', { requestId: p.requestId });
      let k = 0;
      const call = async () => {
        const r = await op.call('node.invoke', { nodeId: sim.deviceId, command: 'system.which', params: { bins: [] }, idempotencyKey: `${mode}-${++k}` });
        if (!r.ok) throw new Error(r.error?.message);
      };
      for (let i = 0; i < 30; i++) await call();
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await call();
        xs.push(performance.now() - t0);
      }
      return xs;
    } finally {
      sim.conn.close();
      op.close();
    }
  } finally {
    await killAndWait(gw);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Rows for bench/run.ts: invoke p50/p99 with the durable audit next to the old batched path. */
export async function durableAuditRows(n = 400): Promise<{ metric: string; hearth: string; baseline: string; ratio: string; target: string }[]> {
  const batched = await invokeLatencies('batched', n);
  const durable = await invokeLatencies('durable', n);
  return [{
    metric: 'no-op invoke with the run journalled before dispatch (vs write-behind batch only)',
    hearth: `p50 ${fmtMs(median(durable))}, p99 ${fmtMs(percentile(durable, 99))}`,
    baseline: `batched: p50 ${fmtMs(median(batched))}, p99 ${fmtMs(percentile(batched, 99))}`,
    ratio: `${(median(durable) / median(batched)).toFixed(2)}× p50, ${(percentile(durable, 99) / percentile(batched, 99)).toFixed(2)}× p99`,
    target: '(cost of durability)',
  }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  durableAuditRows().then((rows) => {
    for (const r of rows) console.log(`${r.metric}: ${r.hearth} | ${r.baseline} | ${r.ratio}`);
    process.exit(0);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
