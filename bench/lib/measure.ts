/** Small measurement helpers for benchmarks: medians, percentiles, timing a spawn until a port accepts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

/** Resolves once a TCP connect to 127.0.0.1:port succeeds (polled every 2 ms). */
export function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (performance.now() > deadline) reject(new Error(`port ${port} did not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 2);
      });
    };
    attempt();
  });
}

/** Time from spawn to the process exiting. */
export function timeToExit(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, stdout }));
  });
}

/**
 * read- and write-family system calls a process has made so far (Linux /proc/<pid>/io: syscr +
 * syscw; NaN elsewhere). On a VM where each costs tens of µs, their count per operation tells
 * more than its CPU time.
 */
export function rwSyscalls(pid: number): number {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return Number(/^syscr: (\d+)$/m.exec(io)?.[1] ?? NaN) + Number(/^syscw: (\d+)$/m.exec(io)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Resident set size of a process in bytes (Linux /proc). */
/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere; 10 ms ticks). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * Where a process's resident memory is (Linux /proc): its own anonymous pages (heap, stacks,
 * malloc) and the pages of the node binary it has touched, which are file-backed, shared with
 * every other node process and count in RSS all the same (a bare idle `node` has ~31 MB of them).
 */
export function memoryBreakdown(pid: number): { anonymous: number; nodeBinary: number } {
  const anonymous = /^Anonymous:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  let nodeBinary = 0;
  let inBinary = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) inBinary = head[1] === process.execPath;
    else if (inBinary) {
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) nodeBinary += Number(rss[1]) * 1024;
    }
  }
  return { anonymous: anonymous ? Number(anonymous[1]) * 1024 : NaN, nodeBinary };
}

export function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)) + ' ms';
export const fmtMb = (b: number) => (b / 1024 / 1024).toFixed(1) + ' MB';
