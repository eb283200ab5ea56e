/**
 * The run journal: an append-only file next to the state database (`hearth.sqlite-runlog`) that
 * makes a run's record durable with one write(2) instead of one SQLite commit.
 *
 * A run's start is appended before the node hears of it and its end before the caller hears of
 * it; the invocation repo writes both into SQLite in its next batch (at most AUDIT_FLUSH_MS later,
 * one transaction for many runs) and then empties the file. After a crash (`kill -9`, an OOM kill)
 * the next gateway replays what the file still holds into the table before anything reads it.
 *
 * Durability is the same as the database's own: WAL with synchronous=NORMAL survives the process
 * dying (the kernel holds what was written) and may lose the newest transactions on power loss;
 * so does this file, which is never fsynced either. A line torn by a crash mid-write cannot
 * happen for a process kill (write(2) to a regular file is all or nothing then) but can after a
 * power loss or a full disk: a line that does not parse is skipped on replay.
 */
import { closeSync, existsSync, ftruncateSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';

/** What a run's start records (the row before the node is asked). */
export interface StartRecord {
  id: string;
  nodeId: string;
  nodeName?: string;
  command: string;
  argv?: string[];
  cwd?: string;
  requestedBy: string;
  idempotencyKey?: string;
  startedAtMs: number;
}

/** How a run ended. */
export interface FinishRecord {
  id: string;
  finishedAtMs: number;
  durationMs: number;
  exitCode?: number;
  timedOut: boolean;
  ok: boolean;
  error?: string;
  resultJson?: string;
  /** Its operator cancelled it. */
  cancelled?: boolean;
}

export type JournalEntry = { s: StartRecord } | { f: FinishRecord };

/** The journal file that belongs to a state database (none for an in-memory one). */
export function journalPathFor(databasePath: string): string | undefined {
  return databasePath === ':memory:' ? undefined : `${databasePath}-runlog`;
}

function isEntry(v: unknown): v is JournalEntry {
  if (typeof v !== 'object' || v === null) return false;
  const s = (v as { s?: Partial<StartRecord> }).s;
  const f = (v as { f?: Partial<FinishRecord> }).f;
  if (s) return typeof s.id === 'string' && typeof s.nodeId === 'string' && typeof s.command === 'string' && typeof s.requestedBy === 'string' && typeof s.startedAtMs === 'number';
  if (f) return typeof f.id === 'string' && typeof f.finishedAtMs === 'number' && typeof f.durationMs === 'number' && typeof f.ok === 'boolean' && typeof f.timedOut === 'boolean';
  return false;
}

/** The entries a previous process left, in order; torn or foreign lines are skipped. */
export function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  const out: JournalEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isEntry(v)) out.push(v);
    } catch { /* a torn last line (power loss, full disk): that write never completed */ }
  }
  return out;
}

export class RunJournal {
  readonly path: string;
  private fd: number;
  /** Bytes of complete lines in the file: a failed append is cut back to this. */
  private size: number;

  /** Opens (creates, owner-only) the journal for appending; the caller has replayed it first. */
  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Appends one entry with a single write. Throws when it cannot be written whole (a full disk:
   * ENOSPC), after cutting the file back so the next entry starts on a clean line.
   */
  append(entry: JournalEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    const bytes = Buffer.byteLength(line);
    let written: number;
    try {
      written = writeSync(this.fd, line);
    } catch (err) {
      this.cutBack();
      throw err;
    }
    if (written !== bytes) {
      this.cutBack();
      throw Object.assign(new Error(`no space left to write the run journal ${this.path}`), { code: 'ENOSPC' });
    }
    this.size += bytes;
  }

  /** Empties the journal once everything in it is committed to the database. */
  clear(): void {
    if (this.size === 0) return;
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** Bytes waiting in the file (0 right after a batch was committed). */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private cutBack(): void {
    try {
      ftruncateSync(this.fd, this.size);
    } catch { /* the next replay skips a torn line anyway */ }
  }
}
