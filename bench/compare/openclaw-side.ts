/** The OpenClaw 2026.9.6 side: `openclaw gateway`, `openclaw node run`, `openclaw gateway call`, via scripts/peer. */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeOpenclawHome, parseJsonOutput, peer, runOpenclaw, startOpenclawNode, type OpenclawHome } from '../../scripts/peer/openclaw.ts';
import { freePort, spawnManaged } from '../../scripts/peer/proc.ts';
import type { RawOperator } from '../lib/raw-operator.ts';
import { findConnectedNode, firstHello, poll, waitAccept, type BenchGateway, type BenchNode, type Side } from './side.ts';

/**
 * Starts `openclaw gateway --allow-unconfigured --token T --bind loopback --port P` on a fresh
 * home. Accept time is polled every 20 ms (the start takes 10–25 s, so 20 ms is < 0.2 %); it then
 * waits for `[gateway] ready` so the first RPCs are not refused while sidecars start.
 */
export async function startOpenclawBenchGateway(token: string): Promise<BenchGateway> {
  const p = await peer();
  const home = makeOpenclawHome('cmp-gw');
  // loopback auto-approval stays at its default (true); only the log file is moved into the temp home.
  writeFileSync(join(home.stateDir, 'openclaw.json'), `${JSON.stringify({ logging: { file: join(home.dir, 'gateway-file.log') } })}\n`, { mode: 0o600 });
  const port = await freePort();
  const args = [p.openclawEntry, 'gateway', '--allow-unconfigured', '--token', token, '--bind', 'loopback', '--port', String(port)];
  const t0 = performance.now();
  const proc = spawnManaged(`openclaw gateway :${port}`, p.nodeBin, args, { env: home.env, cwd: home.dir, logFile: join(home.dir, 'gateway.out') });
  let acceptMs: number;
  let helloMs = NaN;
  try {
    await waitAccept(port, 120_000, 20, () => !proc.hasExited());
    acceptMs = performance.now() - t0;
    await Promise.all([
      firstHello(`ws://127.0.0.1:${port}`, token, 120_000).then(() => { helloMs = performance.now() - t0; }),
      proc.waitForOutput(/\[gateway\] ready/, 120_000),
    ]);
  } catch (err) {
    await proc.stop(2000);
    home.remove();
    throw new Error(`${(err as Error).message}\n${proc.output().slice(-3000)}`, { cause: err });
  }
  return {
    url: `ws://127.0.0.1:${port}`, port, token, pid: proc.pid, acceptMs, helloMs,
    async stop() {
      await proc.stop(20_000);
      home.remove();
    },
  };
}

/** The OpenClaw side of the comparison; `cli` is the isolated home its CLI commands run in. */
export function openclawSide(token: string, cli: OpenclawHome): Side {
  return {
    label: 'OpenClaw',
    startGateway: () => startOpenclawBenchGateway(token),
    async startNode(gw: BenchGateway, op: RawOperator): Promise<BenchNode> {
      // A node-profile setup code admits device and command surface at once (as the interop self-test does).
      const r = await op.call('device.pair.setupCode', { bootstrapProfile: 'node', publicUrl: gw.url });
      if (!r.ok) throw new Error(`device.pair.setupCode: ${r.error?.message}`);
      const code = (r.payload as { setupCode: string }).setupCode;
      const name = 'cmp-openclaw-node';
      const node = await startOpenclawNode({ host: '127.0.0.1', port: gw.port, pairCode: code, displayName: name });
      try {
        await node.waitConnected(120_000);
        const { deviceId } = await node.identity();
        await poll('the openclaw node host in node.list', 60_000, () => findConnectedNode(op, { nodeId: deviceId }), 250);
        return { nodeId: deviceId, displayName: name, pid: node.proc.pid, stop: () => node.dispose() };
      } catch (err) {
        await node.dispose();
        throw err;
      }
    },
    async cliRunTrue(gw: BenchGateway, node: BenchNode): Promise<number> {
      const params = { nodeId: node.nodeId, command: 'system.run', params: { command: ['true'] }, idempotencyKey: randomUUID() };
      await peer();
      const t0 = performance.now();
      const r = await runOpenclaw(['gateway', 'call', 'node.invoke', '--url', gw.url, '--token', gw.token, '--params', JSON.stringify(params), '--json'], cli.env, { timeoutMs: 120_000 });
      const ms = performance.now() - t0;
      const res = r.code === 0 ? parseJsonOutput<{ ok?: boolean }>(r.stdout) : undefined;
      if (res?.ok !== true) throw new Error(`openclaw gateway call node.invoke exited ${r.code}: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`);
      return ms;
    },
  };
}
