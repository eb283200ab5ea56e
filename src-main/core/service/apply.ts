/**
 * Carries out a plan: writes files (owner-only where they hold secrets, atomically, only when
 * the content changed, so a second install is a no-op on disk) and runs the commands. A missing
 * or failing service manager is reported with what to run by hand; the files stay in place.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServicePlan } from './types.ts';

export interface CommandResult { argv: string[]; code: number; stdout: string; stderr: string }
export type Runner = (argv: string[]) => Promise<CommandResult>;

/** Runs a command without a shell; never throws (a missing program is code 127). */
export const execRunner: Runner = (argv) =>
  new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: 30_000, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 1) : 0;
      resolve({ argv, code, stdout: String(stdout), stderr: String(stderr || (err && !stderr ? err.message : '')) });
    });
  });

export interface ApplyReport {
  wrote: string[];
  unchanged: string[];
  removed: string[];
  ran: CommandResult[];
  /** Commands that failed, each with a line saying what to do. */
  failed: { argv: string[]; message: string }[];
}

function writeIfChanged(path: string, content: string | Buffer, mode: number): boolean {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path) && readFileSync(path).equals(data)) {
    chmodSync(path, mode);
    return false;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
  return true;
}

/** Commands whose failure is expected on a first install (unloading a job that is not loaded). */
const TOLERATED = (argv: string[]) => argv[0] === 'launchctl' && argv[1] === 'bootout';

export async function applyPlan(plan: ServicePlan, run: Runner = execRunner, opts: { removeFirst?: boolean } = {}): Promise<ApplyReport> {
  const report: ApplyReport = { wrote: [], unchanged: [], removed: [], ran: [], failed: [] };
  const removeFiles = () => {
    for (const p of plan.remove) {
      if (existsSync(p)) {
        rmSync(p, { force: true });
        report.removed.push(p);
      }
    }
  };
  for (const f of plan.write) (writeIfChanged(f.path, f.content, f.mode) ? report.wrote : report.unchanged).push(f.path);
  if (opts.removeFirst) removeFiles();
  for (const argv of plan.commands) {
    const r = await run(argv);
    report.ran.push(r);
    if (r.code !== 0 && !TOLERATED(argv)) {
      const lines = (r.stderr || r.stdout).trim().split('\n');
      const why = r.code === 127 ? `${argv[0]} is not available here` : lines.find((l) => /fail|error|denied|not/i.test(l)) ?? lines.at(-1) ?? `exit ${r.code}`;
      report.failed.push({ argv, message: why });
    }
  }
  if (!opts.removeFirst) removeFiles();
  return report;
}
