/**
 * Which idempotency keys have a recorded run, in memory, so the lookup every `node.invoke` makes
 * before it runs needs no SQLite read for a fresh key (the common case). It answers "certainly
 * not" or "maybe": a maybe (a retried key, or a hash collision) is settled by the table, which
 * stays the truth.
 *
 * It holds a 53-bit hash and the newest start time per key: every run this process records, and
 * the table's runs of the lookup window, read once at the first lookup. `coveredFromMs` is the
 * oldest start time it knows completely; a lookup reaching further back (a window wider than the
 * first one, or entries dropped past the cap) asks the table.
 */

/** Keys held at most; past it the oldest are dropped and their time range goes back to the table. */
export const IDEMPOTENCY_INDEX_CAP = 50_000;

export interface IndexedRun {
  nodeId: string;
  command: string;
  idempotencyKey: string;
  startedAtMs: number;
}

/** Two FNV-1a lanes folded into 53 bits: a collision only costs one table lookup. */
export function keyHash(nodeId: string, command: string, key: string): number {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    // A separator no id contains, so ('ab','c') and ('a','bc') differ.
    a = Math.imul(a ^ 0xffff, 0x01000193);
    b = Math.imul(b ^ 0xffff, 0x5bd1e995);
  };
  mix(nodeId);
  mix(command);
  mix(key);
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

export class IdempotencyIndex {
  /** Key hash → newest start time; kept in insertion order, which is (nearly) time order. */
  private latest = new Map<number, number>();
  private coveredFromMs: number | undefined;
  private readonly loadWindow: (sinceMs: number, limit: number) => IndexedRun[];
  private readonly cap: number;

  /** `loadWindow` returns the table's runs with a key started since `sinceMs`, newest first, at most `limit`. */
  constructor(loadWindow: (sinceMs: number, limit: number) => IndexedRun[], cap = IDEMPOTENCY_INDEX_CAP) {
    this.loadWindow = loadWindow;
    this.cap = cap;
  }

  /** A run was recorded (queued or written) by this process. */
  note(nodeId: string, command: string, key: string, startedAtMs: number): void {
    const h = keyHash(nodeId, command, key);
    const prior = this.latest.get(h);
    this.latest.delete(h);
    this.latest.set(h, prior === undefined ? startedAtMs : Math.max(prior, startedAtMs));
    if (this.latest.size > this.cap) this.dropOldest();
  }

  /** False when no run of this key started at or after `sinceMs` (certain); true when the table must say. */
  mayHave(nodeId: string, command: string, key: string, sinceMs: number): boolean {
    if (this.coveredFromMs === undefined) this.load(sinceMs);
    this.prune(sinceMs);
    if (sinceMs < this.coveredFromMs!) return true;
    const at = this.latest.get(keyHash(nodeId, command, key));
    return at !== undefined && at >= sinceMs;
  }

  get size(): number {
    return this.latest.size;
  }

  private load(sinceMs: number): void {
    const rows = this.loadWindow(sinceMs, this.cap + 1);
    const kept = rows.slice(0, this.cap);
    const fresh = new Map<number, number>();
    // Oldest first, so the map's order stays time order; what this process noted goes after.
    for (let i = kept.length - 1; i >= 0; i--) {
      const r = kept[i]!;
      const h = keyHash(r.nodeId, r.command, r.idempotencyKey);
      fresh.delete(h);
      fresh.set(h, Math.max(fresh.get(h) ?? r.startedAtMs, r.startedAtMs));
    }
    for (const [h, at] of this.latest) {
      const prior = fresh.get(h);
      fresh.delete(h);
      fresh.set(h, prior === undefined ? at : Math.max(prior, at));
    }
    this.latest = fresh;
    // Past the cap, runs as old as the first one left out may be missing: that range stays the
    // table's (everything newer was kept, the rows come newest first).
    const from = rows.length > this.cap ? rows[this.cap]!.startedAtMs + 1 : sinceMs;
    // Entries this process dropped before the load (past the cap) keep their range the table's.
    this.coveredFromMs = Math.max(this.coveredFromMs ?? from, from);
    while (this.latest.size > this.cap) this.dropOldest();
  }

  /** Entries older than the window are of no use; dropping one moves the covered range past it. */
  private prune(sinceMs: number): void {
    for (const [h, at] of this.latest) {
      if (at >= sinceMs) break;
      this.latest.delete(h);
      this.coveredFromMs = Math.max(this.coveredFromMs ?? at + 1, at + 1);
    }
  }

  private dropOldest(): void {
    const first = this.latest.entries().next();
    if (first.done) return;
    const [h, at] = first.value;
    this.latest.delete(h);
    this.coveredFromMs = Math.max(this.coveredFromMs ?? at + 1, at + 1);
  }
}
