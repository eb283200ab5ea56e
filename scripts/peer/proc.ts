/**
 * Process plumbing for interop tests and benchmarks: spawn a long-running server in its own
 * process group, keep the tail of its output, wait for a port or a log line, stop it for sure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** Outcome of a finished command. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** A spawned long-running process (its own process group, so children die with it). */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once it has exited. */
  hasExited(): boolean;
  /** The last ~256 KiB of stdout+stderr, interleaved. */
  output(): string;
  /** Resolves with the first output match of `re` (also scanning what was already printed). */
  waitForOutput(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, wait up to `graceMs`, then SIGKILL the whole group. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_CAP = 256 * 1024;
const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test run must not leave 1 GB gateways behind: kill whatever is still ours.
  process.on('exit', () => {
    for (const p of live) killGroup(p.pid, 'SIGKILL');
  });
}

/** Strips ANSI colour codes (OpenClaw colours its logs even when piped). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

/** Spawns `cmd args` detached in its own process group; `logFile` also receives the output. */
export function spawnManaged(name: string, cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile?: string }): ManagedProcess {
  installExitHook();
  const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${cmd}`);
  const pid = child.pid;
  let buf = '';
  let done = false;
  const watchers = new Set<() => void>();
  const onData = (d: Buffer) => {
    const text = stripAnsi(d.toString());
    buf = (buf + text).slice(-OUTPUT_CAP);
    if (opts.logFile) appendFileSync(opts.logFile, text);
    for (const w of watchers) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      for (const w of watchers) w();
      resolve({ code, signal });
    });
  });
  const proc: ManagedProcess = {
    name,
    child,
    pid,
    exited,
    hasExited: () => done,
    output: () => buf,
    waitForOutput(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = buf.match(re);
          if (m) {
            cleanup();
            resolve(m);
          } else if (done) {
            cleanup();
            reject(new Error(`${name} exited before printing ${re}; last output:\n${tail(buf)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} did not print ${re} within ${timeoutMs} ms; last output:\n${tail(buf)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    async stop(graceMs = 15_000) {
      if (!done) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Helpers it spawned (spawn broker, sqlite worker, node worker) go with the group.
      killGroup(pid, 'SIGKILL');
      live.delete(proc);
    },
  };
  live.add(proc);
  return proc;
}

/** The last `lines` lines of `s`, indented, for error messages. */
export function tail(s: string, lines = 30): string {
  return s.trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
}

/** Runs a command to completion (killed after `timeoutMs`) and collects its output. */
export function runCommand(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      resolve({ code, signal, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr), durationMs: Date.now() - started });
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago (bind :0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host, port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.setTimeout(1000, () => {
      sock.destroy();
      resolve(false);
    });
  });
}

/** Polls until `host:port` accepts TCP; fails early if `proc` exits. Returns the wait in ms. */
export async function waitForPort(host: string, port: number, timeoutMs: number, proc?: ManagedProcess): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await tryConnect(host, port)) return Date.now() - started;
    if (proc?.hasExited()) throw new Error(`${proc.name} exited before ${host}:${port} accepted connections; last output:\n${tail(proc.output())}`);
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${host}:${port} did not accept connections within ${timeoutMs} ms${proc ? `; ${proc.name} output:\n${tail(proc.output())}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls `fn` until it returns a non-undefined value or `timeoutMs` passes. */
export async function pollUntil<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, intervalMs = 500): Promise<T> {
  const started = Date.now();
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `; last error: ${(lastErr as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
