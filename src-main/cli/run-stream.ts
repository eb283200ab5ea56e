/**
 * One streamed `system.run` for `hearth nodes run` (the transport-neutral part is
 * src-shared/client/run-stream.ts): the output goes straight to our stdout/stderr as it comes;
 * Ctrl-C (or SIGTERM / SIGHUP) asks the gateway to cancel the run, whose process tree the node
 * then kills, and a second Ctrl-C leaves at once.
 */
import type { OperatorClient, RunResponse } from '../../src-shared/client/operator.ts';
import { note } from './io.ts';

export interface StreamedRun extends RunResponse {
  /** The signal that cancelled the run, if one did. */
  cancelledBy?: NodeJS.Signals;
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Exit code for a run stopped by `signal` (128 + signal number, like a shell). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? 130;
}

/**
 * Runs `invokeParams` (a `node.invoke` for system.run) streamed through the operator client and
 * copies its output to `out`/`err` as it comes. Resolves with the final answer; rejects like a call.
 */
export async function streamRun(
  op: OperatorClient,
  invokeParams: { idempotencyKey: string; [k: string]: unknown },
  opts: { callTimeoutMs: number; nodeName: string; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream },
): Promise<StreamedRun> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const abort = new AbortController();
  let cancelledBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelledBy) process.exit(signalExitCode(signal)); // a second Ctrl-C: leave now
    cancelledBy = signal;
    void note(`hearth: cancelling the command on ${opts.nodeName}… (press Ctrl-C again to leave at once)`);
    abort.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const run = await op.run({
      invoke: invokeParams,
      callTimeoutMs: opts.callTimeoutMs,
      signal: abort.signal,
      // process.stdout/stderr writes to pipes, files and terminals are synchronous on POSIX, which
      // also makes a slow reader of our stdout hold back the node (through the socket).
      onOutput: (stream, chunk) => void (stream === 'stderr' ? err : out).write(chunk),
      // The node's bytes as they were (base64 on the wire: nothing to escape on any hop).
      onBase64Output: (stream, b64) => void (stream === 'stderr' ? err : out).write(Buffer.from(b64, 'base64')),
    }, opts.nodeName);
    return cancelledBy ? { ...run, cancelledBy } : run;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
