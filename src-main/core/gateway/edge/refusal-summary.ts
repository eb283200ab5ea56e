/**
 * Refusals (bad credentials, rate limits, evicted or timed-out unauthenticated sockets, foreign
 * Host headers) are logged as summaries: the first refusal of each kind in a window is logged at
 * once with its context, the rest are counted and reported once per window with the busiest
 * addresses. A guessing loop at 500 attempts a second then costs two log lines a minute, not 500.
 */
import type { Logger } from '../../logger.ts';

export const SUMMARY_WINDOW_MS = 60_000;
const MAX_KEYS = 1_000;
const TOP = 5;

interface Bucket {
  count: number;
  byKey: Map<string, number>;
  example: Record<string, unknown>;
}

export interface RefusalSummary {
  /** One refusal of `kind` (e.g. "token_mismatch") from `key` (usually the client address). */
  note(kind: string, key: string, fields?: Record<string, unknown>): void;
  /** Logs what was counted since the last flush (also called by the timer). */
  flush(): void;
  stop(): void;
}

export function createRefusalSummary(log: Logger, what: string, windowMs = SUMMARY_WINDOW_MS): RefusalSummary {
  let buckets = new Map<string, Bucket>();
  const seenThisWindow = new Set<string>();
  const flush = () => {
    const current = buckets;
    buckets = new Map();
    seenThisWindow.clear();
    for (const [kind, b] of current) {
      if (b.count === 0) continue;
      const top = [...b.byKey].sort((x, y) => y[1] - x[1]).slice(0, TOP).map(([k, n]) => `${k}×${n}`);
      log.warn(`${what}: ${b.count} more ${kind} in the last ${Math.round(windowMs / 1000)} s`, {
        kind, count: b.count, addresses: b.byKey.size, top: top.join(', '), example: b.example,
      });
    }
  };
  const timer = setInterval(() => {
    try {
      flush();
    } catch {
      /* a failing logger must not take the timer down */
    }
  }, windowMs);
  timer.unref();
  return {
    note(kind, key, fields = {}) {
      if (!seenThisWindow.has(kind)) {
        seenThisWindow.add(kind);
        log.warn(what, { kind, ip: key, ...fields, note: `further ${kind} refusals are summarised every ${Math.round(windowMs / 1000)} s` });
        return;
      }
      let b = buckets.get(kind);
      if (!b) buckets.set(kind, (b = { count: 0, byKey: new Map(), example: { ip: key, ...fields } }));
      b.count++;
      if (b.byKey.has(key) || b.byKey.size < MAX_KEYS) b.byKey.set(key, (b.byKey.get(key) ?? 0) + 1);
    },
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
