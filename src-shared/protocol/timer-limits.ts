/**
 * Timeouts that reach `setTimeout`. Node stores timer delays as a signed 32-bit number: anything
 * at or above 2^31 ms (~24.8 days) overflows and fires after 1 ms, so a "wait forever" of 2^31
 * would time a run out at once. Every timeout taken from a peer goes through {@link clampTimeoutMs}.
 */

/** The longest delay `setTimeout` honours (~24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A usable timeout from untrusted input: undefined for anything that is not a positive finite
 * number, otherwise rounded up to whole milliseconds and capped at {@link MAX_TIMER_MS}.
 */
export function clampTimeoutMs(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(Math.ceil(value), MAX_TIMER_MS);
}
