/** Capped, jittered exponential backoff for reconnecting (so many phones never retry in lockstep). */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Fraction of the delay that is randomised (0 = none, 0.5 = ±25% around 75%). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 10_000, jitter: 0.5 };

/** Delay before retry number `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitterPart = exp * opts.jitter;
  return Math.round(exp - jitterPart + jitterPart * random());
}
