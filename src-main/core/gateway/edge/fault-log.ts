/**
 * Boundaries where an exception must never leave: HTTP and WebSocket callbacks, timers, promise
 * continuations. `guard` runs a callback and hands anything it throws (or rejects with) to a
 * FaultLog, which logs the first occurrence of each fault with its context and stack, then only a
 * count every minute — so a client that triggers the same bug in a loop cannot flood the log.
 */
import type { Logger } from '../../logger.ts';

const REPEAT_SUMMARY_MS = 60_000;
const MAX_TRACKED = 200;

export interface FaultLog {
  /** Records a fault caught at `where` (e.g. "http request", "ws message"). */
  report(where: string, err: unknown, fields?: Record<string, unknown>): void;
  /** Runs `fn`; a throw or a rejected promise is reported instead of propagating. */
  guard<A extends unknown[]>(where: string, fn: (...args: A) => unknown, onFault?: (err: unknown) => void): (...args: A) => void;
  /** Faults caught since start (health, tests). */
  readonly count: number;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  try {
    return String(err);
  } catch {
    return 'unprintable error';
  }
}

export function createFaultLog(log: Logger, clock: () => number = Date.now): FaultLog {
  const seen = new Map<string, { first: number; repeats: number; lastSummary: number }>();
  let count = 0;
  const report = (where: string, err: unknown, fields: Record<string, unknown> = {}) => {
    count++;
    try {
      const text = errorText(err);
      const key = `${where}\n${text.split('\n').slice(0, 2).join('\n')}`;
      const now = clock();
      const s = seen.get(key);
      if (!s) {
        if (seen.size >= MAX_TRACKED) seen.delete(seen.keys().next().value as string);
        seen.set(key, { first: now, repeats: 0, lastSummary: now });
        log.error(`internal error in ${where}; the gateway keeps running`, { ...fields, error: text });
        return;
      }
      s.repeats++;
      if (now - s.lastSummary >= REPEAT_SUMMARY_MS) {
        log.error(`internal error in ${where} repeated`, { ...fields, repeats: s.repeats, sinceMs: now - s.first, error: text.split('\n')[0] });
        s.repeats = 0;
        s.lastSummary = now;
      }
    } catch {
      /* logging itself failed (closed stderr): nothing more we can do */
    }
  };
  return {
    report,
    guard: (where, fn, onFault) => (...args) => {
      const fail = (err: unknown) => {
        report(where, err);
        if (onFault) {
          try {
            onFault(err);
          } catch (e) {
            report(`${where} (cleanup)`, e);
          }
        }
      };
      try {
        const r = fn(...args);
        if (r instanceof Promise) r.catch(fail);
      } catch (err) {
        fail(err);
      }
    },
    get count() { return count; },
  };
}
