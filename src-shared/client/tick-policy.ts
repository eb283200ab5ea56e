/**
 * The tick watchdog of a long-lived connection (node agent, web UI / desktop client): a gateway
 * says in hello-ok how often it sends `tick` (`policy.tickIntervalMs`, SPEC §2), and a connection
 * with no inbound frame for two of those intervals is closed with 4000 and opened again.
 *
 * The interval comes from the peer, so it is kept within a sane range: a gateway announcing 1 ms
 * (or 1.5) made the watchdog close every connection at its first look — a reconnect loop — and
 * one announcing 1e308 switched it off for good. OpenClaw (30 s) and Hearth (30 s) are well
 * inside; OpenClaw's own Control UI also never watches for less than 1 s. Pure and browser-safe.
 */
import { TICK_INTERVAL_MS } from '../protocol/constants.ts';

/** The shortest tick interval believed: two of them (2 s of silence) still close a connection quickly. */
export const MIN_TICK_INTERVAL_MS = 1_000;
/** The longest: a dead connection is noticed within 10 minutes whatever the gateway says. */
export const MAX_TICK_INTERVAL_MS = 300_000;

export interface TickPolicy {
  /** The interval the watchdog goes by. */
  tickMs: number;
  /** Inbound silence after which the connection is closed (2 × tickMs). */
  silenceLimitMs: number;
  /** Set when the gateway's value was not used as it was: one line naming it, for a log. */
  problem?: string;
}

/** The watchdog's interval for `tickIntervalMs` as a hello-ok announced it (absent: the protocol's 30 s). */
export function tickPolicy(tickIntervalMs: unknown): TickPolicy {
  const given = typeof tickIntervalMs === 'number' && Number.isFinite(tickIntervalMs) && tickIntervalMs > 0;
  if (tickIntervalMs !== undefined && !given) {
    return {
      tickMs: TICK_INTERVAL_MS, silenceLimitMs: 2 * TICK_INTERVAL_MS,
      problem: `the gateway announced policy.tickIntervalMs ${String(tickIntervalMs)}, which is not a positive number of milliseconds; going by ${TICK_INTERVAL_MS} ms`,
    };
  }
  if (!given) return { tickMs: TICK_INTERVAL_MS, silenceLimitMs: 2 * TICK_INTERVAL_MS };
  const tickMs = Math.min(MAX_TICK_INTERVAL_MS, Math.max(MIN_TICK_INTERVAL_MS, tickIntervalMs));
  const policy: TickPolicy = { tickMs, silenceLimitMs: 2 * tickMs };
  if (tickMs !== tickIntervalMs) {
    policy.problem = `the gateway announced policy.tickIntervalMs ${tickIntervalMs}, outside ${MIN_TICK_INTERVAL_MS}–${MAX_TICK_INTERVAL_MS} ms; going by ${tickMs} ms`;
  }
  return policy;
}
