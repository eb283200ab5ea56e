/**
 * Runs the filesystem probe in a detached child process with a hard deadline the event loop never
 * waits past. A mount whose probe has not answered by the deadline is reported `hung`; its child is
 * left alone (SIGKILL cannot free a process stuck in the kernel, and killing it mid-write could
 * leave the probe file behind) and no second probe is started for that path until it returns.
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { probeChildMain } from './probe-child.ts';
import type { ProbeError, SpaceFacts, StepLatency } from '../../../src-shared/storage/types.ts';

/** The marker in every probe child's command line (tests and `ps` find them by it). */
export const PROBE_MARKER = 'hearth-storage-probe';
export const DEFAULT_DEADLINE_MS = 5000;

const CHILD_SOURCE = `(${probeChildMain.toString()})()`;

/** What the child reported for one path. */
export interface FsOutcome {
  exists?: boolean;
  space?: SpaceFacts;
  writable?: boolean;
  writeError?: ProbeError;
  error?: ProbeError;
  latency: StepLatency;
  hung?: { sinceMs: number; step: string };
}

interface Outstanding {
  pid: number | undefined;
  sinceMs: number;
  step: string;
}

export interface ProbeRunnerOptions {
  clock?: () => number;
  /** Called when a path whose probe had hung finally answers (the caller may re-probe at once). */
  onRecovered?: (path: string) => void;
  log?: { warn(msg: string, f?: Record<string, unknown>): void };
}

/** Probes paths of one machine; at most one probe in flight per path. */
export class ProbeRunner {
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly clock: () => number;
  private readonly opts: ProbeRunnerOptions;

  constructor(opts: ProbeRunnerOptions = {}) {
    this.opts = opts;
    this.clock = opts.clock ?? Date.now;
  }

  /** Paths with a probe still in flight (hung ones stay here until their child answers). */
  inFlight(): { path: string; pid: number | undefined; sinceMs: number; step: string }[] {
    return [...this.outstanding].map(([path, o]) => ({ path, ...o }));
  }

  /**
   * Probes `paths` in one child (one process per round, not per mount) and resolves by the
   * deadline at the latest. Paths still in flight from an earlier round are answered `hung` at
   * once, without a new process.
   */
  run(paths: readonly string[], deadlineMs = DEFAULT_DEADLINE_MS): Promise<Map<string, FsOutcome>> {
    const results = new Map<string, FsOutcome>();
    const fresh: string[] = [];
    for (const p of new Set(paths)) {
      const o = this.outstanding.get(p);
      if (o) results.set(p, { latency: {}, hung: { sinceMs: o.sinceMs, step: o.step } });
      else fresh.push(p);
    }
    if (fresh.length === 0) return Promise.resolve(results);

    const startedAt = this.clock();
    const ids = fresh.map((_, i) => String(i));
    const input = JSON.stringify({ mounts: fresh.map((path, i) => ({ id: ids[i], path })) });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(process.execPath, ['-e', CHILD_SOURCE, PROBE_MARKER, input], {
        detached: true,
        // Never the mount as cwd: a chdir into a hung mount would block the spawn itself.
        cwd: tmpdir(),
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
        env: {
          PATH: process.env['PATH'] ?? '',
          // One libuv thread per path (and spare): a stuck path never queues the others behind it.
          UV_THREADPOOL_SIZE: String(Math.min(128, fresh.length + 4)),
          ...(process.versions['electron'] ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
          ...(process.platform === 'win32' ? { SystemRoot: process.env['SystemRoot'] ?? 'C:\\Windows' } : {}),
        },
      });
    } catch (e) {
      const error = { code: (e as NodeJS.ErrnoException).code ?? 'ESPAWN', message: `cannot start the probe process: ${(e as Error).message}`, step: 'spawn' };
      for (const p of fresh) results.set(p, { latency: {}, error });
      return Promise.resolve(results);
    }
    for (const p of fresh) this.outstanding.set(p, { pid: child.pid, sinceMs: startedAt, step: 'start' });

    return new Promise((resolve) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const p of fresh) {
          if (results.has(p)) continue;
          const o = this.outstanding.get(p);
          results.set(p, { latency: {}, hung: { sinceMs: o?.sinceMs ?? startedAt, step: o?.step ?? 'start' } });
        }
        resolve(results);
      };
      const timer = setTimeout(finish, deadlineMs);

      let buf = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          this.onLine(line, fresh, ids, results, settled);
        }
        if (fresh.every((p) => results.has(p))) finish();
      });
      child.once('error', (e) => {
        for (const p of fresh) {
          if (!results.has(p) && this.outstanding.delete(p)) results.set(p, { latency: {}, error: { code: 'ESPAWN', message: `probe process failed: ${e.message}`, step: 'spawn' } });
        }
        finish();
      });
      child.once('exit', (code, signal) => {
        // Whatever never reported is released: the next round may probe it again.
        for (const p of fresh) {
          if (!this.outstanding.delete(p)) continue;
          if (!settled && !results.has(p)) {
            results.set(p, { latency: {}, error: { code: 'EPROBE', message: `the probe process ended (${signal ?? `exit ${code}`}) without a result`, step: 'probe' } });
          } else if (settled) {
            this.opts.onRecovered?.(p);
          }
        }
        finish();
      });
      // Neither the child nor its pipe may keep the host process alive (a stuck probe must not
      // delay `hearth gateway` from exiting).
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
    });
  }

  private onLine(line: string, fresh: string[], ids: string[], results: Map<string, FsOutcome>, late: boolean): void {
    let msg: { id?: string; step?: string; done?: FsOutcome };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    const idx = ids.indexOf(msg.id ?? '');
    const path = fresh[idx];
    if (path === undefined) return;
    const o = this.outstanding.get(path);
    if (msg.step && o) o.step = msg.step;
    if (!msg.done) return;
    const wasHung = this.outstanding.delete(path) && late;
    if (!late && !results.has(path)) results.set(path, { ...msg.done, latency: msg.done.latency ?? {} });
    if (wasHung) this.opts.onRecovered?.(path);
  }
}
