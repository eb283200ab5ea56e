/**
 * Recent runs of this machine's node, for the node page. The agent has no run hook yet, so this
 * taps its logger: `system.run <command>` / `system.run finished: exit N` / an exec-policy
 * refusal, all keyed by `invokeId`. Replace with an agent `onRun` callback once it exists.
 */
import type { RecentRun } from '../../../src-shared/ipc/contract.ts';
import type { LogFields, Logger } from '../../core/logger.ts';

interface Entry extends RecentRun {
  invokeId: string;
}

export interface RecentRuns {
  /** Wraps the agent's logger (and its children) so runs are recorded as they are logged. */
  wrap(logger: Logger): Logger;
  /** Newest first. */
  list(): RecentRun[];
  onChange(listener: () => void): void;
}

/** Creates an empty recorder keeping the last `max` runs. */
export function createRecentRuns(max = 20, clock: () => number = Date.now): RecentRuns {
  const runs: Entry[] = [];
  let listener: (() => void) | undefined;
  const changed = () => listener?.();
  const seen = (level: 'info' | 'warn', msg: string, fields: LogFields | undefined) => {
    const invokeId = typeof fields?.['invokeId'] === 'string' ? fields['invokeId'] : undefined;
    if (!invokeId) return;
    if (level === 'info' && msg.startsWith('system.run finished: ')) {
      const run = runs.find((r) => r.invokeId === invokeId);
      if (!run) return;
      const exit = /^system\.run finished: exit (-?\d+)/.exec(msg);
      run.exitCode = exit ? Number(exit[1]) : null;
      if (typeof fields?.['durationMs'] === 'number') run.durationMs = fields['durationMs'];
      if (!exit) run.note = msg.slice('system.run finished: '.length);
      changed();
    } else if (level === 'info' && msg.startsWith('system.run ')) {
      runs.unshift({ invokeId, command: msg.slice('system.run '.length), startedAtMs: clock() });
      runs.splice(max);
      changed();
    } else if (level === 'warn' && typeof fields?.['command'] === 'string') {
      // An exec-policy refusal: logged with the command, never started.
      runs.unshift({ invokeId, command: fields['command'], startedAtMs: clock(), exitCode: null, note: msg });
      runs.splice(max);
      changed();
    }
  };
  const wrap = (base: Logger): Logger => ({
    debug: (m, f) => base.debug(m, f),
    info: (m, f) => { base.info(m, f); seen('info', m, f); },
    warn: (m, f) => { base.warn(m, f); seen('warn', m, f); },
    error: (m, f) => base.error(m, f),
    child: (b) => wrap(base.child(b)),
  });
  return {
    wrap,
    list: () => runs.map(({ invokeId: _id, ...r }) => ({ ...r })),
    onChange: (l) => { listener = l; },
  };
}
