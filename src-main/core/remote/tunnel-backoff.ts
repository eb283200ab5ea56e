/**
 * How long the tunnel waits before the next try, per kind of failure. Transient network failures
 * back off 1 s → 60 s with jitter (so many homes behind one VPS do not reconnect in step); a busy
 * remote port starts slower (a stale session holds it until the VPS drops it); authentication
 * failures wait minutes, so a VPS running fail2ban (5 failures in 10 min by default) never bans
 * the home's address.
 */
import { backoffDelay as sharedBackoff } from '../../../src-shared/client/backoff.ts';

export type FailureKind = 'transient' | 'remote-port-busy' | 'auth-failed';

export const BACKOFF = {
  transient: { firstMs: 1_000, capMs: 60_000 },
  'remote-port-busy': { firstMs: 5_000, capMs: 60_000 },
  'auth-failed': { firstMs: 5 * 60_000, capMs: 60 * 60_000 },
} as const satisfies Record<FailureKind, { firstMs: number; capMs: number }>;

/** Delay before retry number `attempt` (1-based) of `kind`; `random` in [0,1) gives ±20 % jitter, capped (the shared backoff). */
export function backoffDelay(kind: FailureKind, attempt: number, random: () => number = Math.random): number {
  const { firstMs, capMs } = BACKOFF[kind];
  return sharedBackoff(attempt - 1, { initialMs: firstMs, maxMs: capMs, jitter: 0.2, spread: 'around' }, random);
}
