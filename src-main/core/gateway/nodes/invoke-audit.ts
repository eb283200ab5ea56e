/**
 * The audit log of node invocations: a row when a run starts, completed when it finishes (exit
 * code, duration, timeout, error), and a `hearth.invocation` event for live views.
 */
import { NodeErrorCode, type ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/index.ts';
import type { RecordedRun } from '../../store/invocations.ts';

/** How long a retried idempotency key finds its recorded run (while it runs, idempotency.ts shares it). */
export const DURABLE_IDEMPOTENCY_MS = 24 * 3600_000;
import type { Broadcaster } from '../broadcaster.ts';

export type AuditStart = Parameters<Store['invocations']['start']>[0];
type AuditFinish = Parameters<Store['invocations']['finish']>[0];

export class InvokeAudit {
  /** Node and requester of each audited run until it finishes (for the `hearth.invocation` event). */
  private readonly running = new Map<string, { nodeId: string; startedAtMs: number; requestedBy: string }>();
  private readonly store: Store;
  private readonly events: Broadcaster;
  private readonly clock: () => number;
  private readonly log: Logger;

  private readonly mode: 'durable' | 'batched';

  constructor(store: Store, events: Broadcaster, clock: () => number, log: Logger, mode: 'durable' | 'batched' = 'durable') {
    this.mode = mode;
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Records a run before it is dispatched. Durable by default: the record and its idempotency
   * key are in the run journal when this returns (a kill -9 right after cannot lose it; the table
   * gets it with the next batch). `batched` leaves the start to the batch alone, only to measure
   * the difference (bench). Throws when the record cannot be written; the caller refuses the run
   * (disk full → {@link diskFullError}).
   */
  start(rec: AuditStart): void {
    if (this.mode === 'batched') this.store.invocations.start(rec);
    else this.store.invocations.startNow(rec);
    this.running.set(rec.id, { nodeId: rec.nodeId, startedAtMs: rec.startedAtMs, requestedBy: rec.requestedBy });
  }

  /** What an earlier run with this idempotency key ended with, if there was one in the last day. */
  recorded(nodeId: string, command: string, key: string): RecordedRun | undefined {
    return this.store.invocations.byIdempotencyKey(nodeId, command, key, this.clock() - DURABLE_IDEMPOTENCY_MS);
  }

  /**
   * Records how a run ended: with the node's payload, or with the error the caller got. Called
   * before the caller is answered (the router's first handler on the result), so the journal has
   * the outcome before the answer leaves.
   */
  finish(id: string, payload: unknown, err?: ProtocolError, resultJson?: string | null): void {
    const run = this.running.get(id);
    if (!run) return;
    this.running.delete(id);
    const now = this.clock();
    const p = (payload ?? {}) as { exitCode?: unknown; timedOut?: unknown; success?: unknown; error?: unknown; cancelled?: unknown };
    const rec: AuditFinish = {
      id, finishedAtMs: now, durationMs: now - run.startedAtMs, timedOut: p.timedOut === true || err?.message.startsWith(NodeErrorCode.TIMEOUT) === true,
      ok: err === undefined && p.success !== false,
    };
    if (typeof p.exitCode === 'number') rec.exitCode = p.exitCode;
    // The node's report (cancelled: true), or a cancel it never confirmed.
    if (p.cancelled === true || err?.message.startsWith(NodeErrorCode.CANCELLED) === true) rec.cancelled = true;
    if (err === undefined && resultJson !== undefined && resultJson !== null) rec.resultJson = resultJson;
    const error = err?.message ?? (typeof p.error === 'string' ? p.error : undefined);
    if (error) rec.error = error;
    try {
      this.store.invocations.finish(rec);
      // Every reader hears that a run ended, never what it printed: the output is the asking
      // operator's alone (its answer, or its stream), as in hearth.invocations.list.
      const { resultJson: _output, ...ended } = rec;
      this.events.broadcast('hearth.invocation', { nodeId: run.nodeId, requestedBy: run.requestedBy, ...ended });
    } catch (e) {
      if (!this.store.disk.report(e)) this.log.warn('could not record invocation result', { id, error: (e as Error).message });
    }
  }
}
