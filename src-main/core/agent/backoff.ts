/** Reconnect delays: capped exponential backoff with downward jitter (pure, unit-tested). */

export interface BackoffPolicy {
  /** First delay. */
  initialMs: number;
  /** No delay ever exceeds this. */
  maxMs: number;
  /** Growth per attempt; 2 by default. */
  factor?: number;
  /** Fraction (0..1) of the delay that is randomised away, so many nodes do not reconnect in lockstep. */
  jitter?: number;
}

/** The schedules the agent uses, by why it is waiting. */
export interface BackoffSchedules {
  /** After a dropped or unreachable connection. */
  drop: BackoffPolicy;
  /** While the gateway answers PAIRING_REQUIRED (never gives up; keeps the request alive). */
  pairing: BackoffPolicy;
  /** After other refusals (wrong token, …): slower, the gateway may be reconfigured meanwhile. */
  refused: BackoffPolicy;
}

export const DEFAULT_BACKOFF: BackoffSchedules = {
  drop: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.2 },
  pairing: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.2 },
  refused: { initialMs: 5_000, maxMs: 60_000, factor: 2, jitter: 0.2 },
};

/** The un-jittered delay of attempt `n` (0-based): min(maxMs, initialMs · factor^n). */
export function baseDelay(attempt: number, policy: BackoffPolicy): number {
  const factor = policy.factor ?? 2;
  const n = Math.max(0, Math.floor(attempt));
  // Compare in log space so huge attempt counts cannot overflow to Infinity·0 = NaN.
  if (policy.initialMs <= 0) return 0;
  if (n * Math.log(factor) >= Math.log(policy.maxMs / policy.initialMs)) return policy.maxMs;
  return Math.min(policy.maxMs, policy.initialMs * factor ** n);
}

/** The delay before attempt `n`: within [base·(1−jitter), base], never above maxMs. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = baseDelay(attempt, policy);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - jitter * r));
}
