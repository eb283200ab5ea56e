/**
 * One streamed `system.run` for `hearth nodes run` (the transport-neutral part is
 * src-shared/client/run-stream.ts): the output goes straight to our stdout/stderr as it comes;
 * Ctrl-C (or SIGTERM / SIGHUP) asks the gateway to cancel the run, whose process tree the node
 * then kills, and a second Ctrl-C leaves at once.
 */
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import type { OperatorClient, RunResponse } from '../../src-shared/client/operator.ts';
import { CliError } from './cli-error.ts';
import { holdStreamingHeap } from '../core/net/streaming-heap.ts';
import { writeReleasing } from './decoded-output.ts';
import { copiedToTerminal, note, onClosedOutput, outputClosed } from './io.ts';

export interface StreamedRun extends RunResponse {
  /** The signal that cancelled the run, if one did. */
  cancelledBy?: NodeJS.Signals;
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGPIPE: 141 };

/** Exit code for a run stopped by `signal` (128 + signal number, like a shell). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? 130;
}

/**
 * Ctrl-C (or SIGTERM / SIGHUP) while a run is in flight: the first one aborts `signal` (the run is
 * cancelled on the node, and the caller waits to hear how it ended), a second one leaves at once.
 * Our stdout or stderr losing its reader (EPIPE: `hearth nodes run … -- yes | head -1`) cancels
 * it the same way, quietly, as `SIGPIPE`: a local program would have been killed by that signal.
 * `dispose()` restores the default handling.
 */
export function cancelOnSignals(nodeName: string): { signal: AbortSignal; cancelledBy: () => NodeJS.Signals | undefined; dispose: () => void } {
  const abort = new AbortController();
  let cancelledBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelledBy) process.exit(signalExitCode(signal)); // a second Ctrl-C: leave now
    cancelledBy = signal;
    void note(`hearth: cancelling the command on ${nodeName}… (press Ctrl-C again to leave at once)`);
    abort.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const offClosedOutput = onClosedOutput(() => {
    if (cancelledBy) return;
    cancelledBy = 'SIGPIPE';
    abort.abort();
  });
  return {
    signal: abort.signal,
    cancelledBy: () => cancelledBy,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
      offClosedOutput();
    },
  };
}

/**
 * Runs `invokeParams` (a `node.invoke` for system.run) streamed through the operator client and
 * copies its output to `out`/`err` as it comes. Resolves with the final answer; rejects like a call.
 */
export async function streamRun(
  op: OperatorClient,
  invokeParams: { idempotencyKey: string; [k: string]: unknown },
  opts: {
    callTimeoutMs: number;
    nodeName: string;
    out?: NodeJS.WritableStream;
    err?: NodeJS.WritableStream;
    /** Stops (true) or restarts (false) reading from the gateway: how a slow reader holds the run back. */
    pauseReading?: (paused: boolean) => void;
  },
): Promise<StreamedRun> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const cancel = cancelOnSignals(opts.nodeName);
  const valve = backPressure(opts.pauseReading);
  // A closed output's writes are dropped: reading must not stay stopped waiting for it to drain.
  const offClosedOutput = onClosedOutput(() => valve.release());
  const releaseHeap = holdStreamingHeap();
  const dest = (stream: 'stdout' | 'stderr') => (stream === 'stderr' ? err : out);
  try {
    const run = await op.run({
      invoke: invokeParams,
      callTimeoutMs: opts.callTimeoutMs,
      signal: cancel.signal,
      onOutput: (stream, text) => valve.wrote(dest(stream), [text]),
      // The node's bytes as they were (binary frames: nothing to escape or decode on any hop).
      onBytes: (stream, pieces) => valve.wrote(dest(stream), pieces),
    }, opts.nodeName);
    const cancelledBy = cancel.cancelledBy();
    return cancelledBy ? { ...run, cancelledBy } : run;
  } catch (err) {
    // The connection went away mid-run (the gateway stopped, the network dropped, or it gave up
    // on us): what was printed is only part of the output, and the gateway stops a run whose
    // caller is gone. Said as such, not as a plain connection error.
    if (err instanceof ConnectionLostError && err.afterHandshake && !cancel.cancelledBy()) {
      const sofar = valve.bytes > 0 ? `output cut off after ${valve.bytes} bytes` : 'no output had come yet';
      if (err.closeCode === 1012) {
        // The gateway is stopping or restarting: it stops its runs on the nodes as it goes.
        throw new CliError(
          `the gateway stopped (or is restarting) while the command was running on ${opts.nodeName}: ${sofar}; ` +
          `it stopped the command there too — run it again once \`hearth health\` says the gateway is back`,
        );
      }
      const how = err.closeCode !== undefined && err.closeCode !== 1006 ? ` (closed with ${err.closeCode}${err.closeReason ? ` ${err.closeReason}` : ''})` : '';
      throw new CliError(
        `lost the connection to the gateway while the command was running on ${opts.nodeName}${how}: ${sofar}; ` +
        `the gateway stops a command whose caller went away, so it may not have finished — check \`hearth status\` and run it again`,
      );
    }
    throw err;
  } finally {
    releaseHeap();
    valve.release();
    offClosedOutput();
    cancel.dispose();
  }
}

/**
 * Writes output and, while a destination is over its high-water mark (a pipe to a slow reader:
 * `hearth nodes run … | less`), stops reading from the gateway until it drains. TCP then fills,
 * the gateway holds back its acknowledgements and the node pauses the command's pipes: nothing
 * piles up in memory anywhere on the way.
 */
function backPressure(pause: ((paused: boolean) => void) | undefined) {
  const full = new Set<NodeJS.WritableStream>();
  let paused = false;
  let bytes = 0;
  let check: ReturnType<typeof setInterval> | undefined;
  const set = (p: boolean) => {
    if (p === paused || !pause) return;
    paused = p;
    pause(p);
    if (!p && check) {
      clearInterval(check);
      check = undefined;
    }
  };
  const drained = (dest: NodeJS.WritableStream) => {
    full.delete(dest);
    if (full.size === 0) set(false);
  };
  return {
    /** Writes the pieces (one writev where the stream can cork). */
    wrote(dest: NodeJS.WritableStream, pieces: readonly (string | Uint8Array)[]): void {
      // Its reader is gone (the run is being cancelled): the rest goes nowhere, and must not
      // stop reading from the gateway, which carries the cancel's answer.
      if (outputClosed(dest)) return;
      const corkable = pieces.length > 1 && 'cork' in dest;
      if (corkable) (dest as NodeJS.WriteStream).cork();
      let room = true;
      for (const p of pieces) {
        bytes += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.byteLength;
        room = writeReleasing(dest, p);
      }
      const last = pieces[pieces.length - 1];
      if (last !== undefined) copiedToTerminal(dest, last);
      if (corkable) (dest as NodeJS.WriteStream).uncork();
      if (room || full.has(dest)) return;
      full.add(dest);
      set(true);
      dest.once('drain', () => drained(dest));
      // Also look every 50 ms: reading must never stay stopped once the output has room, even
      // should a 'drain' go unseen (the run would hang with its answer unread).
      check ??= setInterval(() => {
        for (const d of full) {
          const w = d as NodeJS.WriteStream;
          if (typeof w.writableLength === 'number' && w.writableLength < (w.writableHighWaterMark ?? 16_384)) drained(d);
        }
      }, 50);
      check.unref?.();
    },
    release(): void {
      full.clear();
      set(false);
    },
    /** Output bytes written so far. */
    get bytes(): number {
      return bytes;
    },
  };
}
