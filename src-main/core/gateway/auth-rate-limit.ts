/**
 * Failed-auth rate limiting: a fixed window per client (the real client behind a trusted proxy,
 * an IPv6 client by its /64), counting every credential kind — shared token, password, device
 * token, setup code. Loopback clients without forwarding headers are not limited (they can read
 * the config file anyway); everyone else gets MAX_FAILURES wrong guesses per window.
 */
import { rateLimitKey } from './edge/client-address.ts';

const WINDOW_MS = 60_000;
const MAX_FAILURES = 10;
/** Clients remembered at once; the least recently failing are forgotten first. */
const MAX_TRACKED = 10_000;

export function createAuthRateLimiter(clock: () => number) {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    /** Milliseconds until the client may try again, or undefined when it may try now. */
    limited(ip: string): number | undefined {
      const key = rateLimitKey(ip);
      const f = failures.get(key);
      if (!f) return undefined;
      const elapsed = clock() - f.since;
      if (elapsed > WINDOW_MS) {
        failures.delete(key);
        return undefined;
      }
      return f.count >= MAX_FAILURES ? WINDOW_MS - elapsed : undefined;
    },
    record(ip: string): void {
      const key = rateLimitKey(ip);
      const now = clock();
      const f = failures.get(key);
      failures.delete(key); // re-insert: Map order is then least recently failing first
      if (!f || now - f.since > WINDOW_MS) failures.set(key, { count: 1, since: now });
      else failures.set(key, { count: f.count + 1, since: f.since });
      // Forget the oldest, never everyone: a flood of fresh addresses must not reset a guesser.
      while (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value as string);
    },
  };
}
