/** The node agent's reconnect schedules; the delay itself is the shared backoff (src-shared/client/backoff.ts). */
import type { BackoffPolicy } from '../../../src-shared/client/backoff.ts';

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
