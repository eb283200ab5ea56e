/**
 * Whether the state database can be written. On a full filesystem SQLite answers SQLITE_FULL (or
 * an I/O error from ENOSPC); the gateway must degrade, not exit: new runs are refused with a
 * message naming the disk, reads and health go on, and a probe write every few seconds notices
 * when space is back. Everything that writes reports its failures here.
 */
import type { Db } from './db.ts';

export interface DiskFull {
  sinceMs: number;
  /** The database file on the full filesystem. */
  path: string;
  /** SQLite's error, as it said it. */
  error: string;
}

const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC']);

/** True for the errors a full disk produces. */
export function isDiskFullError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  return /database or disk is full|no space left/i.test(String((err as Error | null)?.message ?? ''));
}

export const DISK_PROBE_MS = 3_000;

export class DiskState {
  private state: DiskFull | undefined;
  private readonly db: Db;
  private readonly path: string;
  private readonly clock: () => number;
  private probe: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<(full: DiskFull | undefined) => void>();
  private readonly probeStmt: { run(ts: number): unknown };

  constructor(db: Db, path: string, clock: () => number = Date.now) {
    this.db = db;
    this.path = path;
    this.clock = clock;
    const stmt = db.prepare<[string]>("INSERT INTO settings (key, value) VALUES ('hearth.diskProbe', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    this.probeStmt = { run: (ts: number) => stmt.run(String(ts)) };
  }

  get full(): DiskFull | undefined {
    return this.state;
  }

  /** Called with the new state whenever it changes (full → recovered or back). */
  onChange(fn: (full: DiskFull | undefined) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Looks at a write's error: a full disk is recorded (and true returned, so the caller can
   * degrade); any other error is the caller's to handle.
   */
  report(err: unknown): boolean {
    if (!isDiskFullError(err)) return false;
    if (!this.state) {
      this.state = { sinceMs: this.clock(), path: this.path, error: (err as Error).message };
      this.startProbe();
      this.emit();
    }
    return true;
  }

  /** Runs a write whose loss is acceptable (last-seen times, host stats): false when the disk is full. */
  bestEffort(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (this.report(err)) return false;
      throw err;
    }
  }

  /** Tries one small write now; clears the state when it works. */
  check(): boolean {
    if (!this.db.open) return false;
    try {
      this.probeStmt.run(this.clock());
    } catch (err) {
      if (!this.report(err)) this.state = this.state ?? { sinceMs: this.clock(), path: this.path, error: (err as Error).message };
      return false;
    }
    if (this.state) {
      this.state = undefined;
      this.stopProbe();
      this.emit();
    }
    return true;
  }

  private startProbe(): void {
    this.probe ??= setInterval(() => this.check(), DISK_PROBE_MS);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }

  close(): void {
    this.stopProbe();
    this.listeners.clear();
  }

  private emit(): void {
    for (const fn of this.listeners) {
      try {
        fn(this.state);
      } catch { /* a listener's problem is not the store's */ }
    }
  }
}
