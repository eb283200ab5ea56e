/**
 * `node.invoke` routing: checks the target and the command against its approved surface,
 * validates `system.run` argv, sends `node.invoke.request`, and settles the caller's promise on the
 * node's result, the deadline (with a cancel sent to the node), the node dropping, or shutdown.
 * A streamed run (`streamTo`) also has its output routed to that operator (invoke-streams.ts).
 * The operator that asked (`requester`) can cancel its run, streamed or not; the node then
 * reports how the run ended.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_INVOKE_TIMEOUT_MS, SYSTEM_RUN_FORWARDED_KEYS } from '../../../../src-shared/protocol/constants.ts';
import { DetailCode, ErrorCode, NodeErrorCode, ProtocolError, invalidRequest } from '../../../../src-shared/protocol/errors.ts';
import type { PayloadOf, StreamEncoding } from '../../../../src-shared/protocol/contract/index.ts';
import { zstdAvailable } from '../../net/zstd-frames.ts';
import type { Broadcaster } from '../broadcaster.ts';
import { InvokeStreams } from '../invoke-streams.ts';
import { formatArgv } from './surface-rules.ts';
import type { Session } from '../session.ts';
import type { NodeConnections } from './connections.ts';
import { InFlightRuns } from './idempotency.ts';
import type { AuditStart, InvokeAudit } from './invoke-audit.ts';
import { boundText, readNodePayload } from './node-input.ts';
import type { DiskState } from '../../store/disk-state.ts';
import type { RecordedRun } from '../../store/invocations.ts';
import { newRunId } from '../../store/run-id.ts';

export interface InvokeResult {
  ok: true;
  nodeId: string;
  command: string;
  payload: unknown;
  payloadJSON: string | null;
}

export interface InvokeRequest {
  nodeId: string;
  command: string;
  params?: unknown;
  timeoutMs?: number;
  idempotencyKey: string;
  /** Who asked (device id, or `module:<name>`), for the audit log. */
  principal: string;
  /** The operator session that asked: it alone may cancel the run (`hearth.invoke.cancel`). */
  requester?: Session;
  /** Stream the output live to this session (`hearth.invoke.progress`); Hearth extension. */
  streamTo?: Session;
  /** How `streamTo` wants the chunks: text (default), base64 of the raw bytes, or binary frames. */
  streamEncoding?: StreamEncoding;
  /** With binary frames, `streamTo` also reads zstd ones (compressed frames reach it as they came). */
  streamCompression?: 'zstd';
  /** Per-stream output cap asked for by the operator (system.run). */
  maxOutputBytes?: number;
  /**
   * In-process consumer of the run's `node.invoke.progress` pieces (a feature module relaying a
   * node's answer); each piece is acknowledged to the node once the returned promise settles.
   */
  onProgress?: (chunk: string, seq: number) => void | Promise<void>;
  /** Aborting cancels the run on the node (`node.invoke.cancel`) and rejects at once. */
  signal?: AbortSignal;
}

/** What a node sends back in `node.invoke.result`. */
export interface InvokeResultParams {
  id: string;
  nodeId: string;
  ok: boolean;
  payload?: unknown;
  payloadJSON?: string;
  error?: { code?: string; message?: string };
}

interface PendingInvoke {
  nodeId: string;
  command: string;
  idempotencyKey: string;
  /** The operator session that may cancel it. */
  requester: Session | undefined;
  resolve: (v: InvokeResult) => void;
  reject: (e: ProtocolError) => void;
  timer: ReturnType<typeof setTimeout>;
  onTimeout: () => void;
  deadlineAtMs: number;
  /** The node session the run was sent to. */
  node: Session;
  /** Cancel was sent; the node's report of how the run ended is awaited. */
  cancelling?: boolean;
}

/** How long a cancelled run waits for the node to confirm before the caller is told anyway. */
const CANCEL_CONFIRM_MS = 3_000;

export interface InvokeRouterDeps {
  connections: NodeConnections;
  events: Broadcaster;
  audit: InvokeAudit;
  clock: () => number;
  /** The state disk's condition: a full disk refuses new runs. */
  disk: Pick<DiskState, 'full' | 'report'>;
  /** Whether the node is known at all (paired, or with a stored surface). */
  isKnown: (nodeId: string) => boolean;
  isSurfacePending: (nodeId: string) => boolean;
  /** A node sent a compressed output frame that did not decode (once per run; its output has a hole). */
  onUndecodable?: (invokeId: string, nodeId: string) => void;
}

export function unavailable(message: string, details: Record<string, unknown>): ProtocolError {
  return new ProtocolError({ code: ErrorCode.UNAVAILABLE, message, details });
}

/** New runs are refused while the state disk is full: without a record there is no run. */
export function diskFullError(path: string): ProtocolError {
  return new ProtocolError({
    code: ErrorCode.UNAVAILABLE, retryable: true,
    message: `the gateway's state disk is full (no space to record the run in ${path}); new runs are refused until space is freed — reads and health keep working, and the gateway recovers by itself`,
    details: { code: DetailCode.STATE_DISK_FULL, path, nodeCommandDispatched: false },
  });
}

/** The answer to a retried idempotency key, from its record: the same result, or how it ended. */
function replay(req: InvokeRequest, prior: RecordedRun): Promise<InvokeResult> {
  const r = prior.record;
  if (prior.resultJson !== undefined) {
    let payload: unknown = null;
    try {
      payload = JSON.parse(prior.resultJson);
    } catch { /* recorded by us; kept as text if not */ }
    return Promise.resolve({ ok: true, nodeId: req.nodeId, command: req.command, payload, payloadJSON: prior.resultJson });
  }
  const interrupted = r.finishedAtMs === undefined || /^interrupted/.test(r.error ?? '');
  const how = r.finishedAtMs === undefined
    ? 'interrupted: it was dispatched but its outcome was never recorded'
    : r.error ?? (r.ok ? 'it finished, but its result was too large to keep' : 'it failed');
  return Promise.reject(new ProtocolError({
    code: ErrorCode.UNAVAILABLE,
    message: `${interrupted ? 'INTERRUPTED' : 'ALREADY_RAN'}: idempotencyKey ${req.idempotencyKey} already ran on this node (started ${new Date(r.startedAtMs).toISOString()}); ${how}. It is not run again — use a new idempotencyKey to run it anew`,
    details: {
      nodeError: { code: interrupted ? 'INTERRUPTED' : 'ALREADY_RAN', message: how }, nodeCommandDispatched: true, replayed: true, invocationId: r.id,
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    },
  }));
}

export class InvokeRouter {
  private readonly pending = new Map<string, PendingInvoke>();
  /** Called once a run in flight has ended, however it ended (see whenEnded). */
  private readonly endHooks = new Map<string, (() => void)[]>();
  /** Streamed runs and whom their output goes to; a run whose operator went away is cancelled. */
  readonly streams: InvokeStreams;
  /** A key retried while its first run is in flight shares that run (settled ones: the audit log). */
  private readonly byKey = new InFlightRuns<InvokeResult>();
  private readonly deps: InvokeRouterDeps;

  constructor(deps: InvokeRouterDeps) {
    this.deps = deps;
    this.streams = new InvokeStreams((invokeId) => this.cancelPending(invokeId), (invokeId, nodeId) => deps.onUndecodable?.(invokeId, nodeId));
  }

  /** Routes an invocation to a node and waits for its result (or the deadline). */
  invoke(req: InvokeRequest): Promise<InvokeResult> {
    return this.byKey.run(`${req.nodeId}|${req.command}|${req.idempotencyKey}`, () => this.replayOrDispatch(req));
  }

  /**
   * A key the audit log already knows was dispatched once (maybe before a restart): its recorded
   * outcome is returned and the command is never sent again. Otherwise the run is dispatched.
   */
  private replayOrDispatch(req: InvokeRequest): Promise<InvokeResult> {
    let prior: RecordedRun | undefined;
    try {
      prior = this.deps.audit.recorded(req.nodeId, req.command, req.idempotencyKey);
    } catch {
      prior = undefined; // an unreadable history must not block new work
    }
    return prior ? replay(req, prior) : this.dispatch(req);
  }

  /** Number of runs waiting for a node's result. */
  get inFlight(): number {
    return this.pending.size;
  }

  private dispatch(req: InvokeRequest): Promise<InvokeResult> {
    const { connections, events, audit, clock } = this.deps;
    const conn = connections.get(req.nodeId);
    if (!conn) {
      if (!this.deps.isKnown(req.nodeId)) {
        return Promise.reject(unavailable(`unknown node ${req.nodeId}: it is not paired with this gateway (see node.list)`, {
          code: DetailCode.PAIRING_CHANGED, nodeError: { code: NodeErrorCode.UNKNOWN_NODE, message: 'unknown node' }, nodeCommandDispatched: false,
        }));
      }
      return Promise.reject(unavailable('node not connected', {
        code: DetailCode.NOT_CONNECTED, nodeError: { code: DetailCode.NOT_CONNECTED, message: 'node not connected' }, nodeCommandDispatched: false,
      }));
    }
    if (!conn.commands.includes(req.command)) {
      const pending = this.deps.isSurfacePending(req.nodeId);
      return Promise.reject(invalidRequest(
        pending
          ? `node command not allowed: ${req.command} is one of this node's new commands, waiting for approval; run \`hearth nodes approve --latest\``
          : `node command not allowed: the node does not offer ${req.command}`,
        { code: DetailCode.NODE_COMMAND_NOT_ALLOWED, command: req.command, nodeId: req.nodeId },
      ));
    }
    let params = req.params;
    let argv: string[] | undefined;
    let cwd: string | undefined;
    if (req.command === 'system.run') {
      const p = (params ?? {}) as Record<string, unknown>;
      const command = p['command'];
      if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === 'string')) {
        return Promise.reject(invalidRequest('invalid system.run params: command must be a non-empty array of strings (argv)'));
      }
      argv = command as string[];
      const raw = p['rawCommand'];
      if (typeof raw === 'string' && raw.trim() !== formatArgv(argv) && raw.trim() !== argv.join(' ')) {
        return Promise.reject(invalidRequest('rawCommand does not match command', {
          code: DetailCode.RAW_COMMAND_MISMATCH, rawCommand: raw, inferred: argv.join(' '), formattedArgv: formatArgv(argv),
        }));
      }
      const forwarded: Record<string, unknown> = {};
      for (const k of SYSTEM_RUN_FORWARDED_KEYS) if (p[k] !== undefined) forwarded[k] = p[k];
      forwarded['runId'] = randomUUID();
      if (typeof p['cwd'] === 'string') cwd = p['cwd'];
      params = forwarded;
    }
    // Time-ordered: the run's row goes at the end of the table's key index (run-id.ts).
    const id = newRunId();
    const timeoutMs = req.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
    const rec: AuditStart = {
      id, nodeId: req.nodeId, command: req.command, requestedBy: req.principal, idempotencyKey: req.idempotencyKey, startedAtMs: clock(),
    };
    const nodeName = conn.session.client.displayName;
    if (nodeName) rec.nodeName = nodeName;
    if (argv) rec.argv = argv;
    if (cwd) rec.cwd = cwd;
    // The record is committed before the node hears of the run; no record, no run.
    const full = this.deps.disk.full;
    if (full) return Promise.reject(diskFullError(full.path));
    try {
      audit.start(rec);
    } catch (err) {
      if (this.deps.disk.report(err)) return Promise.reject(diskFullError(this.deps.disk.full?.path ?? ''));
      return Promise.reject(unavailable(`could not record the run in the audit log (${(err as Error).message}); it was not started`, { nodeCommandDispatched: false }));
    }

    const result = new Promise<InvokeResult>((resolve, reject) => {
      const onTimeout = () => {
        if (!this.pending.delete(id)) return;
        events.sendTo(conn.session, 'node.invoke.cancel', { invokeId: id, nodeId: req.nodeId });
        reject(unavailable('TIMEOUT: node invoke timed out', {
          nodeError: { code: NodeErrorCode.TIMEOUT, message: `node invoke timed out after ${timeoutMs} ms` }, nodeCommandDispatched: true,
        }));
      };
      const timer = setTimeout(onTimeout, timeoutMs);
      this.pending.set(id, {
        nodeId: req.nodeId, command: req.command, idempotencyKey: req.idempotencyKey, requester: req.requester ?? req.streamTo,
        resolve, reject, timer, onTimeout, deadlineAtMs: Date.now() + timeoutMs, node: conn.session,
      });
      const payload: PayloadOf<'node.invoke.request'> = { id, nodeId: req.nodeId, command: req.command, timeoutMs, idempotencyKey: req.idempotencyKey };
      if (params !== undefined) payload.paramsJSON = JSON.stringify(params);
      // Extra fields on the request event: the real node host ignores them, a Hearth node streams.
      if (req.streamTo && req.command === 'system.run') {
        this.streams.open({
          invokeId: id, nodeId: req.nodeId, idempotencyKey: req.idempotencyKey, requester: req.streamTo, encoding: req.streamEncoding ?? 'text',
          // Set only with binary frames (operator-methods.ts).
          ...(req.streamCompression ? { compression: req.streamCompression } : {}),
        });
        payload.stream = true;
        // A Hearth node then sends its raw bytes in binary frames (no base64 or JSON escaping on
        // the way); an older one ignores the field and sends text. invoke-streams.ts converts
        // to what the requester asked for.
        payload.streamEncoding = 'binary';
        // …compressed where that pays (zstd frames; the node tells frame by frame). Asked of the
        // node whatever the operator reads: the node's link may be the slow one (a laptop behind
        // the VPS relay), and frames are decoded here for an operator that does not read zstd.
        if (zstdAvailable) payload.streamCompression = 'zstd';
      }
      if (req.maxOutputBytes !== undefined && req.command === 'system.run') payload.maxOutputBytes = req.maxOutputBytes;
      if (req.onProgress) this.streams.open({ invokeId: id, nodeId: req.nodeId, idempotencyKey: req.idempotencyKey, consumer: req.onProgress });
      if (req.signal) {
        const onAbort = () => {
          const entry = this.pending.get(id);
          if (!entry) return;
          this.pending.delete(id);
          clearTimeout(entry.timer);
          events.sendTo(conn.session, 'node.invoke.cancel', { invokeId: id, nodeId: req.nodeId });
          reject(unavailable('CANCELLED: the caller cancelled the node invoke', {
            nodeError: { code: NodeErrorCode.CANCELLED, message: 'cancelled by the caller' }, nodeCommandDispatched: true,
          }));
        };
        if (req.signal.aborted) queueMicrotask(onAbort);
        else req.signal.addEventListener('abort', onAbort, { once: true });
      }
      events.sendTo(conn.session, 'node.invoke.request', payload);
    });
    // Registered before anyone else can await `result`, so the outcome is recorded (journalled)
    // before the caller's answer is built: an answered run keeps its result through kill -9.
    result.then(
      (r) => {
        this.streams.close(id);
        audit.finish(id, r.payload, undefined, r.payloadJSON);
        this.ended(id);
      },
      (e: ProtocolError) => {
        this.streams.close(id);
        audit.finish(id, undefined, e);
        this.ended(id);
      },
    );
    return result;
  }

  /** Handles `node.invoke.result` from a node; late or foreign results are ignored. */
  handleResult(session: Session, params: InvokeResultParams): void {
    const p = this.pending.get(params.id);
    if (!p || p.nodeId !== session.deviceId) return;
    this.pending.delete(params.id);
    clearTimeout(p.timer);
    if (params.ok) {
      // Bounded before anything re-serialises it (node-input.ts): a bad payload fails this one run.
      const read = readNodePayload(params.payload, params.payloadJSON);
      if (!read.ok) {
        p.reject(unavailable(`INVALID_RESULT: the node sent a result the gateway cannot use (${read.problem}); the run's outcome is unknown — check the node`, {
          nodeError: { code: NodeErrorCode.INVALID_RESULT, message: read.problem }, nodeCommandDispatched: true,
        }));
        return;
      }
      p.resolve({ ok: true, nodeId: p.nodeId, command: p.command, payload: read.payload, payloadJSON: read.payloadJSON });
    } else {
      const code = boundText(typeof params.error?.code === 'string' && params.error.code !== '' ? params.error.code : 'ERROR', 64);
      const message = boundText(typeof params.error?.message === 'string' ? params.error.message : 'node command failed');
      p.reject(unavailable(`${code}: ${message}`, { nodeError: { code, message }, nodeCommandDispatched: true }));
    }
  }

  /**
   * Gives a run of `nodeId` `extraMs` more before it times out (the time an operator has to decide
   * an exec approval, on top of the command's own budget); false when no such run is in flight.
   */
  extendDeadline(invokeId: string, nodeId: string, extraMs: number): boolean {
    const p = this.pending.get(invokeId);
    if (!p || p.nodeId !== nodeId) return false;
    clearTimeout(p.timer);
    p.deadlineAtMs += extraMs;
    p.timer = setTimeout(p.onTimeout, Math.max(0, p.deadlineAtMs - Date.now()));
    return true;
  }

  /**
   * Calls `fn` once run `invokeId` of `nodeId` has ended (answered, failed, timed out, cancelled,
   * its node gone): what waits on the run's behalf — an exec approval — ends with it. False when
   * no such run is in flight.
   */
  whenEnded(invokeId: string, nodeId: string, fn: () => void): boolean {
    const p = this.pending.get(invokeId);
    if (!p || p.nodeId !== nodeId) return false;
    const hooks = this.endHooks.get(invokeId);
    if (hooks) hooks.push(fn);
    else this.endHooks.set(invokeId, [fn]);
    return true;
  }

  private ended(invokeId: string): void {
    const hooks = this.endHooks.get(invokeId);
    if (!hooks) return;
    this.endHooks.delete(invokeId);
    for (const fn of hooks) fn();
  }

  /** Fails the runs in flight on a node that went away. */
  failNode(nodeId: string): void {
    for (const [id, p] of this.pending) {
      if (p.nodeId !== nodeId) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      const streamed = this.streams.get(id);
      const sofar = streamed ? `; output cut off after ${streamed.forwardedBytes} bytes` : '';
      p.reject(unavailable(`node disconnected while the command was running (the node process or its network went away)${sofar}`, {
        code: DetailCode.NOT_CONNECTED, nodeError: { code: DetailCode.NOT_CONNECTED, message: 'node disconnected' }, nodeCommandDispatched: true,
        cutOff: true,
      }));
    }
  }

  /**
   * Cancels a run on behalf of the operator that started it (streamed or not: `hearth nodes run
   * --json` is Ctrl-C'd too): the node kills the process tree and reports how the run ended
   * (`cancelled: true`), which answers the original `node.invoke`. Returns the invoke id, or
   * undefined when that session has no such run in flight (finished, or another's).
   */
  cancelRun(session: Session, by: { invokeId?: string; idempotencyKey?: string }): string | undefined {
    for (const [id, p] of this.pending) {
      if (p.requester !== session) continue;
      if ((by.invokeId !== undefined && id === by.invokeId) || (by.idempotencyKey !== undefined && p.idempotencyKey === by.idempotencyKey)) {
        this.cancelPending(id);
        return id;
      }
    }
    return undefined;
  }

  /** An operator connection closed: the runs it was watching are stopped (like a hung-up terminal). */
  operatorGone(session: Session): string[] {
    const ids = this.streams.ownedBy(session).map((r) => r.invokeId);
    for (const id of ids) this.cancelPending(id);
    return ids;
  }

  private cancelPending(id: string): void {
    const p = this.pending.get(id);
    if (!p || p.cancelling) return;
    p.cancelling = true;
    clearTimeout(p.timer);
    // `report`: a Hearth node answers a run it was not streaming too (the caller is waiting).
    this.deps.events.sendTo(p.node, 'node.invoke.cancel', { invokeId: id, nodeId: p.nodeId, report: true });
    p.timer = setTimeout(() => {
      if (!this.pending.delete(id)) return;
      p.reject(unavailable('CANCELLED: the run was cancelled; the node did not confirm that it stopped', {
        nodeError: { code: NodeErrorCode.CANCELLED, message: `no confirmation within ${CANCEL_CONFIRM_MS} ms` }, nodeCommandDispatched: true,
      }));
    }, CANCEL_CONFIRM_MS);
  }

  /**
   * Fails every in-flight run (gateway shutting down) and tells each node to stop it: no one
   * could receive its result any more, and a caller told "the gateway stopped while the command
   * was running" must not find it still running on the node. Sent before the sockets close, so
   * the cancel goes out ahead of the close frame.
   */
  failAll(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      if (!p.cancelling) this.deps.events.sendTo(p.node, 'node.invoke.cancel', { invokeId: id, nodeId: p.nodeId });
      p.reject(unavailable(reason, { nodeCommandDispatched: true }));
    }
  }
}
