/** The invocation audit log: who asked which node to run what, and how it ended. */
import type { Db } from './db.ts';
import { INTERNAL_REQUESTER_PREFIX } from '../../../src-shared/protocol/constants.ts';
import { IdempotencyIndex } from './idempotency-index.ts';
import { parseJson } from './json.ts';
import { RunJournal, readJournal, type FinishRecord, type StartRecord } from './run-journal.ts';
import type { InvocationRecord } from '../../../src-shared/protocol/contract/domain.ts';

// The record's shape is the contract's (hearth.invocations.list, the hearth.invocation event).
export type { InvocationRecord };

interface Raw {
  result_json?: string | null;
  id: string; node_id: string; node_name: string | null; command: string; argv: string | null; cwd: string | null; requested_by: string;
  idempotency_key: string | null; started_at_ms: number; finished_at_ms: number | null; duration_ms: number | null;
  exit_code: number | null; timed_out: number; ok: number | null; error: string | null; cancelled?: number | null;
}

function toRecord(r: Raw): InvocationRecord {
  const rec: InvocationRecord = { id: r.id, nodeId: r.node_id, command: r.command, requestedBy: r.requested_by, startedAtMs: r.started_at_ms, timedOut: r.timed_out === 1 };
  if (r.node_name !== null) rec.nodeName = r.node_name;
  if (r.argv !== null) rec.argv = parseJson<string[]>(r.argv, []);
  if (r.cwd !== null) rec.cwd = r.cwd;
  if (r.idempotency_key !== null) rec.idempotencyKey = r.idempotency_key;
  if (r.finished_at_ms !== null) rec.finishedAtMs = r.finished_at_ms;
  if (r.duration_ms !== null) rec.durationMs = r.duration_ms;
  if (r.exit_code !== null) rec.exitCode = r.exit_code;
  if (r.ok !== null) rec.ok = r.ok === 1;
  if (r.error !== null) rec.error = r.error;
  if (r.cancelled === 1) rec.cancelled = true;
  return rec;
}


/** What a retried idempotency key finds: the run's record and, when it returned one, its result. */
export interface RecordedRun {
  record: InvocationRecord;
  /** The node's payload as JSON when the invoke succeeded (absent when it failed or was cut off). */
  resultJson?: string;
}

/** A position in the history: the run to continue after (exclusive), newest-first order. */
export interface InvocationCursor { startedAtMs: number; id: string }

/** The opaque `nextBefore` text of a cursor: `<startedAtMs>:<id>`. */
export function formatInvocationCursor(r: { startedAtMs: number; id: string }): string {
  return `${r.startedAtMs}:${r.id}`;
}

/** Reads a `before` cursor; undefined when it is not one this gateway handed out. */
export function parseInvocationCursor(text: string): InvocationCursor | undefined {
  const m = /^(\d{1,16}):([\x21-\x7e]{1,200})$/.exec(text);
  if (!m) return undefined;
  const startedAtMs = Number(m[1]);
  return Number.isSafeInteger(startedAtMs) ? { startedAtMs, id: m[2]! } : undefined;
}

/** Results larger than this are not kept for replay (the replay then says so). */
export const MAX_RECORDED_RESULT_CHARS = 2 * 1024 * 1024;

/** How long audit records may wait to be written together (the window a hard crash could lose). */
export const AUDIT_FLUSH_MS = 100;

/** A finish column taken from the new row only when that row is finished (a replayed start must not clear it). */
const keepUnlessFinished = (col: string) => `${col} = CASE WHEN excluded.finished_at_ms IS NULL THEN ${col} ELSE excluded.${col} END`;

/**
 * The audit log is written behind the hot path: records are queued and flushed in one
 * transaction at most {@link AUDIT_FLUSH_MS} later (a start and its finish usually land in the
 * same row write, and a busy node's runs share one commit). Reads and `flush()` (called on
 * shutdown) see everything queued.
 *
 * With a `journalPath` (every gateway; run-journal.ts) a durable start or a finish is first
 * appended to that file, one write each, so a run is never dispatched — and never answered —
 * without a record that survives `kill -9`; what a crashed gateway left there is queued again
 * here (and written by the store's first flush) before anything reads the table.
 */
export function createInvocationRepo(db: Db, opts: { journalPath?: string } = {}) {
  // An upsert: a journal replayed after a crash between a batch's commit and the journal's
  // truncation meets rows that are already there.
  const insert = db.prepare(`INSERT INTO invocations (id, node_id, node_name, command, argv, cwd, requested_by, idempotency_key, started_at_ms,
      finished_at_ms, duration_ms, exit_code, timed_out, ok, error, result_json, cancelled)
    VALUES (@id, @nodeId, @nodeName, @command, @argv, @cwd, @requestedBy, @idempotencyKey, @startedAtMs,
      @finishedAtMs, @durationMs, @exitCode, @timedOut, @ok, @error, @resultJson, @cancelled)
    ON CONFLICT(id) DO UPDATE SET ${['finished_at_ms', 'duration_ms', 'exit_code', 'timed_out', 'ok', 'error', 'result_json', 'cancelled'].map(keepUnlessFinished).join(', ')}`);
  const finish = db.prepare(`UPDATE invocations SET finished_at_ms = @finishedAtMs, duration_ms = @durationMs, exit_code = @exitCode,
    timed_out = @timedOut, ok = @ok, error = @error, result_json = @resultJson, cancelled = @cancelled WHERE id = @id`);
  const byKey = db.prepare<[string, string, string, number], Raw>(
    'SELECT * FROM invocations WHERE idempotency_key = ? AND node_id = ? AND command = ? AND started_at_ms >= ? ORDER BY started_at_ms DESC LIMIT 1');
  // Newest first; runs started in the same millisecond are ordered by id so pages never skip or repeat one.
  // History pages, with and without the runs the gateway's own modules asked for (a model
  // probe every 30 s per node would otherwise bury what people ran).
  const listings = (where: string) => ({
    byNode: db.prepare<[string, number], Raw>(`SELECT * FROM invocations WHERE node_id = ?${where} ORDER BY started_at_ms DESC, id DESC LIMIT ?`),
    recent: db.prepare<[number], Raw>(`SELECT * FROM invocations WHERE 1${where} ORDER BY started_at_ms DESC, id DESC LIMIT ?`),
    byNodeBefore: db.prepare<[string, number, number, string, number], Raw>(
      `SELECT * FROM invocations WHERE node_id = ? AND (started_at_ms < ? OR (started_at_ms = ? AND id < ?))${where} ORDER BY started_at_ms DESC, id DESC LIMIT ?`),
    recentBefore: db.prepare<[number, number, string, number], Raw>(
      `SELECT * FROM invocations WHERE (started_at_ms < ? OR (started_at_ms = ? AND id < ?))${where} ORDER BY started_at_ms DESC, id DESC LIMIT ?`),
  });
  const everything = listings('');
  const byPeople = listings(` AND requested_by NOT GLOB '${INTERNAL_REQUESTER_PREFIX}*'`);
  const unfinished = db.prepare<[number, string, number]>(`UPDATE invocations SET finished_at_ms = ?, ok = 0, error = ? WHERE finished_at_ms IS NULL AND started_at_ms < ?`);
  const windowKeys = db.prepare<[number, number], { node_id: string; command: string; idempotency_key: string; started_at_ms: number }>(
    'SELECT node_id, command, idempotency_key, started_at_ms FROM invocations WHERE started_at_ms >= ? AND idempotency_key IS NOT NULL ORDER BY started_at_ms DESC LIMIT ?');
  const keys = new IdempotencyIndex((sinceMs, limit) => windowKeys.all(sinceMs, limit)
    .map((r) => ({ nodeId: r.node_id, command: r.command, idempotencyKey: r.idempotency_key, startedAtMs: r.started_at_ms })));
  const noteKey = (r: StartRecord) => {
    if (r.idempotencyKey !== undefined) keys.note(r.nodeId, r.command, r.idempotencyKey, r.startedAtMs);
  };

  const queuedStarts = new Map<string, { start: StartRecord; finish?: FinishRecord }>();
  const queuedFinishes: FinishRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const finishParams = (r: FinishRecord) => ({
    finishedAtMs: r.finishedAtMs, durationMs: r.durationMs, exitCode: r.exitCode ?? null, timedOut: r.timedOut ? 1 : 0, ok: r.ok ? 1 : 0, error: r.error ?? null,
    resultJson: r.resultJson !== undefined && r.resultJson.length <= MAX_RECORDED_RESULT_CHARS ? r.resultJson : null,
    cancelled: r.cancelled ? 1 : null,
  });
  const startParams = (r: StartRecord) => ({
    id: r.id, nodeId: r.nodeId, nodeName: r.nodeName ?? null, command: r.command, argv: r.argv ? JSON.stringify(r.argv) : null,
    cwd: r.cwd ?? null, requestedBy: r.requestedBy, idempotencyKey: r.idempotencyKey ?? null, startedAtMs: r.startedAtMs,
  });
  const unfinishedParams = { finishedAtMs: null, durationMs: null, exitCode: null, timedOut: 0, ok: null, error: null, resultJson: null, cancelled: null };
  /** A queued (not yet written) run as the table row it will become. */
  const rawOf = (r: StartRecord, f: FinishRecord | undefined): Raw => {
    const s = startParams(r);
    const e = f ? finishParams(f) : unfinishedParams;
    return {
      id: s.id, node_id: s.nodeId, node_name: s.nodeName, command: s.command, argv: s.argv, cwd: s.cwd, requested_by: s.requestedBy,
      idempotency_key: s.idempotencyKey, started_at_ms: s.startedAtMs, finished_at_ms: e.finishedAtMs, duration_ms: e.durationMs,
      exit_code: e.exitCode, timed_out: e.timedOut, ok: e.ok, error: e.error, result_json: e.resultJson, cancelled: e.cancelled,
    };
  };
  const queueFinish = (r: FinishRecord) => {
    const queued = queuedStarts.get(r.id);
    if (queued) queued.finish = r;
    else queuedFinishes.push(r);
  };

  // What a gateway that died left in its journal goes back into the queue (in file order, so a
  // finish meets its start); the store's first flush writes it before anything reads the table.
  const journalPath = opts.journalPath;
  if (journalPath) {
    for (const e of readJournal(journalPath)) {
      if ('s' in e) {
        queuedStarts.set(e.s.id, { start: e.s });
        noteKey(e.s);
      } else {
        queueFinish(e.f);
      }
    }
  }
  const journal = journalPath ? new RunJournal(journalPath) : undefined;

  const writeAll = db.transaction(() => {
    for (const { start: r, finish: f } of queuedStarts.values()) insert.run({ ...startParams(r), ...(f ? finishParams(f) : unfinishedParams) });
    for (const f of queuedFinishes) finish.run({ id: f.id, ...finishParams(f) });
  });
  /** Called with a failed flush's error (a full disk keeps the queue for the next try). */
  let onFlushError: (err: unknown) => void = () => {};
  const flushNow = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queuedStarts.size === 0 && queuedFinishes.length === 0) return;
    if (!db.open) return;
    writeAll();
    queuedStarts.clear();
    queuedFinishes.length = 0;
    // Committed: the journal's lines are in the table now. A failure to truncate only means
    // they are replayed (upserted, harmlessly) by the next start.
    try {
      journal?.clear();
    } catch { /* see above */ }
  };
  /** A journal append that failed (a full disk): the record stays queued in memory; the store is told. */
  const reportJournalError = (err: unknown): void => {
    try {
      onFlushError(err);
    } catch { /* not a full disk: the queue still holds the record, and the flush will say more */ }
  };
  // The timer's flush never throws: a failure (disk full) keeps the queue and tries again later.
  const flushFromTimer = (): void => {
    try {
      flushNow();
    } catch (err) {
      onFlushError(err);
      timer ??= setTimeout(flushFromTimer, 5_000);
      timer.unref?.();
    }
  };
  const schedule = () => {
    timer ??= setTimeout(flushFromTimer, AUDIT_FLUSH_MS);
  };
  /** Flush before a read; a failing flush (disk full) must not fail the read. */
  const flushForRead = (): void => {
    try {
      flushNow();
    } catch (err) {
      onFlushError(err);
    }
  };

  /**
   * One page of the history, newest first: at most `limit` (1..500, default 50) records older
   * than the `before` cursor, and `nextBefore` — the cursor of the page after — when older ones exist.
   */
  const page = (opts: { nodeId?: string; limit?: number; before?: InvocationCursor; internal?: boolean } = {}): { items: InvocationRecord[]; nextBefore?: string } => {
    flushForRead();
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
    const n = limit + 1;
    const b = opts.before;
    const { byNode, recent, byNodeBefore, recentBefore } = opts.internal ? everything : byPeople;
    const rows = b
      ? (opts.nodeId ? byNodeBefore.all(opts.nodeId, b.startedAtMs, b.startedAtMs, b.id, n) : recentBefore.all(b.startedAtMs, b.startedAtMs, b.id, n))
      : (opts.nodeId ? byNode.all(opts.nodeId, n) : recent.all(n));
    const items = rows.slice(0, limit).map(toRecord);
    const last = items.at(-1);
    return rows.length > limit && last ? { items, nextBefore: formatInvocationCursor(last) } : { items };
  };

  return {
    page,
    /** Batched start (the write may wait up to AUDIT_FLUSH_MS): kept to measure what durability costs. */
    start(r: StartRecord): void {
      queuedStarts.set(r.id, { start: r });
      noteKey(r);
      schedule();
    },
    /**
     * Durable start: the record (with its idempotency key) survives `kill -9` once this returns —
     * appended to the run journal (one write), or committed to the table when there is none — so
     * a command is never dispatched without a record. Throws when it cannot be written (disk full).
     */
    startNow(r: StartRecord): void {
      if (journal) {
        journal.append({ s: r });
        queuedStarts.set(r.id, { start: r });
        schedule();
      } else {
        insert.run({ ...startParams(r), ...unfinishedParams });
      }
      noteKey(r);
    },
    /** The latest run of (node, command, key) started since `sinceMs`, with a finish still queued applied. */
    byIdempotencyKey(nodeId: string, command: string, key: string, sinceMs: number): RecordedRun | undefined {
      // Every invoke asks this before it runs: a key never recorded is known absent from memory
      // (idempotency-index.ts), so a fresh key costs no table read. A maybe looks in the queue
      // as well as the table rather than flushing first: no commit on the hot path either way.
      if (!keys.mayHave(nodeId, command, key, sinceMs)) return undefined;
      let queued: { start: StartRecord; finish?: FinishRecord } | undefined;
      for (const q of queuedStarts.values()) {
        const r = q.start;
        if (r.idempotencyKey === key && r.nodeId === nodeId && r.command === command && r.startedAtMs >= sinceMs && (!queued || r.startedAtMs >= queued.start.startedAtMs)) queued = q;
      }
      const stored = byKey.get(key, nodeId, command, sinceMs);
      const raw: Raw | undefined = queued && (!stored || queued.start.startedAtMs >= stored.started_at_ms)
        ? rawOf(queued.start, queued.finish)
        : stored;
      if (!raw) return undefined;
      const out: RecordedRun = { record: toRecord(raw) };
      if (typeof raw.result_json === 'string') out.resultJson = raw.result_json;
      // A finish not yet written (the disk is full, or within the batch window) still counts.
      const f = queuedFinishes.find((q) => q.id === raw.id);
      if (f) {
        Object.assign(out.record, { finishedAtMs: f.finishedAtMs, durationMs: f.durationMs, timedOut: f.timedOut, ok: f.ok });
        if (f.exitCode !== undefined) out.record.exitCode = f.exitCode;
        if (f.error !== undefined) out.record.error = f.error;
        if (f.resultJson !== undefined) out.resultJson = f.resultJson;
        if (f.cancelled) out.record.cancelled = true;
      }
      return out;
    },
    /** Receives the error of a flush that failed (e.g. to report a full disk). */
    onFlushError(fn: (err: unknown) => void): void {
      onFlushError = fn;
    },
    /**
     * Records how a run ended: appended to the journal first when there is one (the caller is
     * answered after this returns, so an answered run keeps its result through `kill -9`), then
     * written with the next batch.
     */
    finish(r: FinishRecord): void {
      queueFinish(r);
      schedule();
      if (!journal) return;
      try {
        journal.append({ f: r.resultJson !== undefined && r.resultJson.length > MAX_RECORDED_RESULT_CHARS ? { ...r, resultJson: undefined } : r });
      } catch (err) {
        reportJournalError(err);
      }
    },
    list(opts: { nodeId?: string; limit?: number; internal?: boolean } = {}): InvocationRecord[] {
      return page({ internal: true, ...opts }).items;
    },
    /** Writes everything queued now (before the database closes); throws when it cannot. */
    flush: flushNow,
    /** Writes what is queued and closes the journal (the store is closing); throws when it cannot write. */
    close(): void {
      try {
        flushNow();
      } finally {
        journal?.close();
      }
    },
    /** The journal's path, when records go through one. */
    journalPath,
    /** Records still waiting to be written (nonzero while the disk is full). */
    get queued(): number {
      return queuedStarts.size + queuedFinishes.length;
    },
    /** Marks runs left open by a gateway that died as interrupted, so history never shows them running forever. */
    closeInterrupted(nowMs: number, beforeMs: number): number {
      const error = 'interrupted: the gateway stopped before the run finished';
      flushForRead();
      // Replayed starts a full disk kept in the queue are closed there.
      let queued = 0;
      for (const q of queuedStarts.values()) {
        if (q.finish || q.start.startedAtMs >= beforeMs) continue;
        q.finish = { id: q.start.id, finishedAtMs: nowMs, durationMs: 0, timedOut: false, ok: false, error };
        queued++;
      }
      return queued + unfinished.run(nowMs, error, beforeMs).changes;
    },
  };
}
export type InvocationRepo = ReturnType<typeof createInvocationRepo>;
