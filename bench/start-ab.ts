// Gateway start → accepting and → first hello-ok for two builds, interleaved so both see the same
// machine load: `node bench/start-ab.ts <rootA> <rootB> [rounds]` (each root has bin/hearth.js and dist/).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMs, killAndWait, median, timeToExit, waitForPort } from './lib/measure.ts';
import { connectRawOperator } from './lib/raw-operator.ts';

const TOKEN = 'bench-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };

async function once(root: string): Promise<{ accept: number; hello: number }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hearth-start-ab-'));
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
    rmSync(dir, { recursive: true, force: true });
  }
}

const [a, b, n = '9'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node bench/start-ab.ts <rootA> <rootB> [rounds]');
const res: Record<string, { accept: number[]; hello: number[] }> = { [a]: { accept: [], hello: [] }, [b]: { accept: [], hello: [] } };
const base: number[] = [];
for (let i = 0; i < Number(n); i++) {
  base.push((await timeToExit(process.execPath, ['-e', '0'])).ms);
  for (const root of i % 2 ? [b, a] : [a, b]) {
    const r = await once(root);
    res[root]!.accept.push(r.accept);
    res[root]!.hello.push(r.hello);
  }
}
const nb = median(base);
console.log(`node -e 0: ${fmtMs(nb)}`);
for (const root of [a, b]) {
  const acc = median(res[root]!.accept);
  console.log(`${root}: accept ${fmtMs(acc)} (${(acc / nb).toFixed(2)}×), first hello-ok ${fmtMs(median(res[root]!.hello))}`);
}
