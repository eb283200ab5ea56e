/** Failed-auth rate limiting for non-loopback clients: a fixed window per remote address. */
const WINDOW_MS = 60_000;
const MAX_FAILURES = 10;

export function createAuthRateLimiter(clock: () => number) {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    /** Milliseconds until the address may try again, or undefined when it may try now. */
    limited(ip: string): number | undefined {
      const f = failures.get(ip);
      if (!f) return undefined;
      const elapsed = clock() - f.since;
      if (elapsed > WINDOW_MS) {
        failures.delete(ip);
        return undefined;
      }
      return f.count >= MAX_FAILURES ? WINDOW_MS - elapsed : undefined;
    },
    record(ip: string): void {
      const now = clock();
      const f = failures.get(ip);
      if (!f || now - f.since > WINDOW_MS) failures.set(ip, { count: 1, since: now });
      else f.count++;
      if (failures.size > 10_000) failures.clear();
    },
  };
}
