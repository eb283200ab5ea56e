/**
 * Runs the real OpenClaw (CLI, gateway, headless node host) in isolation: every process gets a
 * throwaway HOME and OPENCLAW_STATE_DIR, Bonjour off, Node 24 first on PATH, and nothing from the
 * caller's OPENCLAW_* / HEARTH_* environment. Servers bind loopback only; callers stop them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePeerInstalled, type PeerInstall } from './install.ts';
import { peerLayout } from './paths.ts';
import { runCommand, spawnManaged, waitForPort, type CommandResult, type ManagedProcess } from './proc.ts';

/** Variables copied from the caller; everything else (notably OPENCLAW_*, HEARTH_*, XDG_*) is dropped. */
const PASS_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'USER', 'LOGNAME', 'SHELL'];

/** An isolated home for one OpenClaw process (or a CLI session). */
export interface OpenclawHome {
  /** The temp dir; HOME points here. */
  dir: string;
  /** OPENCLAW_STATE_DIR (config `openclaw.json`, sqlite state, identity). */
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** Deletes the temp dir. */
  remove(): void;
}

/** Builds the isolated environment for a process whose HOME is `tmpHome`. */
export function openclawEnv(tmpHome: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const layout = peerLayout();
  const env: NodeJS.ProcessEnv = {};
  for (const k of PASS_THROUGH) if (process.env[k] !== undefined) env[k] = process.env[k];
  const stateDir = join(tmpHome, '.openclaw');
  mkdirSync(stateDir, { recursive: true });
  Object.assign(env, {
    PATH: `${layout.nodeBinDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    HOME: tmpHome,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_DISABLE_BONJOUR: '1',
    // The node host otherwise runs `npm view openclaw` on start (and fails without the user's npmrc).
    OPENCLAW_NO_AUTO_UPDATE: '1',
    XDG_CONFIG_HOME: join(tmpHome, '.config'),
    XDG_CACHE_HOME: join(tmpHome, '.cache'),
    XDG_DATA_HOME: join(tmpHome, '.local', 'share'),
    XDG_STATE_HOME: join(tmpHome, '.local', 'state'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
  return Object.assign(env, extra);
}

/** Creates a fresh temp home (`hearth-oc-<label>-XXXX`) with its isolated env. */
export function makeOpenclawHome(label: string, extra: Record<string, string> = {}): OpenclawHome {
  const dir = mkdtempSync(join(tmpdir(), `hearth-oc-${label}-`));
  const env = openclawEnv(dir, extra);
  return { dir, stateDir: env['OPENCLAW_STATE_DIR']!, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let installPromise: Promise<PeerInstall> | undefined;
/** The peer install, installing it on first use (once per process). */
export function peer(): Promise<PeerInstall> {
  installPromise ??= ensurePeerInstalled();
  return installPromise;
}

/** Runs `openclaw <args>` to completion under `env` (from openclawEnv). */
export async function runOpenclaw(args: string[], env: NodeJS.ProcessEnv, opts: { timeoutMs?: number } = {}): Promise<CommandResult> {
  const p = await peer();
  return runCommand(p.nodeBin, [p.openclawEntry, ...args], { env, cwd: env['HOME'], timeoutMs: opts.timeoutMs ?? 90_000 });
}

/** Like runOpenclaw, but throws (with the output) unless it exits 0; returns stdout. */
export async function runOpenclawOk(args: string[], env: NodeJS.ProcessEnv, opts: { timeoutMs?: number } = {}): Promise<string> {
  const r = await runOpenclaw(args, env, opts);
  if (r.code !== 0) {
    throw new Error(`openclaw ${args.join(' ')} exited ${r.code ?? r.signal} after ${r.durationMs} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return r.stdout;
}

/** Parses the JSON document a `--json` command printed (skipping any log lines before it). */
export function parseJsonOutput<T = unknown>(stdout: string): T {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in output:\n${stdout}`);
  return JSON.parse(stdout.slice(start)) as T;
}

/** A running real OpenClaw gateway. */
export interface OpenclawGateway {
  port: number;
  token: string;
  /** ws://127.0.0.1:<port> */
  url: string;
  home: OpenclawHome;
  proc: ManagedProcess;
  /** Spawn → TCP accept, in ms. */
  startMs: number;
  /** Spawn → `[gateway] ready` log line, in ms (sidecars started; early RPCs may otherwise get UNAVAILABLE). */
  readyMs: number;
  /** `--url … --token …` for CLI commands that take them. */
  cliArgs(): string[];
  /** Env for CLI commands without --url (e.g. `openclaw health`): OPENCLAW_GATEWAY_URL/TOKEN. */
  cliEnv(home: OpenclawHome): NodeJS.ProcessEnv;
  /** SIGTERM, wait for exit (graceful shutdown takes ~5 s), remove the temp home. */
  stop(): Promise<void>;
}

/** Extra config merged into `openclaw.json` (e.g. `{gateway:{nodes:{pairing:{autoApproveLocal:false}}}}`). */
export type OpenclawConfig = Record<string, unknown>;

/**
 * Starts `openclaw gateway --allow-unconfigured --token T --bind loopback --port P` and waits until
 * the port accepts TCP (12–25 s here) and it logs `[gateway] ready` (~5 s more); `timeoutMs`
 * (default 90 s) bounds both.
 */
export async function startOpenclawGateway(opts: { port: number; token: string; config?: OpenclawConfig; timeoutMs?: number }): Promise<OpenclawGateway> {
  const p = await peer();
  const home = makeOpenclawHome('gw');
  // The default log file is /tmp/openclaw/openclaw-<date>.log, shared by every OpenClaw on the host.
  const config = { logging: { file: join(home.dir, 'gateway-file.log') }, ...(opts.config ?? {}) };
  writeFileSync(join(home.stateDir, 'openclaw.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const args = [p.openclawEntry, 'gateway', '--allow-unconfigured', '--token', opts.token, '--bind', 'loopback', '--port', String(opts.port)];
  const proc = spawnManaged(`openclaw gateway :${opts.port}`, p.nodeBin, args, { env: home.env, cwd: home.dir, logFile: join(home.dir, 'gateway.out') });
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const spawnedAt = Date.now();
  let startMs: number;
  let readyMs: number;
  try {
    startMs = await waitForPort('127.0.0.1', opts.port, timeoutMs, proc);
    await proc.waitForOutput(/\[gateway\] ready/, Math.max(1000, timeoutMs - (Date.now() - spawnedAt)));
    readyMs = Date.now() - spawnedAt;
  } catch (err) {
    await proc.stop(2000);
    home.remove();
    throw err;
  }
  const url = `ws://127.0.0.1:${opts.port}`;
  return {
    port: opts.port,
    token: opts.token,
    url,
    home,
    proc,
    startMs,
    readyMs,
    cliArgs: () => ['--url', url, '--token', opts.token],
    cliEnv: (h) => ({ ...h.env, OPENCLAW_GATEWAY_URL: url, OPENCLAW_GATEWAY_TOKEN: opts.token }),
    async stop() {
      await proc.stop(20_000);
      home.remove();
    },
  };
}

/** A running real `openclaw node run` (headless node host). */
export interface OpenclawNode {
  home: OpenclawHome;
  proc: ManagedProcess;
  /** Resolves once it logged "node host gateway connected" (i.e. got hello-ok). */
  waitConnected(timeoutMs?: number): Promise<void>;
  /** `openclaw node identity --json` for this node's state dir: the device (= node) id. */
  identity(): Promise<{ deviceId: string; publicKey: string }>;
  /** SIGTERM (the node host re-execs as `openclaw-node`; the group is killed after). Keeps the home. */
  stop(): Promise<void>;
  /** Starts it again with the same home (the real node host stops retrying after PAIRING_REQUIRED). */
  restart(): Promise<void>;
  /** stop() and remove the temp home. */
  dispose(): Promise<void>;
}

/**
 * Starts `openclaw node run --host H --port P [--pair CODE] [--display-name N]`. The shared token,
 * if any, goes in OPENCLAW_GATEWAY_TOKEN (the node command has no --token flag).
 */
export async function startOpenclawNode(opts: { host: string; port: number; token?: string; pairCode?: string; displayName?: string; home?: OpenclawHome }): Promise<OpenclawNode> {
  const p = await peer();
  const home = opts.home ?? makeOpenclawHome('node');
  const env: NodeJS.ProcessEnv = { ...home.env };
  if (opts.token !== undefined) env['OPENCLAW_GATEWAY_TOKEN'] = opts.token;
  const args = [p.openclawEntry, 'node', 'run', '--host', opts.host, '--port', String(opts.port)];
  if (opts.pairCode !== undefined) args.push('--pair', opts.pairCode);
  if (opts.displayName !== undefined) args.push('--display-name', opts.displayName);
  const launch = () => spawnManaged(`openclaw node run (${opts.displayName ?? 'node'})`, p.nodeBin, args, { env, cwd: home.dir, logFile: join(home.dir, 'node.out') });
  let proc = launch();
  const node: OpenclawNode = {
    home,
    get proc() {
      return proc;
    },
    async waitConnected(timeoutMs = 60_000) {
      // Each restart is a new process with fresh output, so a match is always this run's.
      await proc.waitForOutput(/node host gateway connected/, timeoutMs);
    },
    async identity() {
      const out = await runOpenclawOk(['node', 'identity', '--json'], home.env);
      return JSON.parse(out.slice(out.indexOf('{'))) as { deviceId: string; publicKey: string };
    },
    async stop() {
      await proc.stop(10_000);
    },
    async restart() {
      await proc.stop(10_000);
      proc = launch();
    },
    async dispose() {
      await proc.stop(10_000);
      if (!opts.home) home.remove();
    },
  };
  return node;
}
