/**
 * One gateway implementation under test ("side"): how to start its gateway, pair its real node
 * agent, and run `true` through its CLI. The measurement sequence in measure-side.ts is the same
 * for every side, so the figures are comparable.
 */
import { connect } from 'node:net';
import { connectRawOperator, type RawOperator } from '../lib/raw-operator.ts';

/** A gateway process started by a side. */
export interface BenchGateway {
  url: string;
  port: number;
  token: string;
  /** Root of the gateway's process tree. */
  pid: number;
  /** Spawn → TCP accept, ms. */
  acceptMs: number;
  /** Spawn → first `hello-ok` for the raw operator (connect retried every 20 ms after accept), ms. */
  helloMs: number;
  stop(): Promise<void>;
}

/** A real node agent process, paired and connected. */
export interface BenchNode {
  nodeId: string;
  displayName: string;
  /** Root of the agent's process tree. */
  pid: number;
  stop(): Promise<void>;
}

export interface Side {
  label: string;
  /** Starts a gateway on a fresh isolated state dir; resolves once it accepts TCP and is ready for RPCs. */
  startGateway(): Promise<BenchGateway>;
  /** Starts and pairs the side's real node agent against `gw`. */
  startNode(gw: BenchGateway, op: RawOperator): Promise<BenchNode>;
  /** Runs `true` on `node` through the side's CLI as a whole process; resolves with the wall time. */
  cliRunTrue(gw: BenchGateway, node: BenchNode): Promise<number>;
}

/** Polls a TCP connect to 127.0.0.1:port every `pollMs` until it succeeds; `alive` aborts early. */
export async function waitAccept(port: number, timeoutMs: number, pollMs: number, alive: () => boolean): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => { s.destroy(); resolve(false); });
    });
    if (ok) return;
    if (!alive()) throw new Error(`the process exited before 127.0.0.1:${port} accepted connections`);
    if (performance.now() > deadline) throw new Error(`127.0.0.1:${port} did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Polls `fn` every `everyMs` until it returns a value; throws `what` after `timeoutMs`. */
export async function poll<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface NodeRow { nodeId: string; displayName?: string; connected?: boolean; approvalState?: string; paired?: boolean }

/** The connected node named `name` (or with id `nodeId`) from `node.list`, once it is connected. */
export async function findConnectedNode(op: RawOperator, match: { name?: string; nodeId?: string }): Promise<NodeRow | undefined> {
  const r = await op.call('node.list', {});
  if (!r.ok) throw new Error(`node.list: ${r.error?.message}`);
  const nodes = (r.payload as { nodes: NodeRow[] }).nodes;
  return nodes.find((n) => n.connected === true && (match.nodeId ? n.nodeId === match.nodeId : n.displayName === match.name));
}

/** Approves every pending node surface request (node.pair.list → node.pair.approve); returns how many. */
export async function approveAllSurfaces(op: RawOperator): Promise<number> {
  const r = await op.call('node.pair.list', {});
  if (!r.ok) throw new Error(`node.pair.list: ${r.error?.message}`);
  const pending = (r.payload as { pending?: { requestId: string }[] }).pending ?? [];
  await Promise.all(pending.map(async (p) => {
    const a = await op.call('node.pair.approve', { requestId: p.requestId });
    if (!a.ok) throw new Error(`node.pair.approve ${p.requestId}: ${a.error?.message}`);
  }));
  return pending.length;
}

/** Retries a raw operator connect (each attempt bounded to 10 s) until a hello-ok arrives. */
export async function firstHello(url: string, token: string, timeoutMs: number): Promise<void> {
  await poll(`a hello-ok from ${url}`, timeoutMs, async () => {
    const attempt = connectRawOperator(url, token);
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no hello-ok within 10 s')), 10_000).unref());
    const op = await Promise.race([attempt, timer]).catch((err: unknown) => {
      void attempt.then((late) => late.close(), () => {});
      throw err;
    });
    op.close();
    return true;
  }, 20);
}
