/**
 * Connected nodes and their approved command surfaces, and `node.invoke` routing: dispatch,
 * timeout with cancel, failure when the node drops mid-run, idempotency, and the audit log.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_INVOKE_TIMEOUT_MS, SYSTEM_RUN_FORWARDED_KEYS } from '../../../src-shared/protocol/constants.ts';
import { shortFingerprint } from '../../../src-shared/protocol/device-auth.ts';
import { DetailCode, ErrorCode, ProtocolError, invalidRequest } from '../../../src-shared/protocol/errors.ts';
import type { HostStats, NodeEntry, PendingNodeRequest } from '../../../src-shared/protocol/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/index.ts';
import type { NodeSurfaceRow } from '../store/node-surfaces.ts';
import type { Broadcaster } from './broadcaster.ts';
import { effectiveCommands, formatArgv, requiredApproveScopes, storableCommands, surfaceCovered, surfaceKey } from './node-surface.ts';
import type { Session } from './session.ts';

export interface NodeConnection {
  session: Session;
  caps: string[];
  declared: string[];
  commands: string[];
  pathEnv?: string;
  hostStats?: HostStats;
  connectedAtMs: number;
}

interface PendingInvoke {
  nodeId: string;
  command: string;
  onProgress?: InvokeRequest['onProgress'];
  resolve: (v: InvokeResult) => void;
  reject: (e: ProtocolError) => void;
  timer: ReturnType<typeof setTimeout>;
}

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
  principal: string;
  /**
   * Receives `node.invoke.progress` pieces of this run in order. The node's progress call is
   * answered only when the returned promise settles, so a consumer that waits for its sink to
   * drain holds the node back (bounded buffering end to end).
   */
  onProgress?: (chunk: string, seq: number) => void | Promise<void>;
  /** Aborting cancels the run on the node (`node.invoke.cancel`) and rejects with UNAVAILABLE. */
  signal?: AbortSignal;
}

const IDEMPOTENCY_KEEP_MS = 10 * 60_000;

function unavailable(message: string, details: Record<string, unknown>): ProtocolError {
  return new ProtocolError({ code: ErrorCode.UNAVAILABLE, message, details });
}

export class NodeRegistry {
  readonly connected = new Map<string, NodeConnection>();
  private readonly pending = new Map<string, PendingInvoke>();
  /** Node of each audited run until it finishes (for the `hearth.invocation` event). */
  private readonly pendingNode = new Map<string, string>();
  private readonly idempotent = new Map<string, { promise: Promise<InvokeResult>; at: number }>();
  private readonly store: Store;
  private readonly events: Broadcaster;
  private readonly clock: () => number;
  private readonly log: Logger;

  constructor(store: Store, events: Broadcaster, clock: () => number, log: Logger) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.log = log;
  }

  /** Registers an admitted node session; opens a surface request when its commands are not yet approved. */
  attach(session: Session, declared: { caps: string[]; commands: string[]; pathEnv?: string }, autoApproveSurface: boolean): NodeConnection {
    const nodeId = session.deviceId!;
    const now = this.clock();
    const commands = storableCommands(declared.commands);
    const caps = [...new Set(declared.caps)].sort();
    const prior = this.store.surfaces.get(nodeId);
    const row: NodeSurfaceRow = {
      ...(prior ?? { nodeId, caps: [], commands: [], createdAtMs: now }),
      clientId: session.client.id, clientMode: session.client.mode, platform: session.client.platform,
      version: session.client.version, lastConnectedAtMs: now, lastSeenAtMs: now, remoteIp: session.remoteIp,
    };
    if (session.client.displayName) row.displayName = session.client.displayName;
    if (session.client.deviceFamily) row.deviceFamily = session.client.deviceFamily;
    const covered = prior?.approvedAtMs !== undefined && surfaceCovered(commands, prior.commands) && caps.every((c) => prior.caps.includes(c));
    if (!covered && autoApproveSurface) {
      row.commands = commands;
      row.caps = caps;
      row.approvedAtMs = now;
    }
    this.store.surfaces.put(row);
    const approved = row.approvedAtMs !== undefined ? row.commands : undefined;
    const conn: NodeConnection = { session, caps, declared: commands, commands: effectiveCommands(commands, approved), connectedAtMs: now };
    if (declared.pathEnv !== undefined) conn.pathEnv = declared.pathEnv;
    if (row.lastHostStats) conn.hostStats = row.lastHostStats;
    const previous = this.connected.get(nodeId);
    if (previous && previous.session !== session) previous.session.socket.close(1008, 'replaced by a newer connection of the same node');
    this.connected.set(nodeId, conn);
    // A surface the operator already rejected is not asked for again until the node changes it.
    const rejected = row.rejectedSurface !== undefined && row.rejectedSurface === surfaceKey(caps, commands);
    if (!covered && !autoApproveSurface && !rejected) this.requestSurface(conn, row);
    else if (covered || autoApproveSurface) this.store.requests.node.removeForNode(nodeId);
    return conn;
  }

  private requestSurface(conn: NodeConnection, row: NodeSurfaceRow): void {
    const nodeId = row.nodeId;
    const existing = this.store.requests.node.byNode(nodeId);
    if (existing && existing.commands.join() === conn.declared.join() && existing.caps.join() === conn.caps.join()) return;
    const req: PendingNodeRequest = {
      requestId: randomUUID(), nodeId, clientId: conn.session.client.id, clientMode: conn.session.client.mode,
      caps: conn.caps, commands: conn.declared, requiredApproveScopes: requiredApproveScopes(conn.declared), ts: this.clock(),
      fingerprint: shortFingerprint(nodeId),
    };
    const c = conn.session.client;
    if (c.displayName) req.displayName = c.displayName;
    if (c.platform) req.platform = c.platform;
    if (c.version) req.version = c.version;
    if (c.deviceFamily) req.deviceFamily = c.deviceFamily;
    this.store.requests.node.put(req);
    this.events.broadcast('node.pair.requested', req);
  }

  /** Removes a node session; runs in flight on it fail at once with a clear error. */
  detach(session: Session): void {
    const nodeId = session.deviceId;
    if (!nodeId || this.connected.get(nodeId)?.session !== session) return;
    this.connected.delete(nodeId);
    const now = this.clock();
    const row = this.store.surfaces.get(nodeId);
    if (row) this.store.surfaces.put({ ...row, lastDisconnectedAtMs: now, lastSeenAtMs: now });
    for (const [id, p] of this.pending) {
      if (p.nodeId !== nodeId) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(unavailable('node disconnected while the command was running (the node process or its network went away)', {
        code: DetailCode.NOT_CONNECTED, nodeError: { code: 'NOT_CONNECTED', message: 'node disconnected' }, nodeCommandDispatched: true,
      }));
    }
  }

  approveSurface(requestId: string): { requestId: string; node: NodeEntry } | undefined {
    const req = this.store.requests.node.byId(requestId);
    if (!req) return undefined;
    const now = this.clock();
    const row = this.store.surfaces.get(req.nodeId) ?? { nodeId: req.nodeId, caps: [], commands: [], createdAtMs: now };
    const updated: NodeSurfaceRow = { ...row, caps: req.caps, commands: req.commands, approvedAtMs: now };
    delete updated.rejectedSurface;
    delete updated.rejectedAtMs;
    this.store.transaction(() => {
      this.store.surfaces.put(updated);
      this.store.requests.node.remove(requestId);
    });
    // Applied live: the connected session's commands change in place (no reconnect).
    const conn = this.connected.get(req.nodeId);
    if (conn) conn.commands = effectiveCommands(conn.declared, updated.commands);
    this.events.broadcast('node.pair.resolved', { requestId, nodeId: req.nodeId, decision: 'approved', ts: now }, { subject: req.nodeId });
    return { requestId, node: this.entry(req.nodeId)! };
  }

  rejectSurface(requestId: string): { requestId: string; nodeId: string } | undefined {
    const req = this.store.requests.node.byId(requestId);
    if (!req) return undefined;
    const now = this.clock();
    this.store.transaction(() => {
      this.store.requests.node.remove(requestId);
      const row = this.store.surfaces.get(req.nodeId);
      if (row) this.store.surfaces.put({ ...row, rejectedSurface: surfaceKey(req.caps, req.commands), rejectedAtMs: now });
    });
    this.events.broadcast('node.pair.resolved', { requestId, nodeId: req.nodeId, decision: 'rejected', ts: now }, { subject: req.nodeId });
    return { requestId, nodeId: req.nodeId };
  }

  /** Forgets a node's surface; its connection (if any) is closed so it must pair again. */
  remove(nodeId: string): boolean {
    const removed = this.store.transaction(() => {
      this.store.requests.node.removeForNode(nodeId);
      return this.store.surfaces.remove(nodeId);
    });
    this.connected.get(nodeId)?.session.socket.close(4001, 'client invalidated: node removed');
    return removed;
  }

  setHostStats(nodeId: string, stats: HostStats): void {
    const withTime = { ...stats, updatedAtMs: this.clock() };
    const conn = this.connected.get(nodeId);
    if (conn) conn.hostStats = withTime;
    this.store.surfaces.setHostStats(nodeId, withTime, withTime.updatedAtMs);
    this.events.broadcast('node.hostStats', { nodeId, hostStats: withTime });
  }

  isSurfacePending(nodeId: string): boolean {
    return this.store.requests.node.byNode(nodeId) !== undefined;
  }

  entry(nodeId: string): NodeEntry | undefined {
    const row = this.store.surfaces.get(nodeId);
    const device = this.store.devices.get(nodeId);
    const conn = this.connected.get(nodeId);
    if (!row && !conn && !(device && device.roles.includes('node'))) return undefined;
    const pendingSurface = this.store.requests.node.byNode(nodeId);
    const e: NodeEntry = {
      nodeId, caps: conn?.caps ?? row?.caps ?? [], commands: conn ? conn.commands : row?.approvedAtMs !== undefined ? row.commands : [],
      sessionHost: false, nodePluginTools: [],
      approvalState: pendingSurface ? 'pending-approval'
        : row?.rejectedSurface !== undefined && (!conn || row.rejectedSurface === surfaceKey(conn.caps, conn.declared)) ? 'rejected'
          : row?.approvedAtMs === undefined ? 'pending-approval' : 'approved',
      paired: device !== undefined && device.roles.includes('node'), connected: conn !== undefined,
    };
    const c = conn?.session.client;
    const opt: Partial<NodeEntry> = {
      displayName: device?.label ?? c?.displayName ?? row?.displayName ?? device?.displayName,
      platform: c?.platform ?? row?.platform ?? device?.platform, version: c?.version ?? row?.version,
      clientId: c?.id ?? row?.clientId ?? device?.clientId, clientMode: c?.mode ?? row?.clientMode ?? device?.clientMode,
      deviceFamily: c?.deviceFamily ?? row?.deviceFamily ?? device?.deviceFamily,
      remoteIp: conn?.session.remoteIp ?? row?.remoteIp, hostStats: conn?.hostStats ?? row?.lastHostStats, pathEnv: conn?.pathEnv,
      connectedAtMs: conn?.connectedAtMs, lastConnectedAtMs: row?.lastConnectedAtMs,
      lastDisconnectedAtMs: conn ? undefined : row?.lastDisconnectedAtMs,
      lastSeenAtMs: conn ? this.clock() : row?.lastSeenAtMs ?? device?.lastSeenAtMs,
      lastSeenReason: conn ? 'connect' : row?.lastDisconnectedAtMs ? 'disconnect' : undefined,
      approvedAtMs: row?.approvedAtMs, protocol: conn?.session.protocol,
    };
    for (const [k, v] of Object.entries(opt)) if (v !== undefined) (e as unknown as Record<string, unknown>)[k] = v;
    return e;
  }

  list(): NodeEntry[] {
    const ids = new Set<string>();
    for (const r of this.store.surfaces.list()) ids.add(r.nodeId);
    for (const d of this.store.devices.list()) if (d.roles.includes('node')) ids.add(d.deviceId);
    for (const id of this.connected.keys()) ids.add(id);
    return [...ids].map((id) => this.entry(id)).filter((e): e is NodeEntry => e !== undefined);
  }

  /** Routes an invocation to a node and waits for its result (or the deadline). */
  invoke(req: InvokeRequest): Promise<InvokeResult> {
    const key = `${req.nodeId}|${req.command}|${req.idempotencyKey}`;
    const now = this.clock();
    // Entries are in insertion (= time) order, so pruning stops at the first one still fresh.
    for (const [k, v] of this.idempotent) {
      if (now - v.at <= IDEMPOTENCY_KEEP_MS) break;
      this.idempotent.delete(k);
    }
    const prior = this.idempotent.get(key);
    if (prior) return prior.promise;
    const promise = this.dispatch(req);
    this.idempotent.set(key, { promise, at: now });
    // A failed attempt may be retried with the same key.
    promise.catch(() => this.idempotent.delete(key));
    return promise;
  }

  private dispatch(req: InvokeRequest): Promise<InvokeResult> {
    const conn = this.connected.get(req.nodeId);
    if (!conn) {
      if (!this.entry(req.nodeId)) {
        return Promise.reject(unavailable(`unknown node ${req.nodeId}: it is not paired with this gateway (see node.list)`, {
          code: DetailCode.PAIRING_CHANGED, nodeError: { code: 'UNKNOWN_NODE', message: 'unknown node' }, nodeCommandDispatched: false,
        }));
      }
      return Promise.reject(unavailable('node not connected', {
        code: DetailCode.NOT_CONNECTED, nodeError: { code: 'NOT_CONNECTED', message: 'node not connected' }, nodeCommandDispatched: false,
      }));
    }
    if (!conn.commands.includes(req.command)) {
      const pending = this.isSurfacePending(req.nodeId);
      return Promise.reject(invalidRequest(
        pending
          ? `node command not allowed: ${req.command} is awaiting approval of the node's command surface; run \`hearth nodes approve --latest\``
          : `node command not allowed: the node does not offer ${req.command}`,
        { code: 'NODE_COMMAND_NOT_ALLOWED', command: req.command, nodeId: req.nodeId },
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
    const id = randomUUID();
    const timeoutMs = req.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
    const started = this.clock();
    const nodeName = conn.session.client.displayName;
    const audit: Parameters<Store['invocations']['start']>[0] = {
      id, nodeId: req.nodeId, command: req.command, requestedBy: req.principal, idempotencyKey: req.idempotencyKey, startedAtMs: started,
    };
    if (nodeName) audit.nodeName = nodeName;
    if (argv) audit.argv = argv;
    if (cwd) audit.cwd = cwd;
    this.store.invocations.start(audit);
    this.pendingNode.set(id, req.nodeId);

    const result = new Promise<InvokeResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.events.sendTo(conn.session, 'node.invoke.cancel', { invokeId: id, nodeId: req.nodeId });
        reject(unavailable('TIMEOUT: node invoke timed out', {
          nodeError: { code: 'TIMEOUT', message: `node invoke timed out after ${timeoutMs} ms` }, nodeCommandDispatched: true,
        }));
      }, timeoutMs);
      const entry: PendingInvoke = { nodeId: req.nodeId, command: req.command, resolve, reject, timer };
      if (req.onProgress) entry.onProgress = req.onProgress;
      if (req.signal) {
        const onAbort = () => {
          if (!this.pending.delete(id)) return;
          clearTimeout(timer);
          this.events.sendTo(conn.session, 'node.invoke.cancel', { invokeId: id, nodeId: req.nodeId });
          reject(unavailable('CANCELLED: the caller cancelled the node invoke', {
            nodeError: { code: 'CANCELLED', message: 'cancelled by the caller' }, nodeCommandDispatched: true,
          }));
        };
        if (req.signal.aborted) queueMicrotask(onAbort);
        else req.signal.addEventListener('abort', onAbort, { once: true });
      }
      this.pending.set(id, entry);
      const payload: Record<string, unknown> = { id, nodeId: req.nodeId, command: req.command, timeoutMs, idempotencyKey: req.idempotencyKey };
      if (params !== undefined) payload['paramsJSON'] = JSON.stringify(params);
      this.events.sendTo(conn.session, 'node.invoke.request', payload);
    });
    result.then(
      (r) => this.finishAudit(id, started, r.payload),
      (e: ProtocolError) => this.finishAudit(id, started, undefined, e),
    );
    return result;
  }

  private finishAudit(id: string, started: number, payload: unknown, err?: ProtocolError): void {
    const now = this.clock();
    const p = (payload ?? {}) as { exitCode?: unknown; timedOut?: unknown; success?: unknown; error?: unknown };
    const rec: Parameters<Store['invocations']['finish']>[0] = {
      id, finishedAtMs: now, durationMs: now - started, timedOut: p.timedOut === true || err?.message.startsWith('TIMEOUT') === true,
      ok: err === undefined && p.success !== false,
    };
    if (typeof p.exitCode === 'number') rec.exitCode = p.exitCode;
    const error = err?.message ?? (typeof p.error === 'string' ? p.error : undefined);
    if (error) rec.error = error;
    try {
      this.store.invocations.finish(rec);
      this.events.broadcast('hearth.invocation', { nodeId: this.pendingNode.get(id), ...rec });
      this.pendingNode.delete(id);
    } catch (e) {
      this.log.warn('could not record invocation result', { id, error: (e as Error).message });
    }
  }

  /** Handles `node.invoke.result` from a node; late or foreign results are ignored. */
  handleResult(session: Session, params: { id: string; nodeId: string; ok: boolean; payload?: unknown; payloadJSON?: string; error?: { code?: string; message?: string } }): void {
    const p = this.pending.get(params.id);
    if (!p || p.nodeId !== session.deviceId) return;
    this.pending.delete(params.id);
    clearTimeout(p.timer);
    if (params.ok) {
      let payload = params.payload;
      let payloadJSON: string | null = params.payloadJSON ?? null;
      if (payloadJSON !== null) {
        try {
          payload = JSON.parse(payloadJSON);
        } catch {
          payload = undefined;
        }
      } else if (payload !== undefined) {
        payloadJSON = JSON.stringify(payload);
      }
      p.resolve({ ok: true, nodeId: p.nodeId, command: p.command, payload: payload ?? null, payloadJSON });
    } else {
      const code = params.error?.code ?? 'ERROR';
      const message = params.error?.message ?? 'node command failed';
      p.reject(unavailable(`${code}: ${message}`, { nodeError: { code, message }, nodeCommandDispatched: true }));
    }
  }

  /**
   * Handles `node.invoke.progress` from a node: hands the piece to the invoker's consumer and
   * resolves when it has taken it (that delay is the node's backpressure). Foreign or late pieces
   * are acknowledged and dropped.
   */
  async handleProgress(session: Session, params: { invokeId: string; nodeId: string; seq: number; chunk: string }): Promise<void> {
    const p = this.pending.get(params.invokeId);
    if (!p || p.nodeId !== session.deviceId || !p.onProgress) return;
    try {
      await p.onProgress(params.chunk, params.seq);
    } catch (err) {
      this.log.warn('an invoke progress consumer failed', { invokeId: params.invokeId, error: (err as Error).message });
    }
  }

  /** Fails every in-flight run (gateway shutting down). */
  failAll(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(unavailable(reason, { nodeCommandDispatched: true }));
    }
  }
}
