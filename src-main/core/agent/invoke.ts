/**
 * Serves `node.invoke.request` events (SPEC §8.3): runs the command, sends `exec.finished`
 * then `node.invoke.result`, and kills a run's process tree on `node.invoke.cancel`. When a
 * Hearth gateway asks for it (`stream: true` on the request), `system.run` output also goes out
 * live as `node.invoke.progress` chunks, and a cancelled run still reports how it ended.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { NodeRunRecord } from './options.ts';
import { formatArgv, summarizeOutput } from './exec/format.ts';
import { askOperators } from './exec/ask.ts';
import { checkAllowlistEnv, envDeniedMessage } from './exec/env-policy.ts';
import { decideExec, deniedMessage, type ApprovedRun, type ExecDecision, type ExecPolicy } from './exec/policy.ts';
import { ProgressStream, type BinaryProgressParams } from './exec/progress-stream.ts';
import type { MethodName, ParamsOf, ResultOf } from '../../../src-shared/protocol/contract/index.ts';
import { clampTimeoutMs } from '../../../src-shared/protocol/timer-limits.ts';
import { startCommand, type RunTuning, type RunningCommand } from './exec/run.ts';
import type { RunGuard } from './exec/run-guard.ts';
import { which, whichOne } from './exec/which.ts';
import type { AgentCommand } from '../modules/agent-commands.ts';
import { DetailCode, NodeErrorCode } from '../../../src-shared/protocol/errors.ts';
import { holdStreamingHeap } from '../net/streaming-heap.ts';
import { zstdAvailable, zstdCompressFrame } from '../net/zstd-frames.ts';
import { commandParamsProblem } from '../../../src-shared/client/contract-check.ts';

/** Progress calls wait for their acknowledgement without a deadline (see the stream below). */
const PROGRESS_CALL = { timeoutMs: 0 };

export interface InvokeRequest {
  id: string;
  nodeId: string;
  command: string;
  paramsJSON?: string;
  timeoutMs?: number;
  idempotencyKey?: string;
  /** Hearth gateway extension: send `node.invoke.progress` while the command runs. */
  stream?: boolean;
  /** Hearth gateway extension: per-stream output cap for this run. */
  maxOutputBytes?: number;
  /**
   * Hearth gateway extension: `base64` asks for progress chunks as base64 of the raw bytes,
   * `binary` for binary frames (src-shared/protocol/binary-frame.ts).
   */
  streamEncoding?: 'base64' | 'binary';
  /** With `binary`: the gateway takes frames whose body is zstd (`streamCompression: 'zstd'`), and this Node has zstd. */
  streamCompression?: 'zstd';
}

/** Most names one system.which looks up (see execute). */
export const MAX_WHICH_BINS = 256;

/** SIGTERM → SIGKILL grace when an operator cancels: the tree must be gone within a second. */
export const CANCEL_KILL_GRACE_MS = 400;

export interface InvokeContext {
  deviceId: string;
  logger: Logger;
  /** The policy in force now (the node window may change it while running). */
  execPolicy(): ExecPolicy;
  /** Calls a method on the current connection; rejects when there is none. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>, options?: { timeoutMs?: number }): Promise<ResultOf<M>>;
  /** The same with params already serialised (streamed chunks are framed by hand). */
  callJSON?(method: string, paramsJSON: string, options?: { timeoutMs?: number }): Promise<unknown>;
  /** A call sent as a binary frame (params as its header, `parts` as its body). */
  callBinary?(method: string, params: Record<string, unknown>, parts: Uint8Array[], options?: { timeoutMs?: number }): Promise<unknown>;
  /** Keeps an "Always allow" run (exec `ask` mode) in the node's allowlist. */
  rememberApprovedRun?: (run: ApprovedRun) => void;
  runTuning?: RunTuning;
  onRun?: (run: NodeRunRecord) => void;
  /** Commands added by feature modules, by name. */
  commands?: ReadonlyMap<string, AgentCommand>;
  /** Told about every command's process group, so none outlives the agent (run-guard.ts). */
  guard?: RunGuard;
}

interface RunEntry {
  run: RunningCommand | undefined;
  cancelled: boolean;
  /** The cancel asked for the result anyway (a Hearth gateway whose operator cancelled the run). */
  reportCancel?: boolean;
  /** Stopped because the connection it came on closed: its result has no one to go to. */
  orphaned?: boolean;
  abort?: AbortController;
}

type Outcome = { ok: true; payload: unknown } | { ok: false; error: { code: string; message: string } };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseInvokeRequest(payload: unknown): InvokeRequest | undefined {
  if (!isObj(payload)) return undefined;
  const { id, nodeId, command, paramsJSON, timeoutMs, idempotencyKey, stream, maxOutputBytes, streamEncoding, streamCompression } = payload;
  if (typeof id !== 'string' || id === '' || typeof command !== 'string' || command === '') return undefined;
  const req: InvokeRequest = { id, nodeId: typeof nodeId === 'string' && nodeId !== '' ? nodeId : '', command };
  if (typeof paramsJSON === 'string') req.paramsJSON = paramsJSON;
  if (typeof timeoutMs === 'number') req.timeoutMs = timeoutMs;
  if (typeof idempotencyKey === 'string') req.idempotencyKey = idempotencyKey;
  if (stream === true) req.stream = true;
  if (stream === true && (streamEncoding === 'base64' || streamEncoding === 'binary')) req.streamEncoding = streamEncoding;
  if (req.streamEncoding === 'binary' && streamCompression === 'zstd' && zstdAvailable) req.streamCompression = 'zstd';
  if (typeof maxOutputBytes === 'number' && Number.isSafeInteger(maxOutputBytes) && maxOutputBytes > 0) req.maxOutputBytes = maxOutputBytes;
  return req;
}

/** Invocations in flight on this node. */
export class Invocations {
  private readonly ctx: InvokeContext;
  private readonly running = new Map<string, RunEntry>();

  constructor(ctx: InvokeContext) {
    this.ctx = ctx;
  }

  /** Tells the host about a run; a failing hook never affects the run. */
  private report(run: NodeRunRecord): void {
    try {
      this.ctx.onRun?.(run);
    } catch (err) {
      this.ctx.logger.warn('onRun hook failed', { error: (err as Error).message });
    }
  }

  get size(): number {
    return this.running.size;
  }

  /** Handles one `node.invoke.request` payload; resolves once the answer was sent (or dropped). */
  async handleRequest(payload: unknown): Promise<void> {
    const req = parseInvokeRequest(payload);
    if (!req) {
      this.ctx.logger.warn('ignoring malformed node.invoke.request', { payload: JSON.stringify(payload)?.slice(0, 200) });
      return;
    }
    if (this.running.has(req.id)) return; // duplicate delivery of an invocation already in progress
    const entry: RunEntry = { run: undefined, cancelled: false };
    this.running.set(req.id, entry);
    try {
      const outcome: Outcome = await this.execute(req, entry).catch((err: Error) => {
        this.ctx.logger.error(`invocation ${req.command} failed: ${err.message}`, { invokeId: req.id });
        return { ok: false, error: { code: NodeErrorCode.UNAVAILABLE, message: `node error: ${err.message}` } };
      });
      if (entry.orphaned) {
        this.ctx.logger.info('invocation stopped: the connection to the gateway it came on closed; no result sent', { invokeId: req.id, command: req.command });
        return;
      }
      // A plain gateway forgets a run it cancelled; a Hearth gateway that streams the run, or whose
      // operator cancelled it (`report`), waits to hear how it ended.
      if (entry.cancelled && !req.stream && !entry.reportCancel) {
        this.ctx.logger.info('invocation cancelled by the gateway; no result sent', { invokeId: req.id, command: req.command });
        return;
      }
      const nodeId = req.nodeId || this.ctx.deviceId;
      const params = outcome.ok
        ? { id: req.id, nodeId, ok: true, payloadJSON: JSON.stringify(outcome.payload) }
        : { id: req.id, nodeId, ok: false, error: outcome.error };
      await this.ctx.call('node.invoke.result', params).catch((err: Error) => {
        this.ctx.logger.warn('could not deliver an invocation result', { invokeId: req.id, error: err.message });
      });
    } finally {
      this.running.delete(req.id);
    }
  }

  /**
   * A `node.invoke.request` the contract refused (GatewayConnection dropped it): nothing runs,
   * but when it names a usable id the gateway hears so at once, instead of its caller waiting
   * for the deadline. Resolves once the refusal was sent (or could not be).
   */
  async refuseMalformed(payload: unknown, problem: string): Promise<void> {
    const p = isObj(payload) ? payload : {};
    const id = typeof p['id'] === 'string' && p['id'] !== '' ? p['id'] : undefined;
    if (id === undefined || this.running.has(id)) return; // the id of a run in progress is not ours to answer
    const nodeId = typeof p['nodeId'] === 'string' && p['nodeId'] !== '' ? p['nodeId'] : this.ctx.deviceId;
    const message = `node.invoke.request out of contract (${problem.slice(0, 200)}); nothing ran`;
    await this.ctx.call('node.invoke.result', { id, nodeId, ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message } }).catch((err: Error) => {
      this.ctx.logger.debug('could not refuse a malformed invocation', { invokeId: id, error: err.message });
    });
  }

  /** Handles `node.invoke.cancel {invokeId, report?}`: kills that run's process tree. */
  handleCancel(payload: unknown): void {
    const invokeId = isObj(payload) && typeof payload['invokeId'] === 'string' ? payload['invokeId'] : undefined;
    if (!invokeId) return;
    const entry = this.running.get(invokeId);
    if (!entry) return;
    entry.cancelled = true;
    if (isObj(payload) && payload['report'] === true) entry.reportCancel = true;
    entry.abort?.abort();
    void entry.run?.cancel(CANCEL_KILL_GRACE_MS);
  }

  /**
   * The connection to the gateway closed: stops every run it asked for (process tree: SIGTERM,
   * SIGKILL after the cancel grace). The gateway has already failed each one to its caller as
   * cut off (a node that drops fails its runs), and a result sent on a later connection is
   * ignored, so a run that went on would only do its work unseen, and twice once the caller
   * runs it again. Returns how many were stopped.
   */
  stopOrphans(): number {
    let n = 0;
    for (const entry of this.running.values()) {
      if (entry.orphaned) continue;
      entry.orphaned = true;
      entry.cancelled = true;
      entry.abort?.abort();
      void entry.run?.cancel(CANCEL_KILL_GRACE_MS);
      n++;
    }
    return n;
  }

  /** Kills every running command (agent stop). */
  async cancelAll(): Promise<void> {
    const kills: Promise<void>[] = [];
    for (const entry of this.running.values()) {
      entry.cancelled = true;
      entry.abort?.abort();
      if (entry.run) kills.push(entry.run.cancel());
    }
    await Promise.all(kills);
  }

  private async execute(req: InvokeRequest, entry: RunEntry): Promise<Outcome> {
    let params: unknown = {};
    if (req.paramsJSON !== undefined && req.paramsJSON !== '') {
      try {
        params = JSON.parse(req.paramsJSON);
      } catch {
        return { ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message: 'paramsJSON is not valid JSON' } };
      }
    }
    switch (req.command) {
      case 'system.run':
        return this.systemRun(req, isObj(params) ? params : {}, entry);
      case 'system.which': {
        const bins = isObj(params) ? params['bins'] : undefined;
        if (!Array.isArray(bins) || !bins.every((b) => typeof b === 'string')) {
          return { ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message: 'system.which needs params.bins as an array of strings' } };
        }
        // The look-up is synchronous (a stat per PATH entry and name): 20,000 names held the
        // agent's event loop for seconds — no heartbeat, no other run. A caller needs a few.
        if (bins.length > MAX_WHICH_BINS) {
          return { ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message: `system.which takes at most ${MAX_WHICH_BINS} names (got ${bins.length}); ask in smaller batches` } };
        }
        // A node that runs nothing does not tell callers what it could run either.
        const policy = this.ctx.execPolicy();
        if (policy.security === 'deny') {
          return { ok: false, error: { code: DetailCode.EXEC_DENIED, message: deniedMessage('deny', ['system.which']) } };
        }
        return { ok: true, payload: which(bins) };
      }
      default: {
        const extra = this.ctx.commands?.get(req.command);
        if (!extra) return { ok: false, error: { code: NodeErrorCode.UNSUPPORTED, message: `unsupported command ${req.command}` } };
        entry.abort = new AbortController();
        try {
          let seq = 0;
          const nodeId = req.nodeId || this.ctx.deviceId;
          const progress = async (chunk: string): Promise<void> => {
            if (entry.cancelled) throw new Error('invocation cancelled');
            await this.ctx.call('node.invoke.progress', { invokeId: req.id, nodeId, seq: seq++, chunk });
          };
          const payload = await extra.handler(params, { logger: this.ctx.logger, deviceId: this.ctx.deviceId, signal: entry.abort.signal, progress });
          return { ok: true, payload: payload ?? null };
        } catch (err) {
          const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : NodeErrorCode.UNAVAILABLE;
          return { ok: false, error: { code, message: (err as Error).message } };
        }
      }
    }
  }

  private async systemRun(req: InvokeRequest, p: Record<string, unknown>, entry: RunEntry): Promise<Outcome> {
    const argv = p['command'];
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
      return { ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message: 'system.run needs params.command as a non-empty array of strings' } };
    }
    // A cwd, env or timeout of the wrong type was ignored: the command then ran somewhere, with
    // something, or for as long as nobody asked. Refused instead (null still means absent).
    const paramsProblem = commandParamsProblem('system.run', p);
    if (paramsProblem !== undefined) {
      return { ok: false, error: { code: NodeErrorCode.INVALID_REQUEST, message: `system.run params out of contract (${paramsProblem.slice(0, 200)}); nothing ran` } };
    }
    const env = isObj(p['env']) ? Object.fromEntries(Object.entries(p['env']).filter(([, v]) => typeof v === 'string')) as Record<string, string> : undefined;
    const cwd = typeof p['cwd'] === 'string' && p['cwd'] !== '' ? p['cwd'] : undefined;
    const policy = this.ctx.execPolicy();
    const display = typeof p['rawCommand'] === 'string' && p['rawCommand'] !== '' ? p['rawCommand'] : formatArgv(argv as string[]);
    const refuse = (message: string): Outcome => {
      this.ctx.logger.warn(message, { invokeId: req.id, command: display });
      this.report({ invokeId: req.id, command: display, startedAtMs: Date.now(), durationMs: 0, timedOut: false, error: message, denied: true });
      return { ok: false, error: { code: DetailCode.EXEC_DENIED, message } };
    };
    let executable: string | undefined;
    let envProblem: string | undefined;
    if (policy.security === 'allowlist' || policy.security === 'ask') {
      // The allowlist names programs: the request's env may not change which program a name
      // means (PATH) or what it loads (LD_PRELOAD, NODE_OPTIONS, …) — env-policy.ts.
      const envCheck = checkAllowlistEnv(env, process.env['PATH']);
      if (!envCheck.ok) envProblem = envDeniedMessage(policy.security, envCheck.name, envCheck.reason);
      executable = whichOne(argv[0] as string, { env: process.env, absoluteDirsOnly: true, ...(cwd ? { cwd } : {}) });
    }
    let decision: ExecDecision;
    if (envProblem) {
      // An env the allowlist cannot vouch for: refused, or (ask) put to an operator for this one
      // run — never admitted by an allowlist entry or an earlier "Always allow" of the same argv.
      decision = policy.security === 'ask' ? { allowed: false, ask: true, message: envProblem } : { allowed: false, message: envProblem };
    } else {
      decision = decideExec(policy, { argv: argv as string[], resolvedPath: executable, cwd });
    }
    if (!decision.allowed && decision.ask) {
      entry.abort = new AbortController();
      const askedAtMs = Date.now();
      decision = await askOperators(this.ctx, { invokeId: req.id, argv: argv as string[], cwd, env }, entry.abort.signal);
      // Cancelled while it waited for an operator: it never ran, and ends as a cancel, not a denial.
      if (entry.cancelled) {
        this.report({ invokeId: req.id, command: display, startedAtMs: askedAtMs, durationMs: Date.now() - askedAtMs, timedOut: false, error: 'cancelled before an operator allowed it', denied: false });
        return { ok: true, payload: { timedOut: false, success: false, stdout: '', stderr: '', error: null, cancelled: true, durationMs: Date.now() - askedAtMs } };
      }
      // An operator approved exactly this argv and env: it runs as asked.
      if (decision.allowed) executable = undefined;
    }
    if (!decision.allowed) return refuse(decision.message);
    const nodeId = req.nodeId || this.ctx.deviceId;
    // The stream is made before the command (it receives its output) and pauses it under pressure.
    const started: { run?: RunningCommand } = {};
    const progress = req.stream
      ? new ProgressStream({
        invokeId: req.id, nodeId, encoding: req.streamEncoding ?? 'text',
        // No deadline on a chunk's acknowledgement: the gateway holds it for as long as the
        // operator holds the run back (`… | less` left for minutes), and a call that timed out
        // would end the stream for good. A connection that is gone fails the calls at once.
        send: (params) => this.ctx.call('node.invoke.progress', params, PROGRESS_CALL),
        ...(this.ctx.callJSON ? { sendJSON: (json: string) => this.ctx.callJSON!('node.invoke.progress', json, PROGRESS_CALL) } : {}),
        ...(this.ctx.callBinary ? { sendBinary: (params: BinaryProgressParams, parts: Uint8Array[]) => this.ctx.callBinary!('node.invoke.progress', { ...params }, parts, PROGRESS_CALL) } : {}),
        ...(req.streamCompression === 'zstd' ? { compress: zstdCompressFrame } : {}),
        onPressure: (paused) => started.run?.pauseOutput(paused),
      })
      : undefined;
    // As for the request's own cap: a whole number of bytes (0.5 meant "keep nothing").
    const paramLimit = Number.isSafeInteger(p['maxOutputBytes']) && (p['maxOutputBytes'] as number) > 0 ? p['maxOutputBytes'] as number : undefined;
    this.ctx.guard?.prepare?.();
    const run = startCommand({
      argv: argv as string[],
      executable,
      cwd,
      env,
      timeoutMs: clampTimeoutMs(p['timeoutMs']),
      maxOutputBytes: req.maxOutputBytes ?? paramLimit,
      onOutput: progress ? (stream, bytes) => progress.push(stream, bytes) : undefined,
      // Recorded right after the spawn, before anything else can yield or block (logging included).
      onSpawn: (pid) => this.ctx.guard?.started(pid, display),
    }, this.ctx.runTuning);
    started.run = run;
    entry.run = run;
    this.ctx.logger.info(`system.run ${display}`, { invokeId: req.id, stream: Boolean(progress) });
    const startedAtMs = Date.now();
    const releaseHeap = progress ? holdStreamingHeap() : undefined;
    let result: Awaited<typeof run.result>;
    try {
      result = await run.result;
    } catch (err) {
      releaseHeap?.();
      throw err;
    }
    if (run.pid !== undefined) this.ctx.guard?.ended(run.pid);
    progress?.end();
    releaseHeap?.();
    if (entry.cancelled) result.cancelled = true;
    const record: NodeRunRecord = { invokeId: req.id, command: display, startedAtMs, durationMs: result.durationMs ?? Date.now() - startedAtMs, timedOut: result.timedOut, denied: false };
    if (result.exitCode !== undefined) record.exitCode = result.exitCode;
    if (result.error) record.error = result.error;
    this.report(record);
    this.ctx.logger.info(`system.run finished: ${result.error ?? `exit ${result.exitCode}`}${result.timedOut ? ' (timed out)' : ''}`, { invokeId: req.id, durationMs: result.durationMs });
    const finished: Record<string, unknown> = {
      sessionKey: typeof p['sessionKey'] === 'string' && p['sessionKey'] !== '' ? p['sessionKey'] : 'node',
      runId: typeof p['runId'] === 'string' && p['runId'] !== '' ? p['runId'] : randomUUID(),
      host: 'node',
      command: display,
    };
    if (result.exitCode !== undefined) finished['exitCode'] = result.exitCode;
    Object.assign(finished, {
      timedOut: result.timedOut,
      success: result.success,
      output: result.error ?? summarizeOutput(result.stdout, result.stderr),
      suppressNotifyOnExit: p['suppressNotifyOnExit'] === true,
    });
    if (!entry.cancelled) {
      // Sent before the result, as the real node host does; same socket, so order is kept without waiting.
      void this.ctx.call('node.event', { event: 'exec.finished', payloadJSON: JSON.stringify(finished) }).catch(() => {});
    }
    return { ok: true, payload: result };
  }
}
