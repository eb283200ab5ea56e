/**
 * The audit log of node invocations: a row when a run starts, completed when it finishes (exit
 * code, duration, timeout, error), and a `hearth.invocation` event for live views.
 */
import type { ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/index.ts';
import type { Broadcaster } from '../broadcaster.ts';

export type AuditStart = Parameters<Store['invocations']['start']>[0];
type AuditFinish = Parameters<Store['invocations']['finish']>[0];

export class InvokeAudit {
  /** Node of each audited run until it finishes (for the `hearth.invocation` event). */
  private readonly running = new Map<string, { nodeId: string; startedAtMs: number }>();
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

  start(rec: AuditStart): void {
    this.store.invocations.start(rec);
    this.running.set(rec.id, { nodeId: rec.nodeId, startedAtMs: rec.startedAtMs });
  }

  /** Records how a run ended: with the node's payload, or with the error the caller got. */
  finish(id: string, payload: unknown, err?: ProtocolError): void {
    const run = this.running.get(id);
    if (!run) return;
    this.running.delete(id);
    const now = this.clock();
    const p = (payload ?? {}) as { exitCode?: unknown; timedOut?: unknown; success?: unknown; error?: unknown };
    const rec: AuditFinish = {
      id, finishedAtMs: now, durationMs: now - run.startedAtMs, timedOut: p.timedOut === true || err?.message.startsWith('TIMEOUT') === true,
      ok: err === undefined && p.success !== false,
    };
    if (typeof p.exitCode === 'number') rec.exitCode = p.exitCode;
    const error = err?.message ?? (typeof p.error === 'string' ? p.error : undefined);
    if (error) rec.error = error;
    try {
      this.store.invocations.finish(rec);
      this.events.broadcast('hearth.invocation', { nodeId: run.nodeId, ...rec });
    } catch (e) {
      this.log.warn('could not record invocation result', { id, error: (e as Error).message });
    }
  }
}
