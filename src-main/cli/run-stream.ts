/**
 * One streamed `system.run` for `hearth nodes run`: the output arrives as `hearth.invoke.progress`
 * events while the command runs and goes straight to our stdout/stderr; Ctrl-C (or SIGTERM /
 * SIGHUP) asks the gateway to cancel the run, whose process tree the node then kills, and the
 * final `node.invoke` answer says how it ended.
 */
import type { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { NodeInvokeParams, NodeInvokeResult } from '../../src-shared/protocol/contract/index.ts';
import { note } from './io.ts';

/** Event and method of the streaming extension; a gateway without them gets a plain run. */
export const PROGRESS_EVENT = 'hearth.invoke.progress';
export const CANCEL_METHOD = 'hearth.invoke.cancel';
/** After a cancel, how long to wait for the node's confirmation before leaving anyway. */
const CANCEL_WAIT_MS = 5_000;

/** The parts of a `node.invoke` result a run reads; the payload is the command's (system.run: SystemRunResult). */
export type InvokeAnswer = Pick<NodeInvokeResult, 'payload' | 'payloadJSON'>;

export interface StreamedRun {
  answer: InvokeAnswer;
  /** The signal that cancelled the run, if one did. */
  cancelledBy?: NodeJS.Signals;
}


/** True when the gateway announced the streaming extension in hello-ok. */
export function gatewayStreams(conn: GatewayConnection): boolean {
  const f = conn.hello.features;
  return Boolean(f?.methods?.includes(CANCEL_METHOD) && f.events?.includes(PROGRESS_EVENT));
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Exit code for a run stopped by `signal` (128 + signal number, like a shell). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? 130;
}

/**
 * Runs `invokeParams` (a `node.invoke` for system.run with `stream: true`) and copies its output
 * to `out`/`err` as it comes. Resolves with the final answer; rejects like `conn.call`.
 */
export async function streamRun(
  conn: GatewayConnection,
  invokeParams: NodeInvokeParams,
  opts: { callTimeoutMs: number; nodeName: string; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream },
): Promise<StreamedRun> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const key = invokeParams.idempotencyKey;
  const off = conn.on(PROGRESS_EVENT, (p) => {
    if (p.idempotencyKey !== key) return;
    // process.stdout/stderr writes to pipes, files and terminals are synchronous on POSIX, which
    // also makes a slow reader of our stdout hold back the node (through the socket).
    (p.stream === 'stderr' ? err : out).write(p.chunk);
  });
  let cancelledBy: NodeJS.Signals | undefined;
  let leave: ((e: Error) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelledBy) process.exit(signalExitCode(signal)); // a second Ctrl-C: leave now
    cancelledBy = signal;
    void note(`hearth: cancelling the command on ${opts.nodeName}… (press Ctrl-C again to leave at once)`);
    conn.call(CANCEL_METHOD, { idempotencyKey: key }, { timeoutMs: CANCEL_WAIT_MS }).catch(() => undefined);
    setTimeout(() => leave?.(new Error(`the node did not confirm the cancel within ${CANCEL_WAIT_MS / 1000} s`)), CANCEL_WAIT_MS).unref();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const answer = await new Promise<InvokeAnswer>((resolve, reject) => {
      leave = reject;
      conn.call('node.invoke', { ...invokeParams, stream: true }, { timeoutMs: opts.callTimeoutMs }).then(resolve, reject);
    });
    return cancelledBy ? { answer, cancelledBy } : { answer };
  } catch (e) {
    if (cancelledBy) return { answer: {}, cancelledBy };
    throw e;
  } finally {
    off();
    for (const s of signals) process.off(s, onSignal);
  }
}

const MARKER = /\[hearth: output truncated — (\d+) more bytes not captured \(limit (\d+) bytes\)\]\n?$/;

/** The one-line stderr notice for a stream whose output passed the cap, or undefined. */
export function truncationNotice(name: 'stdout' | 'stderr', text: string | undefined): string | undefined {
  const m = typeof text === 'string' ? MARKER.exec(text) : null;
  if (!m) return undefined;
  return `hearth: ${name} truncated: ${m[1]} more bytes not captured (limit ${m[2]} bytes); raise --max-output`;
}
