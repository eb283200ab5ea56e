/**
 * What keeps a node's commands from outliving their agent: the watcher (reaper.ts) kills them
 * when this agent dies, the ledger (run-ledger.ts) lets the next agent kill what an earlier one
 * left when even the watcher could not run. The invocation code only calls started/ended.
 */
import { Reaper } from './reaper.ts';
import { RunLedger } from './run-ledger.ts';

export interface RunGuard {
  /** Called just before a command is spawned, so the watcher already runs when the group appears. */
  prepare?(): void;
  /** A command started as the leader of process group `pgid`. */
  started(pgid: number, command: string): void;
  /** That command finished (its group is no longer ours to watch). */
  ended(pgid: number): void;
}

export class ProcessRunGuard implements RunGuard {
  private readonly ledger: RunLedger;
  private readonly reaper: Reaper;

  constructor(stateDir: string, warn: (message: string) => void) {
    this.ledger = new RunLedger(stateDir, warn);
    this.reaper = new Reaper(warn);
  }

  prepare(): void {
    this.reaper.prepare();
  }

  started(pgid: number, command: string): void {
    // The watcher first: telling it is one pipe write, while the ledger creates a file (slow on a
    // busy disk), and an agent killed in between would leave the group to the next start only.
    this.reaper.watch(pgid);
    this.ledger.add(pgid, command);
  }

  ended(pgid: number): void {
    this.reaper.release(pgid);
    this.ledger.remove(pgid);
  }

  /** Kills what a previous agent instance left running; resolves with what it killed. */
  sweepLeftovers(): Promise<{ pgid: number; command: string }[]> {
    return this.ledger.sweepLeftovers();
  }

  close(): void {
    this.reaper.close();
  }
}
