/** Memory of a whole process tree (Linux /proc): OpenClaw forks helpers, so one pid's RSS undercounts. */
import { readdirSync, readFileSync } from 'node:fs';
import { rssBytes } from '../lib/measure.ts';

/** `read()`, or `fallback` when the process exited meanwhile. */
function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** `pid` and all its descendants, found through /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    const tasks = readOr(() => readdirSync(`/proc/${p}/task`), []);
    for (const t of tasks) {
      const kids = readOr(() => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'), '');
      for (const k of kids.trim().split(/\s+/).filter(Boolean)) walk(Number(k));
    }
  };
  walk(pid);
  return out;
}

/** Summed RSS in bytes of `pid` and its descendants (processes gone meanwhile count 0). */
export function treeRssBytes(pid: number): { bytes: number; processes: number } {
  let bytes = 0;
  const pids = processTree(pid);
  for (const p of pids) {
    try {
      const r = rssBytes(p);
      if (Number.isFinite(r)) bytes += r;
    } catch {
      // gone
    }
  }
  return { bytes, processes: pids.length };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}
