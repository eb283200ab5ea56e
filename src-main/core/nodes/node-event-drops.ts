/**
 * The log lines for `node.event`s the gateway refuses. A hostile or broken node can send bad
 * events many times a second (under any event name); each refusal is still answered with its
 * reason, but only the first per node within a minute is logged, the next line saying how many
 * were left out meanwhile, so a node cannot flood the log.
 */
import type { Logger } from '../logger.ts';

const WINDOW_MS = 60_000;
/** Nodes remembered; the oldest is forgotten first. */
const MAX_KEYS = 1024;

export class NodeEventDrops {
  private readonly seen = new Map<string, { sinceMs: number; suppressed: number }>();

  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly windowMs: number;

  constructor(log: Logger, clock: () => number, windowMs = WINDOW_MS) {
    this.log = log;
    this.clock = clock;
    this.windowMs = windowMs;
  }

  report(nodeId: string, event: string, problem: string): void {
    const now = this.clock();
    const prior = this.seen.get(nodeId);
    if (prior && now - prior.sinceMs < this.windowMs) {
      prior.suppressed++;
      return;
    }
    const fields: Record<string, unknown> = { nodeId, event, problem };
    if (prior && prior.suppressed > 0) fields['alsoDroppedSincePreviousLine'] = prior.suppressed;
    this.log.warn('node event dropped: its payload does not match the contract', fields);
    this.seen.delete(nodeId);
    this.seen.set(nodeId, { sinceMs: now, suppressed: 0 });
    if (this.seen.size > MAX_KEYS) this.seen.delete(this.seen.keys().next().value!);
  }
}
