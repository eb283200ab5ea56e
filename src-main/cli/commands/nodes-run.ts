/**
 * `hearth nodes run <node> -- <argv…>`: one `system.run` through `node.invoke`, with the remote
 * output printed live (stdout and stderr kept apart; see run-stream.ts) and the remote exit code
 * as ours (decoded by src-shared/client/invoke-result.ts). Ctrl-C cancels the remote run.
 */
import { MAX_TIMER_MS } from '../../../src-shared/protocol/timer-limits.ts';
import { randomUUID } from 'node:crypto';
import { ProtocolError } from '../../../src-shared/protocol/errors.ts';
import type { SystemRunResult } from '../../../src-shared/protocol/types.ts';
import { CliError } from '../cli-error.ts';
import { operatorFor, withGateway } from '../client.ts';
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import type { PendingItem } from '../../../src-shared/client/pending.ts';
import { clientSettingsFrom } from '../common.ts';
import { closedOutputsSoFar, copiedToTerminal, flushed, note, onClosedOutput, printJson, write } from '../io.ts';
import { invokeFailure, notTextNotices, outcomeFromResult, stripTruncationMarker, truncationNotices } from '../../../src-shared/client/invoke-result.ts';
import type { RunResponse } from '../../../src-shared/client/operator.ts';
import { CANCEL_METHOD, gatewayCancels, gatewayStreams } from '../../../src-shared/client/run-stream.ts';
import { answerDeadline, GatewaySilentError, type AnswerDeadline } from '../run-deadline.ts';
import { cancelOnSignals, signalExitCode, streamRun } from '../run-stream.ts';
import type { ClientCommandFlags } from './nodes.ts';

export interface NodesRunFlags extends ClientCommandFlags {
  cwd?: string;
  timeout?: string;
  env?: string[];
  maxOutput?: string;
  /** Commander's `--no-stream` sets this false. */
  stream?: boolean;
  /** The fast path's spelling of `--no-stream`. */
  noStream?: boolean;
}

export const DEFAULT_RUN_TIMEOUT_MS = 30_000;
/** The longest --timeout: the gateway and call deadlines add up to 15 s on top and must stay below 2^31 ms. */
export const MAX_RUN_TIMEOUT_MS = MAX_TIMER_MS - 15_000;

/** Parses `K=V` pairs; a bad one is a CliError naming it. */
export function parseEnvPairs(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError(`--env expects KEY=VALUE, got "${p}"`);
    env[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return env;
}

/** Parses `--timeout MS` (a positive integer). */
export function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_RUN_TIMEOUT_MS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new CliError(`--timeout must be a positive number of milliseconds, got "${raw}"`);
  // Timers cannot wait 2^31 ms or more (they would fire at once); the call adds 15 s of margin.
  if (n > MAX_RUN_TIMEOUT_MS) throw new CliError(`--timeout must be at most ${MAX_RUN_TIMEOUT_MS} ms (about 24.8 days), got ${raw}`);
  return n;
}

/** Parses `--max-output BYTES` (a positive integer; `k`/`m` suffixes for KiB/MiB). */
export function parseMaxOutput(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)([kKmM]?)$/.exec(raw.trim());
  const n = m ? Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]!) ? 1024 : 1024 * 1024) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new CliError(`--max-output must be a positive number of bytes (e.g. 1048576 or 64m), got "${raw}"`);
  return n;
}

/** The `node.invoke` params for one run (SPEC §8.3, §9.1). */
export function buildInvokeParams(nodeId: string, argv: string[], timeoutMs: number, cwd: string | undefined, env: Record<string, string> | undefined, maxOutputBytes?: number) {
  const params: { command: string[]; timeoutMs: number; cwd?: string; env?: Record<string, string>; maxOutputBytes?: number } = { command: argv, timeoutMs };
  if (cwd !== undefined) params.cwd = cwd;
  if (env !== undefined) params.env = env;
  if (maxOutputBytes !== undefined) params.maxOutputBytes = maxOutputBytes;
  // The gateway gets 5 s more than the command so a command timeout reports as such, not as an invoke timeout.
  return { nodeId, command: 'system.run', params, timeoutMs: timeoutMs + 5_000, idempotencyKey: randomUUID() };
}

/**
 * `no node "laptop"` right after `hearth node run` on the laptop: it is not a node yet, its
 * pairing request waits. Said so, with the approval that admits it; any other failure as it was.
 */
async function waitingForApproval(flags: NodesRunFlags, query: string, err: unknown): Promise<never> {
  if (!(err instanceof Error) || !/^no node "/.test(err.message)) throw err;
  const q = query.trim().toLowerCase();
  let pending: PendingItem | undefined;
  try {
    // Only on this failure path: reading requests takes operator.pairing, which a run needs not.
    const items = await withGateway(clientSettingsFrom(flags), ['operator.pairing'], (conn) => operatorFor(conn).pending(true));
    pending = items.find((i) => i.name.toLowerCase() === q) ?? items.find((i) => i.name.toLowerCase().startsWith(q));
  } catch {
    throw err;
  }
  if (!pending) throw err;
  throw new CliError(`node ${pending.name} is waiting for approval (request ${pending.requestId}, fingerprint ${pending.fingerprint}); approve it with \`hearth nodes approve ${pending.requestId}\`, then run the command again`);
}

/**
 * A node in `--exec ask` mode holds the run until an operator allows it: without a word the CLI
 * would sit silent for up to the approval window. Says once what it waits for and how to answer.
 */
function noteApprovalWait(conn: GatewayConnection, nodeId: string, argv: readonly string[], nodeName: () => string, deadline: AnswerDeadline): () => void {
  let noted = false;
  return conn.on('exec.approval.requested', (a) => {
    if (noted || a.nodeId !== nodeId || a.argv.length !== argv.length || a.argv.some((x, i) => x !== argv[i])) return;
    noted = true;
    // The gateway gives the run the approval window on top of its deadline; so do we.
    deadline.approvalRequested(a.expiresAtMs - a.createdAtMs);
    const within = Math.max(1, Math.round((a.expiresAtMs - a.createdAtMs) / 1000));
    void note(`hearth: ${nodeName()} asks an operator to allow this command (its exec policy is ask): \`hearth approvals allow ${a.id}\`, or the web UI; no answer within ${within} s denies it`);
  });
}

/** Our exit code when stdout or stderr lost its reader: 128 + SIGPIPE, what a shell reports for a local `yes | head -1`. */
export const CLOSED_OUTPUT_EXIT = 141;

export async function nodesRunCommand(query: string, argv: string[], flags: NodesRunFlags): Promise<number> {
  if (argv.length === 0) throw new CliError('no command given; use `hearth nodes run <node> -- <command> [args…]`');
  // The exit code stands for the remote command's, so a reader that goes away (`… | head -1`)
  // is not the CLI's usual exit 0: a run in flight is stopped on the node (cancelOnSignals), and
  // we exit 141 without a word, as a local program killed by SIGPIPE does (under `set -o
  // pipefail` the pipeline then fails as it would locally). Also when the output came at the end
  // (--no-stream, --json, a gateway that cannot cancel): it was cut off all the same.
  const offClosedOutput = onClosedOutput(() => { /* read at the end: closedOutputsSoFar() */ });
  try {
    const code = await runOnNode(query, argv, flags);
    return closedOutputsSoFar().length > 0 ? CLOSED_OUTPUT_EXIT : code;
  } catch (err) {
    if (closedOutputsSoFar().length > 0) return CLOSED_OUTPUT_EXIT;
    throw err;
  } finally {
    offClosedOutput();
  }
}

async function runOnNode(query: string, argv: string[], flags: NodesRunFlags): Promise<number> {
  const timeoutMs = parseTimeout(flags.timeout);
  const env = parseEnvPairs(flags.env);
  const maxOutputBytes = parseMaxOutput(flags.maxOutput);
  // --json prints the final payload only; live output would interleave with it.
  const wantStream = !flags.json && flags.stream !== false && flags.noStream !== true;
  let nodeName = query;
  let cancelledBy: NodeJS.Signals | undefined;
  // operator.approvals: to hear that a node in --exec ask mode waits for someone to allow the run.
  const run = await withGateway(clientSettingsFrom(flags), ['operator.write', 'operator.approvals'], async (conn): Promise<RunResponse> => {
    const op = operatorFor(conn, wantStream);
    // A full 64-hex id needs no lookup (one round trip less on the hot path); anything else resolves by name.
    const target = await op.node(query).catch((err: unknown) => waitingForApproval(flags, query, err));
    if (target.entry) nodeName = target.name;
    const params = buildInvokeParams(target.nodeId, argv, timeoutMs, flags.cwd, env, maxOutputBytes);
    // The gateway answers by its deadline (params.timeoutMs, plus an approval window it
    // announces); a gateway still silent a grace later has lost the run (run-deadline.ts).
    const scopes = conn.hello.auth.scopes;
    const deadline = answerDeadline(params.timeoutMs, scopes.includes('operator.approvals') || scopes.includes('operator.admin'));
    const offApproval = noteApprovalWait(conn, target.nodeId, argv, () => nodeName, deadline);
    const dispatch = async (): Promise<RunResponse> => {
      // The call's own deadline is only a backstop behind `deadline`: the longest approval window on top.
      const callTimeoutMs = timeoutMs + 15_000 + 600_000;
      if (wantStream && gatewayStreams(conn.hello)) {
        const pauseReading = (paused: boolean) => {
          conn.setReadingPaused(paused);
          deadline.readingPaused(paused);
        };
        const streamedRun = await streamRun(op, params, { callTimeoutMs, nodeName, pauseReading });
        cancelledBy = streamedRun.cancelledBy;
        return streamedRun;
      }
      // Not streamed (--json, --no-stream): Ctrl-C still cancels the run on the node, where the
      // gateway can; a gateway that cannot (OpenClaw's) keeps the default (we just leave).
      if (!gatewayCancels(conn.hello)) return await op.run({ invoke: params, callTimeoutMs }, nodeName);
      const cancel = cancelOnSignals(nodeName);
      try {
        const plainRun = await op.run({ invoke: params, callTimeoutMs, signal: cancel.signal }, nodeName);
        cancelledBy = cancel.cancelledBy();
        return plainRun;
      } finally {
        cancel.dispose();
      }
    };
    try {
      return await Promise.race([dispatch(), deadline.expired]);
    } catch (err) {
      if (err instanceof GatewaySilentError) {
        // Should the run still be going somewhere, it is not left behind us.
        if (gatewayCancels(conn.hello)) conn.request(CANCEL_METHOD, { idempotencyKey: params.idempotencyKey }, { timeoutMs: 1_000 }).catch(() => undefined);
        throw new CliError(
          `the gateway never answered the run on ${nodeName}: its deadline for it (--timeout ${timeoutMs} ms + 5 s${err.approvalWaited ? ' + the exec approval window' : ''}) ` +
          `passed ${Math.round(err.pastDeadlineMs / 1000)} s ago, ${Math.round(err.waitedMs / 1000)} s after the start; it may still be running there — ` +
          `check \`hearth nodes describe ${query}\` and the gateway's log (\`hearth logs\`), then run it again`,
        );
      }
      if (err instanceof ProtocolError) throw invokeFailure(err, nodeName, timeoutMs);
      throw err;
    } finally {
      deadline.dispose();
      offApproval();
    }
  });
  const payload = run.answer;
  const streamed = run.streamed;
  // Streamed chunks were written as they came; the exit must not cut off what is still queued.
  if (streamed) await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  const result: SystemRunResult | undefined = run.result;
  if (cancelledBy === 'SIGPIPE') return CLOSED_OUTPUT_EXIT; // quietly (see nodesRunCommand)
  if (cancelledBy) {
    // --json still prints how the run ended (the node's cancelled result) for a script to read;
    // a run that was not streamed prints what it had printed until then.
    if (flags.json && result) await printJson(payload);
    else if (result && !streamed) await printOutput(result.stdout, result.stderr);
    const how = result?.cancelled ? 'the command was stopped on' : 'the cancel was sent to';
    throw new CliError(`cancelled: ${how} ${nodeName}`, signalExitCode(cancelledBy));
  }
  if (!result) throw new CliError(`node ${nodeName} returned no result; check \`hearth nodes describe ${query}\``);
  const outcome = outcomeFromResult(result, nodeName, timeoutMs, argv[0]);
  if (flags.json) {
    await printJson(payload);
  } else {
    // Streamed output is already on screen. A node that did not stream (the real OpenClaw node
    // host ignores the request) sends it all in the result (SPEC §9.1), printed here.
    if (!streamed || result.streamed !== true) await printOutput(outcome.stdout, outcome.stderr);
    // Its reader went away: no more words (nodesRunCommand exits 141).
    if (closedOutputsSoFar().length > 0) return CLOSED_OUTPUT_EXIT;
    for (const n of truncationNotices(result)) await note(n);
    if (run.outputGap !== undefined) await note(`hearth: ${run.outputGap.line}; run it again with --no-stream to get the output whole, as the node kept it`);
    for (const n of notTextNotices(result, wantStream ? 'this gateway does not stream runs, which would carry the exact bytes' : 'run it without --no-stream to get the exact bytes')) await note(n);
  }
  if (outcome.failure) throw new CliError(outcome.failure, outcome.exitCode);
  return outcome.exitCode;
}

/** A run's whole output, printed as the node kept it (its truncation marker becomes a notice). */
async function printOutput(stdoutText: string, stderrText: string): Promise<void> {
  const out = stripTruncationMarker(stdoutText);
  const err = stripTruncationMarker(stderrText);
  await write(process.stdout, out);
  copiedToTerminal(process.stdout, out);
  await write(process.stderr, err);
  copiedToTerminal(process.stderr, err);
}
