/**
 * The one reconnect backoff of Hearth (node agent, web UI / desktop client, SSH tunnel, Telegram
 * poller): capped exponential growth with jitter, so many clients that lost the same gateway do
 * not come back in lockstep. Pure and browser-safe; `random` is injected for tests.
 */

export interface BackoffPolicy {
  /** The first delay (attempt 0). */
  initialMs: number;
  /** No delay ever exceeds this. */
  maxMs: number;
  /** Growth per attempt; 2 by default. */
  factor?: number;
  /** Fraction (0..1) of the delay that is randomised; 0.2 by default. */
  jitter?: number;
  /**
   * How the jitter spreads: `down` (default) keeps every delay within [base·(1−jitter), base];
   * `around` spreads it to base·(1 ± jitter) (still capped at maxMs).
   */
  spread?: 'down' | 'around';
}

/** The un-jittered delay of attempt `n` (0-based): min(maxMs, initialMs · factor^n). */
export function baseDelay(attempt: number, policy: BackoffPolicy): number {
  const factor = policy.factor ?? 2;
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : Number.MAX_SAFE_INTEGER;
  if (policy.initialMs <= 0) return 0;
  // Compare in log space so huge attempt counts cannot overflow to Infinity·0 = NaN.
  if (n * Math.log(factor) >= Math.log(policy.maxMs / policy.initialMs)) return policy.maxMs;
  return Math.min(policy.maxMs, policy.initialMs * factor ** n);
}

/** The delay before attempt `n` (0-based), jittered as the policy says, never above maxMs. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = baseDelay(attempt, policy);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  const r = Math.min(1, Math.max(0, random()));
  const delay = policy.spread === 'around' ? base * (1 + jitter * (2 * r - 1)) : base * (1 - jitter * r);
  return Math.round(Math.min(policy.maxMs, delay));
}
