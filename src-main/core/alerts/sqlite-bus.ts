/**
 * The persisted alert bus (SQLite): sources raise and clear alerts by key; the bus de-duplicates
 * (one active alert per key, re-raising an open key notifies only when it changed), applies
 * hysteresis both ways (`raiseAfterMs`: open only if the condition lasts; `clearAfterMs`: clear only
 * if it stays away), keeps history (cleared rows, pruned by age and count), records
 * acknowledgements, and survives a restart (pending and held alerts are re-armed from the table).
 *
 * State machine of one key:  (none) ─raise→ pending ─due→ open ─clear→ [held] ─due→ cleared
 * with shortcuts when a delay is 0; clear of a pending key forgets it; raise of a held key cancels
 * the clear (no notification: to a person the alert never went away).
 */
import type { Db } from '../store/db.ts';
import type { Alert, AlertBus, AlertInput, AlertSeverity } from '../modules/types.ts';

export type AlertChange = 'raised' | 'updated' | 'cleared';

export interface AlertListOptions {
  /** `open` (default) or `all` (history too, newest first). */
  state?: 'open' | 'all';
  limit?: number;
}

/** What the alerts module and hosts (tray, CLI through methods) need beyond {@link AlertBus}. */
export interface AlertHistoryBus extends AlertBus {
  list(opts?: AlertListOptions): Alert[];
  /** Acknowledges by key (its active alert), by id, or all unacknowledged; returns what changed. */
  ack(target: { key?: string; id?: string; all?: boolean }): Alert[];
  /** Keys active now (pending or open) whose key starts with `prefix`: sources reconcile with it. */
  activeKeys(prefix: string): string[];
  /** Stops the timer (the database stays the caller's). */
  close(): void;
}

interface Row {
  id: number; key: string; source: string; severity: AlertSeverity; message: string; details: string | null;
  state: 'pending' | 'open' | 'cleared'; raised_at_ms: number; updated_at_ms: number;
  open_due_at_ms: number | null; clear_due_at_ms: number | null; clear_after_ms: number;
  cleared_at_ms: number | null; clear_reason: string | null; acknowledged_at_ms: number | null; count: number;
}

export interface SqliteAlertBusOptions {
  clock?: () => number;
  /** History kept: at most this many cleared rows … */
  keepCleared?: number;
  /** … and none older than this. */
  keepMs?: number;
  onListenerError?: (err: unknown) => void;
}

const MAX_MESSAGE = 500;

function toAlert(r: Row): Alert {
  const a: Alert = {
    id: String(r.id), key: r.key, source: r.source, severity: r.severity, message: r.message,
    state: r.state === 'cleared' ? 'cleared' : 'open', raisedAtMs: r.raised_at_ms, updatedAtMs: r.updated_at_ms, count: r.count,
  };
  if (r.details) {
    try {
      a.details = JSON.parse(r.details) as Record<string, unknown>;
    } catch {
      // A damaged details column must not hide the alert itself.
    }
  }
  if (r.cleared_at_ms !== null) a.clearedAtMs = r.cleared_at_ms;
  if (r.clear_reason !== null) a.clearReason = r.clear_reason;
  if (r.acknowledged_at_ms !== null) a.acknowledgedAtMs = r.acknowledged_at_ms;
  return a;
}

function checkInput(input: AlertInput): void {
  if (typeof input.key !== 'string' || input.key === '') throw new TypeError('alert key must be a non-empty string');
  if (!['info', 'warning', 'critical'].includes(input.severity)) throw new TypeError(`alert severity must be info, warning or critical, got ${String(input.severity)}`);
}

export function createSqliteAlertBus(db: Db, opts: SqliteAlertBusOptions = {}): AlertHistoryBus {
  const clock = opts.clock ?? Date.now;
  const keepCleared = opts.keepCleared ?? 1000;
  const keepMs = opts.keepMs ?? 30 * 86_400_000;
  const q = {
    active: db.prepare<[string], Row>("SELECT * FROM alerts WHERE key = ? AND state != 'cleared'"),
    byId: db.prepare<[number], Row>('SELECT * FROM alerts WHERE id = ?'),
    open: db.prepare<[], Row>("SELECT * FROM alerts WHERE state = 'open' ORDER BY raised_at_ms DESC, id DESC"),
    all: db.prepare<[number], Row>("SELECT * FROM alerts WHERE state != 'pending' ORDER BY updated_at_ms DESC, id DESC LIMIT ?"),
    activeKeys: db.prepare<[{ p: string }], { key: string }>("SELECT key FROM alerts WHERE state != 'cleared' AND substr(key, 1, length(@p)) = @p"),
    due: db.prepare<[number, number], Row>(`SELECT * FROM alerts WHERE (state = 'pending' AND open_due_at_ms <= ?)
      OR (state = 'open' AND clear_due_at_ms IS NOT NULL AND clear_due_at_ms <= ?) ORDER BY id`),
    nextDue: db.prepare<[], { at: number | null }>(`SELECT MIN(CASE WHEN state = 'pending' THEN open_due_at_ms ELSE clear_due_at_ms END) AS at
      FROM alerts WHERE state = 'pending' OR (state = 'open' AND clear_due_at_ms IS NOT NULL)`),
    insert: db.prepare(`INSERT INTO alerts (key, source, severity, message, details, state, raised_at_ms, updated_at_ms, open_due_at_ms, clear_after_ms)
      VALUES (@key, @source, @severity, @message, @details, @state, @now, @now, @due, @clearAfter)`),
    update: db.prepare(`UPDATE alerts SET source = @source, severity = @severity, message = @message, details = @details,
      updated_at_ms = @now, clear_after_ms = @clearAfter, count = count + @bump, clear_due_at_ms = NULL WHERE id = @id`),
    unhold: db.prepare<[number]>('UPDATE alerts SET clear_due_at_ms = NULL, count = count + 1 WHERE id = ?'),
    pendingDue: db.prepare<[number, number]>('UPDATE alerts SET open_due_at_ms = ? WHERE id = ?'),
    promote: db.prepare<[number, number, number]>("UPDATE alerts SET state = 'open', raised_at_ms = ?, updated_at_ms = ?, open_due_at_ms = NULL WHERE id = ?"),
    hold: db.prepare<[number, number]>('UPDATE alerts SET clear_due_at_ms = ? WHERE id = ?'),
    clear: db.prepare<[number, number, string | null, number]>("UPDATE alerts SET state = 'cleared', cleared_at_ms = ?, updated_at_ms = ?, clear_reason = ?, clear_due_at_ms = NULL WHERE id = ?"),
    forget: db.prepare<[number]>('DELETE FROM alerts WHERE id = ?'),
    reason: db.prepare<[string, number]>('UPDATE alerts SET clear_reason = ? WHERE id = ?'),
    ack: db.prepare<[number, number]>('UPDATE alerts SET acknowledged_at_ms = ? WHERE id = ? AND acknowledged_at_ms IS NULL'),
    unacked: db.prepare<[], Row>("SELECT * FROM alerts WHERE acknowledged_at_ms IS NULL AND state != 'pending'"),
    pruneOld: db.prepare<[number]>("DELETE FROM alerts WHERE state = 'cleared' AND cleared_at_ms < ?"),
    pruneMany: db.prepare<[number]>(`DELETE FROM alerts WHERE state = 'cleared' AND id NOT IN
      (SELECT id FROM alerts WHERE state = 'cleared' ORDER BY cleared_at_ms DESC, id DESC LIMIT ?)`),
  };
  const listeners = new Set<(a: Alert, change: AlertChange) => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const emit = (r: Row | undefined, change: AlertChange) => {
    if (!r) return;
    const alert = toAlert(r);
    for (const l of listeners) {
      try {
        l(alert, change);
      } catch (err) {
        opts.onListenerError?.(err);
      }
    }
  };
  const reread = (id: number) => q.byId.get(id);

  const finishClear = (r: Row, now: number, reason: string | null) => {
    q.clear.run(now, now, reason, r.id);
    q.pruneOld.run(now - keepMs);
    q.pruneMany.run(keepCleared);
    emit(reread(r.id) ?? { ...r, state: 'cleared', cleared_at_ms: now, updated_at_ms: now, clear_reason: reason }, 'cleared');
  };

  /** Applies every delay that has come due, then arms the timer for the next one. */
  const runDue = () => {
    if (closed) return;
    const now = clock();
    for (const r of q.due.all(now, now)) {
      if (r.state === 'pending') {
        q.promote.run(now, now, r.id);
        emit(reread(r.id), 'raised');
      } else {
        finishClear(r, now, r.clear_reason ?? 'resolved');
      }
    }
    arm();
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (closed) return;
    const at = q.nextDue.get()?.at;
    if (at === null || at === undefined) return;
    timer = setTimeout(runDue, Math.max(0, at - clock()));
    timer.unref?.();
  };

  const bus: AlertHistoryBus = {
    raise(input) {
      checkInput(input);
      const now = clock();
      const message = input.message.length > MAX_MESSAGE ? `${input.message.slice(0, MAX_MESSAGE - 1)}…` : input.message;
      const details = input.details === undefined ? null : JSON.stringify(input.details);
      const raiseAfter = Math.max(0, input.raiseAfterMs ?? 0);
      const clearAfter = Math.max(0, input.clearAfterMs ?? 0);
      const prior = q.active.get(input.key);
      if (!prior) {
        const state = raiseAfter > 0 ? 'pending' : 'open';
        const info = q.insert.run({ key: input.key, source: input.source, severity: input.severity, message, details, state, now, due: raiseAfter > 0 ? now + raiseAfter : null, clearAfter });
        if (state === 'open') emit(reread(Number(info.lastInsertRowid)), 'raised');
        else arm();
        return;
      }
      const changed = prior.message !== message || prior.severity !== input.severity || prior.details !== details || prior.source !== input.source;
      if (prior.state === 'pending') {
        if (changed) q.update.run({ id: prior.id, source: input.source, severity: input.severity, message, details, now, clearAfter, bump: 0 });
        // Keep the earliest due time: a source re-raising every few seconds must not postpone it.
        const due = now + raiseAfter;
        if (prior.open_due_at_ms === null || due < prior.open_due_at_ms) q.pendingDue.run(due, prior.id);
        if (raiseAfter === 0 || (prior.open_due_at_ms !== null && prior.open_due_at_ms <= now)) runDue();
        else arm();
        return;
      }
      // Open: de-duplicate. A held clear is cancelled silently (the alert never went away).
      if (changed) {
        q.update.run({ id: prior.id, source: input.source, severity: input.severity, message, details, now, clearAfter, bump: 1 });
        emit(reread(prior.id), 'updated');
      } else if (prior.clear_due_at_ms !== null) {
        q.unhold.run(prior.id);
      }
      if (prior.clear_due_at_ms !== null) arm();
    },

    clear(key, reason) {
      const prior = q.active.get(key);
      if (!prior) return;
      if (prior.state === 'pending') {
        // Never shown to anyone: the condition did not last long enough.
        q.forget.run(prior.id);
        arm();
        return;
      }
      const now = clock();
      if (prior.clear_after_ms > 0) {
        if (prior.clear_due_at_ms === null) {
          q.hold.run(now + prior.clear_after_ms, prior.id);
          if (reason !== undefined) q.reason.run(reason, prior.id);
          arm();
        }
        return;
      }
      finishClear(prior, now, reason ?? 'resolved');
    },

    open: () => q.open.all().map(toAlert),

    list(o = {}) {
      const limit = Math.min(Math.max(1, Math.floor(o.limit ?? 200)), 1000);
      if ((o.state ?? 'open') === 'open') return q.open.all().slice(0, limit).map(toAlert);
      return q.all.all(limit).map(toAlert);
    },

    ack(target) {
      const now = clock();
      let rows: Row[];
      if (target.all) rows = q.unacked.all();
      else if (target.id !== undefined) rows = [q.byId.get(Number(target.id))].filter((r): r is Row => r !== undefined && r.state !== 'pending');
      else if (target.key !== undefined) rows = [q.active.get(target.key)].filter((r): r is Row => r !== undefined && r.state === 'open');
      else rows = [];
      const changed: Alert[] = [];
      for (const r of rows) {
        if (q.ack.run(now, r.id).changes === 0) continue;
        const fresh = reread(r.id)!;
        changed.push(toAlert(fresh));
        if (fresh.state === 'open') emit(fresh, 'updated');
      }
      return changed;
    },

    activeKeys: (prefix) => q.activeKeys.all({ p: prefix }).map((r) => r.key),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      listeners.clear();
    },
  };
  // Delays that came due while the gateway was down apply now; the rest are re-armed.
  runDue();
  return bus;
}
