/**
 * Idempotent invocations while they run: a repeated (node, command, idempotencyKey) that arrives
 * while the first attempt is in flight gets that attempt's promise instead of running again.
 *
 * Once a run has ended its outcome is in the audit log (recorded before the caller is answered:
 * the router's first handler), and a retry is answered from there for a day, across restarts
 * (`InvokeRouter.replayOrDispatch`). Keeping settled runs here as well held every result — up
 * to a few MB of output each — in the gateway's memory for ten minutes, and made each invoke's
 * objects outlive the young generation (a fifth of the gateway's CPU per no-op invoke went to
 * collecting them).
 */
export class InFlightRuns<T> {
  private readonly entries = new Map<string, Promise<T>>();

  /** The promise already running for `key`, or the one `start` returns now. */
  run(key: string, start: () => Promise<T>): Promise<T> {
    const prior = this.entries.get(key);
    if (prior) return prior;
    const promise = start();
    this.entries.set(key, promise);
    // Registered after start()'s own handlers (the router records the outcome first), so a retry
    // that comes once this entry is gone finds the run in the audit log.
    const forget = () => {
      if (this.entries.get(key) === promise) this.entries.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Runs in flight. */
  get size(): number {
    return this.entries.size;
  }
}
