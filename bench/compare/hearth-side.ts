/** The Hearth side: `hearth gateway`, `hearth node run`, `hearth nodes run`, each a real process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/peer/paths.ts';
import { freePort, spawnManaged } from '../../scripts/peer/proc.ts';
import { timeToExit } from '../lib/measure.ts';
import type { RawOperator } from '../lib/raw-operator.ts';
import { findConnectedNode, firstHello, poll, waitAccept, type BenchGateway, type BenchNode, type Side } from './side.ts';

const HEARTH = join(REPO_ROOT, 'bin', 'hearth.js');

/** Environment without the caller's HEARTH_* / OPENCLAW_* (a stray token would change auth). */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(HEARTH_|OPENCLAW_|XDG_)/.test(k)) env[k] = v;
  return { ...env, HOME: home, NO_COLOR: '1' };
}

/** Starts `hearth gateway` on a fresh state dir; accept time polled every 2 ms (as bench/run.ts). */
export async function startHearthGateway(token: string): Promise<BenchGateway> {
  const home = mkdtempSync(join(tmpdir(), 'hearth-cmp-gw-'));
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawnManaged(`hearth gateway :${port}`, process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', token, '--state-dir', join(home, 'state')], { env: cleanEnv(home), cwd: home });
  let acceptMs: number;
  let helloMs: number;
  try {
    await waitAccept(port, 30_000, 2, () => !proc.hasExited());
    acceptMs = performance.now() - t0;
    await firstHello(`ws://127.0.0.1:${port}`, token, 30_000);
    helloMs = performance.now() - t0;
  } catch (err) {
    await proc.stop(2000);
    rmSync(home, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${proc.output()}`, { cause: err });
  }
  return {
    url: `ws://127.0.0.1:${port}`, port, token, pid: proc.pid, acceptMs, helloMs,
    async stop() {
      await proc.stop(10_000);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The Hearth side of the comparison. */
export function hearthSide(token: string): Side {
  return {
    label: 'Hearth',
    startGateway: () => startHearthGateway(token),
    async startNode(gw: BenchGateway, op: RawOperator): Promise<BenchNode> {
      // Paired like `hearth node run --pair <code>` after `hearth qr --node`: device and surface at once.
      const r = await op.call('device.pair.setupCode', { bootstrapProfile: 'node' });
      if (!r.ok) throw new Error(`device.pair.setupCode: ${r.error?.message}`);
      const code = (r.payload as { setupCode: string }).setupCode;
      const home = mkdtempSync(join(tmpdir(), 'hearth-cmp-node-'));
      const name = 'cmp-hearth-node';
      const proc = spawnManaged(`hearth node run (${name})`, process.execPath, [HEARTH, 'node', 'run', '--pair', code, '--name', name, '--state-dir', join(home, 'state')], { env: cleanEnv(home), cwd: home });
      const stop = async () => {
        await proc.stop(10_000);
        rmSync(home, { recursive: true, force: true });
      };
      try {
        const row = await poll('the hearth node agent to connect', 60_000, async () => {
          if (proc.hasExited()) throw new Error(`hearth node run exited:\n${proc.output()}`);
          const n = await findConnectedNode(op, { name });
          return n && n.approvalState === 'approved' ? n : undefined;
        });
        return { nodeId: row.nodeId, displayName: name, pid: proc.pid, stop };
      } catch (err) {
        await stop();
        throw err;
      }
    },
    async cliRunTrue(gw: BenchGateway, node: BenchNode): Promise<number> {
      const home = mkdtempSync(join(tmpdir(), 'hearth-cmp-cli-'));
      try {
        const r = await timeToExit(process.execPath, [HEARTH, 'nodes', 'run', node.displayName, '--url', gw.url, '--token', gw.token, '--', 'true'], cleanEnv(home));
        if (r.code !== 0) throw new Error(`hearth nodes run exited ${r.code}: ${r.stdout}`);
        return r.ms;
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
