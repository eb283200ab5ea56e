/**
 * Recent runs of this machine's node, for the node page, fed by the agent's `onRun` hook
 * (finished runs and exec-policy refusals), newest first and bounded.
 */
import type { RecentRun } from '../../../src-shared/ipc/contract.ts';
import type { NodeRunRecord } from '../../core/agent/options.ts';

export interface RecentRuns {
  /** Records one finished or refused run (pass as the agent's `onRun`). */
  record(run: NodeRunRecord): void;
  /** Newest first. */
  list(): RecentRun[];
  onChange(listener: () => void): void;
}

/** What the node page shows for a run that did not end with a plain exit code. */
function noteFor(run: NodeRunRecord): string | undefined {
  if (run.denied) return run.error ?? 'refused by the exec policy';
  if (run.timedOut) return 'timed out';
  return run.error;
}

/** Creates an empty recorder keeping the last `max` runs. */
export function createRecentRuns(max = 20): RecentRuns {
  const runs: RecentRun[] = [];
  let listener: (() => void) | undefined;
  return {
    record(run) {
      const entry: RecentRun = { command: run.command, startedAtMs: run.startedAtMs, exitCode: run.exitCode ?? null };
      if (!run.denied) entry.durationMs = run.durationMs;
      const note = noteFor(run);
      if (note) entry.note = note;
      runs.unshift(entry);
      runs.splice(max);
      listener?.();
    },
    list: () => runs.map((r) => ({ ...r })),
    onChange: (l) => { listener = l; },
  };
}
