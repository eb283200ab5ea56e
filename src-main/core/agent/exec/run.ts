/**
 * `system.run` execution (SPEC §9.1): argv without a shell, optional cwd, env applied on top of
 * the node's environment (the real node host ignores `env`; Hearth applies it), a timeout that
 * kills the whole process tree (exit 124), bounded output, and the real host's result shapes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { SystemRunResult } from '../../../../src-shared/protocol/types.ts';
import { BoundedCapture } from './capture.ts';
import { killTree } from './kill-tree.ts';
import { openOutputSocket, outputSocketsAvailable, type OutputSocketPair } from './output-sockets.ts';

/** Default cap per stream (stdout, stderr). */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/**
 * Most a result may hold per stream when the output travels inside it: JSON escaping can grow
 * text up to 6×, and the result frame must stay under the gateway's 25 MiB payload limit.
 */
export const MAX_RESULT_OUTPUT_BYTES = 2 * 1024 * 1024;
export const TIMEOUT_EXIT_CODE = 124;

export interface RunRequest {
  argv: readonly string[];
  /** Absolute program to start instead of looking argv[0] up (argv[0] is still what the program sees). */
  executable?: string | undefined;
  cwd?: string | undefined;
  env?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  maxOutputBytes?: number | undefined;
  /**
   * Sees each piece of output as it arrives (only what the cap keeps), for live streaming. The
   * output is then not held for the result: its stdout/stderr are empty and `streamed` is set.
   * `kept` may be a view of a read buffer that the next read overwrites: copy what outlives the call.
   */
  onOutput?: ((stream: 'stdout' | 'stderr', kept: Buffer) => void) | undefined;
  /** Called right after the command is spawned, with its pid (before anything else can run). */
  onSpawn?: ((pid: number) => void) | undefined;
}

export interface RunTuning {
  /** SIGTERM → SIGKILL grace when killing the tree. */
  killGraceMs?: number;
  /** After the command exits, how long to wait for its pipes to close (a background child may hold them). */
  stdioGraceMs?: number;
  platform?: NodeJS.Platform;
}

export interface RunningCommand {
  readonly pid: number | undefined;
  readonly result: Promise<SystemRunResult>;
  /** Kills the whole tree (SIGKILL after `graceMs`, default the tuning's); the result then reports the signal (128 + signo). */
  cancel(graceMs?: number): Promise<void>;
  /** Stops (true) or resumes (false) reading the command's output: the command blocks on a full pipe. */
  pauseOutput(paused: boolean): void;
}

const launchError = (code: string, detail?: string): string =>
  `Command failed during launch or output capture (${code})${detail ? `: ${detail}` : ''}`;

function launchFailure(error: string, startedAt: number): SystemRunResult {
  return { timedOut: false, success: false, stdout: '', stderr: '', error, durationMs: Date.now() - startedAt };
}

/** A cwd problem phrased for a person, or undefined when the directory is usable. */
function cwdProblem(cwd: string): string | undefined {
  try {
    if (!statSync(cwd).isDirectory()) return launchError('ENOTDIR', `working directory ${cwd} is not a directory`);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ENOENT';
    return launchError(code, code === 'ENOENT' ? `working directory ${cwd} does not exist` : `working directory ${cwd} is not accessible`);
  }
}

function mergedEnv(extra: Record<string, string> | undefined, platform: NodeJS.Platform): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!extra) return env;
  for (const [k, v] of Object.entries(extra)) {
    if (typeof v !== 'string') continue;
    // Windows names are case-insensitive; drop the old spelling so the override wins.
    if (platform === 'win32') for (const old of Object.keys(env)) if (old.toUpperCase() === k.toUpperCase()) delete env[old];
    env[k] = v;
  }
  return env;
}

/** Read buffer per stream for output sockets: one read can take all a Unix socket holds (≈ 208 KiB). */
const SOCKET_READ_BYTES: Record<'stdout' | 'stderr', number> = { stdout: 256 * 1024, stderr: 64 * 1024 };

/** Where a started command's output is read from: child_process's pipes or output sockets. */
interface OutputTaps {
  pause(paused: boolean): void;
  /** Stops reading (a background grandchild still holds the output open after the command exited). */
  destroy(): void;
  /** Calls `done` once both streams have closed. */
  onClosed(done: () => void): void;
}

function pipeTaps(child: ChildProcess, take: (stream: 'stdout' | 'stderr', b: Buffer) => void): OutputTaps {
  child.stdout?.on('data', (b: Buffer) => take('stdout', b));
  child.stderr?.on('data', (b: Buffer) => take('stderr', b));
  return {
    pause: (paused) => {
      if (paused) { child.stdout?.pause(); child.stderr?.pause(); } else { child.stdout?.resume(); child.stderr?.resume(); }
    },
    destroy: () => { child.stdout?.destroy(); child.stderr?.destroy(); },
    // 'close' comes once the process has exited and its stdio streams have closed.
    onClosed: (done) => child.on('close', done),
  };
}

/** Closes both ends of pairs that no command will use. */
function discard(pairs: readonly (OutputSocketPair | undefined)[] | undefined): void {
  for (const p of pairs ?? []) { p?.reader.destroy(); p?.childEnd.destroy(); }
}

function socketTaps(pairs: OutputSocketPair[]): OutputTaps {
  let open = pairs.length;
  let closed: (() => void) | undefined;
  for (const p of pairs) {
    p.reader.on('error', () => {}); // followed by 'close'
    p.reader.once('close', () => { if (--open === 0) closed?.(); });
  }
  return {
    pause: (paused) => { for (const p of pairs) { if (paused) p.reader.pause(); else p.reader.resume(); } },
    destroy: () => { for (const p of pairs) p.reader.destroy(); },
    onClosed: (done) => { if (open === 0) done(); else closed = done; },
  };
}

/**
 * Starts a command; the returned handle exposes its pid, its eventual result and a tree-kill.
 * A streamed run (`onOutput`) on POSIX is started once its output sockets are set up (well under
 * a millisecond): `pid` is undefined until then, and `onSpawn` says when it is set.
 */
export function startCommand(req: RunRequest, tuning: RunTuning = {}): RunningCommand {
  const startedAt = Date.now();
  const platform = tuning.platform ?? process.platform;
  const argv0 = req.argv[0];
  const failed = (error: string): RunningCommand =>
    ({ pid: undefined, result: Promise.resolve(launchFailure(error, startedAt)), cancel: async () => {}, pauseOutput: () => {} });
  if (argv0 === undefined || argv0 === '') return failed(launchError('EINVAL', 'empty command'));
  if (req.cwd !== undefined) {
    const problem = cwdProblem(req.cwd);
    if (problem) return failed(problem);
  }

  const onOutput = req.onOutput;
  const asked = req.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const limit = onOutput ? asked : Math.min(asked, MAX_RESULT_OUTPUT_BYTES);
  const out = new BoundedCapture(limit, { store: !onOutput });
  const err = new BoundedCapture(limit, { store: !onOutput });
  const take = (stream: 'stdout' | 'stderr', b: Buffer) => {
    const kept = (stream === 'stdout' ? out : err).push(b);
    if (onOutput && kept.length > 0) onOutput(stream, kept);
  };

  let child: ChildProcess | undefined;
  let taps: OutputTaps | undefined;
  let outputPaused = false;
  const pauseOutput = (paused: boolean) => {
    outputPaused = paused;
    taps?.pause(paused);
  };

  let timedOut = false;
  /** Asked to stop before the command was started (its output sockets were still being set up). */
  let stoppedEarly = false;
  let killing: Promise<void> | undefined;
  const kill = (graceMs?: number): Promise<void> => {
    if (child === undefined) stoppedEarly = true;
    if (child?.pid === undefined) return Promise.resolve();
    killing ??= killTree(child.pid, { graceMs: graceMs ?? tuning.killGraceMs, platform });
    return killing;
  };
  const timer = req.timeoutMs !== undefined && req.timeoutMs > 0
    ? setTimeout(() => { timedOut = true; void kill(); }, req.timeoutMs)
    : undefined;

  let settled = false;
  let resolveResult!: (r: SystemRunResult) => void;
  const result = new Promise<SystemRunResult>((resolve) => { resolveResult = resolve; });
  let stdioTimer: ReturnType<typeof setTimeout> | undefined;
  const finish = (r: SystemRunResult) => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    if (stdioTimer) clearTimeout(stdioTimer);
    resolveResult(r);
  };
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const complete = () => {
    const e = exit ?? { code: null, signal: null };
    let exitCode: number;
    if (timedOut) exitCode = TIMEOUT_EXIT_CODE;
    else if (e.signal) exitCode = 128 + (osConstants.signals[e.signal] ?? 0);
    else exitCode = e.code ?? 1;
    const r: SystemRunResult = {
      exitCode,
      timedOut,
      success: exitCode === 0 && !timedOut,
      stdout: out.text(),
      stderr: err.text(),
      error: null,
      durationMs: Date.now() - startedAt,
    };
    if (out.truncated || err.truncated) r.truncated = true;
    // A result carries text (SPEC §9.1): say which stream's bytes were not text, so a caller
    // can tell its output is not the program's exact bytes.
    if (out.notUtf8 || err.notUtf8) r.notUtf8 = { stdout: out.notUtf8, stderr: err.notUtf8 };
    if (onOutput) {
      r.streamed = true;
      if (r.truncated) r.dropped = { stdout: out.dropped, stderr: err.dropped, limitBytes: limit };
    }
    finish(r);
  };

  const launch = (pairs: OutputSocketPair[] | undefined): void => {
    if (stoppedEarly) {
      discard(pairs);
      finish({ ...launchFailure(launchError('ECANCELED', 'stopped before it started'), startedAt), timedOut });
      return;
    }
    let c: ChildProcess;
    try {
      c = spawn(req.executable ?? argv0, req.argv.slice(1), {
        argv0,
        cwd: req.cwd,
        env: mergedEnv(req.env, platform),
        stdio: pairs ? ['ignore', pairs[0]!.childEnd, pairs[1]!.childEnd] : ['ignore', 'pipe', 'pipe'],
        // Own process group on POSIX so a timeout or cancel reaches grandchildren.
        detached: platform !== 'win32',
        windowsHide: true,
      });
    } catch (e) {
      discard(pairs);
      finish(launchFailure(launchError((e as NodeJS.ErrnoException).code ?? 'EINVAL'), startedAt));
      return;
    } finally {
      // The command holds its own copies now: with ours closed, its output ends when it (and
      // whatever it started) closes them.
      for (const p of pairs ?? []) p.childEnd.destroy();
    }
    child = c;
    taps = pairs ? socketTaps(pairs) : pipeTaps(c, take);
    if (outputPaused) taps.pause(true);
    c.on('error', (e: NodeJS.ErrnoException) => {
      // Emitted instead of 'spawn' when the program cannot start (ENOENT, EACCES, …).
      if (exit === undefined && c.pid === undefined) {
        taps?.destroy();
        finish(launchFailure(launchError(e.code ?? 'EIO'), startedAt));
      }
    });
    c.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background grandchild may keep our pipes open forever; do not wait for it. While the
      // reader at the far end holds us back (paused), unread output is not such a case: wait.
      const graceMs = tuning.stdioGraceMs ?? 2000;
      const onGrace = () => {
        if (outputPaused) {
          stdioTimer = setTimeout(onGrace, graceMs);
          return;
        }
        taps?.destroy();
        complete();
      };
      stdioTimer = setTimeout(onGrace, graceMs);
    });
    const t = taps;
    t.onClosed(() => {
      // Sockets close on their own; the result waits for the exit as well (pipes: 'close' has both).
      if (c.pid === undefined && exit === undefined) return;
      if (exit !== undefined) complete();
      else c.once('exit', () => complete());
    });
    if (c.pid !== undefined) req.onSpawn?.(c.pid);
  };

  if (onOutput && outputSocketsAvailable()) {
    const pairs = Promise.all([
      openOutputSocket((b) => take('stdout', b), SOCKET_READ_BYTES.stdout),
      openOutputSocket((b) => take('stderr', b), SOCKET_READ_BYTES.stderr),
    ]);
    void pairs.then(([o, e]) => {
      if (o && e) launch([o, e]);
      else {
        discard([o, e]); // one could not be made: pipes for both
        launch(undefined);
      }
    });
  } else launch(undefined);

  return { get pid() { return child?.pid; }, result, cancel: kill, pauseOutput };
}

/** Runs a command to completion. */
export function runCommand(req: RunRequest, tuning?: RunTuning): Promise<SystemRunResult> {
  return startCommand(req, tuning).result;
}
