/**
 * Runs an operator chose "Always allow" for, kept beside the node identity (0600) so they survive
 * restarts: each is one exact argv in one exact cwd — never a program name or a pattern.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ApprovedRun } from './policy.ts';
import { sameRun } from './policy.ts';

export function loadApprovedRuns(path: string): { runs: ApprovedRun[]; problem?: string } {
  if (!existsSync(path)) return { runs: [] };
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { runs?: unknown };
    const runs = Array.isArray(data.runs) ? data.runs : [];
    const ok = runs.filter((r): r is ApprovedRun => typeof r === 'object' && r !== null && Array.isArray((r as ApprovedRun).argv)
      && (r as ApprovedRun).argv.every((a) => typeof a === 'string') && ((r as ApprovedRun).cwd === undefined || typeof (r as ApprovedRun).cwd === 'string'));
    return { runs: ok };
  } catch (err) {
    return { runs: [], problem: `ignoring ${path}: ${(err as Error).message}; "Always allow" decisions start empty` };
  }
}

/** Adds `run` (if not there yet) and writes the file atomically; returns the new list. */
export function addApprovedRun(path: string, current: readonly ApprovedRun[], run: ApprovedRun): ApprovedRun[] {
  if (current.some((r) => sameRun(r, run.argv, run.cwd))) return [...current];
  const entry: ApprovedRun = run.cwd !== undefined ? { argv: [...run.argv], cwd: run.cwd } : { argv: [...run.argv] };
  const next = [...current, entry];
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify({ runs: next }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return next;
}
