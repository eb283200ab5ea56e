// Gateway start → accepting and → first hello-ok for two builds, interleaved so both see the same
// machine load: `node bench/start-ab.ts <rootA> <rootB> [rounds]` (each root has bin/hearth.js and dist/).
// Each round starts each build twice: on a fresh state dir, and again on the dir that start left
// behind (a restart: database, identity and paired device already there — the common case).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMs, killAndWait, median, timeToExit, waitForPort } from './lib/measure.ts';
import { connectRawOperator } from './lib/raw-operator.ts';

const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };

interface Times { accept: number; hello: number }

async function once(root: string, dir: string): Promise<Times> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'hearth.js'), 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', dir], { env, stdio: 'ignore' });
  try {
    await waitForPort(port, 20_000);
    const accept = performance.now() - t0;
    const op = await connectRawOperator(`ws://127.0.0.1:${port}`, TOKEN);
    const hello = performance.now() - t0;
    op.close();
    return { accept, hello };
  } finally {
    await killAndWait(child);
  }
}

async function freshThenRestart(root: string): Promise<{ fresh: Times; restart: Times }> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-start-ab-'));
  try {
    const fresh = await once(root, dir);
    const restart = await once(root, dir);
    return { fresh, restart };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [a, b, n = '9'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node bench/start-ab.ts <rootA> <rootB> [rounds]');
type Series = Record<'fresh' | 'restart', { accept: number[]; hello: number[] }>;
const empty = (): Series => ({ fresh: { accept: [], hello: [] }, restart: { accept: [], hello: [] } });
const res: Record<string, Series> = { [a]: empty(), [b]: empty() };
const base: number[] = [];
for (let i = 0; i < Number(n); i++) {
  base.push((await timeToExit(process.execPath, ['-e', '0'])).ms);
  for (const root of i % 2 ? [b, a] : [a, b]) {
    const r = await freshThenRestart(root);
    for (const kind of ['fresh', 'restart'] as const) {
      res[root]![kind].accept.push(r[kind].accept);
      res[root]![kind].hello.push(r[kind].hello);
    }
  }
}
const nb = median(base);
console.log(`node -e 0: ${fmtMs(nb)}`);
for (const root of [a, b]) {
  for (const kind of ['fresh', 'restart'] as const) {
    const acc = median(res[root]![kind].accept);
    const hel = median(res[root]![kind].hello);
    console.log(`${root} ${kind.padEnd(7)}: accept ${fmtMs(acc)} (${(acc / nb).toFixed(2)}×), first hello-ok ${fmtMs(hel)} (${(hel / nb).toFixed(2)}×)`);
  }
}
