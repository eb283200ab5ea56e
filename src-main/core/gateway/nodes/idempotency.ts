/**
 * Idempotent invocations: a repeated (node, command, idempotencyKey) within ten minutes gets the
 * first attempt's promise instead of running again. A failed attempt may be retried with the same key.
 */
export const IDEMPOTENCY_KEEP_MS = 10 * 60_000;

export class IdempotencyCache<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; at: number }>();
  private readonly clock: () => number;
  private readonly keepMs: number;

  constructor(clock: () => number, keepMs = IDEMPOTENCY_KEEP_MS) {
    this.clock = clock;
    this.keepMs = keepMs;
  }

  /** The promise already running for `key`, or the one `start` returns now. */
  run(key: string, start: () => Promise<T>): Promise<T> {
    const now = this.clock();
    // Entries are in insertion (= time) order, so pruning stops at the first one still fresh.
    for (const [k, v] of this.entries) {
      if (now - v.at <= this.keepMs) break;
      this.entries.delete(k);
    }
    const prior = this.entries.get(key);
    if (prior) return prior.promise;
    const promise = start();
    this.entries.set(key, { promise, at: now });
    promise.catch(() => {
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    return promise;
  }

  get size(): number {
    return this.entries.size;
  }
}
