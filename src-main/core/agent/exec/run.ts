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
   */
  onOutput?: ((stream: 'stdout' | 'stderr', kept: Buffer) => void) | undefined;
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

/** Starts a command; the returned handle exposes its pid, its eventual result and a tree-kill. */
export function startCommand(req: RunRequest, tuning: RunTuning = {}): RunningCommand {
  const startedAt = Date.now();
  const platform = tuning.platform ?? process.platform;
  const argv0 = req.argv[0];
  if (argv0 === undefined || argv0 === '') {
    return { pid: undefined, result: Promise.resolve(launchFailure(launchError('EINVAL', 'empty command'), startedAt)), cancel: async () => {}, pauseOutput: () => {} };
  }
  if (req.cwd !== undefined) {
    const problem = cwdProblem(req.cwd);
    if (problem) return { pid: undefined, result: Promise.resolve(launchFailure(problem, startedAt)), cancel: async () => {}, pauseOutput: () => {} };
  }

  let child: ChildProcess;
  try {
    child = spawn(req.executable ?? argv0, req.argv.slice(1), {
      argv0,
      cwd: req.cwd,
      env: mergedEnv(req.env, platform),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group on POSIX so a timeout or cancel reaches grandchildren.
      detached: platform !== 'win32',
      windowsHide: true,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EINVAL';
    return { pid: undefined, result: Promise.resolve(launchFailure(launchError(code), startedAt)), cancel: async () => {}, pauseOutput: () => {} };
  }

  const onOutput = req.onOutput;
  const asked = req.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const limit = onOutput ? asked : Math.min(asked, MAX_RESULT_OUTPUT_BYTES);
  const out = new BoundedCapture(limit, { store: !onOutput });
  const err = new BoundedCapture(limit, { store: !onOutput });
  child.stdout?.on('data', (b: Buffer) => {
    const kept = out.push(b);
    if (onOutput && kept.length > 0) onOutput('stdout', kept);
  });
  child.stderr?.on('data', (b: Buffer) => {
    const kept = err.push(b);
    if (onOutput && kept.length > 0) onOutput('stderr', kept);
  });
  let outputPaused = false;
  const pauseOutput = (paused: boolean) => {
    outputPaused = paused;
    if (paused) { child.stdout?.pause(); child.stderr?.pause(); } else { child.stdout?.resume(); child.stderr?.resume(); }
  };

  let timedOut = false;
  let killing: Promise<void> | undefined;
  const kill = (graceMs?: number): Promise<void> => {
    if (child.pid === undefined) return Promise.resolve();
    killing ??= killTree(child.pid, { graceMs: graceMs ?? tuning.killGraceMs, platform });
    return killing;
  };
  const timer = req.timeoutMs !== undefined && req.timeoutMs > 0
    ? setTimeout(() => { timedOut = true; void kill(); }, req.timeoutMs)
    : undefined;

  const result = new Promise<SystemRunResult>((resolve) => {
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let stdioTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (r: SystemRunResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (stdioTimer) clearTimeout(stdioTimer);
      resolve(r);
    };
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
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Emitted instead of 'spawn' when the program cannot start (ENOENT, EACCES, …).
      if (exit === undefined && child.pid === undefined) finish(launchFailure(launchError(e.code ?? 'EIO'), startedAt));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background grandchild may keep our pipes open forever; do not wait for it. While the
      // reader at the far end holds us back (paused), unread output is not such a case: wait.
      const graceMs = tuning.stdioGraceMs ?? 2000;
      const onGrace = () => {
        if (outputPaused) {
          stdioTimer = setTimeout(onGrace, graceMs);
          return;
        }
        child.stdout?.destroy();
        child.stderr?.destroy();
        complete();
      };
      stdioTimer = setTimeout(onGrace, graceMs);
    });
    child.on('close', () => {
      if (child.pid === undefined && exit === undefined) return;
      complete();
    });
  });

  return { pid: child.pid, result, cancel: kill, pauseOutput };
}

/** Runs a command to completion. */
export function runCommand(req: RunRequest, tuning?: RunTuning): Promise<SystemRunResult> {
  return startCommand(req, tuning).result;
}
