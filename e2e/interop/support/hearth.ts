/**
 * Runs the built `hearth` CLI for interop suites: gateway and node agent as managed processes, and
 * one-shot commands. Every process gets a throwaway HOME and no inherited HEARTH_* / OPENCLAW_*.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/peer/paths.ts';
import { runCommand, spawnManaged, waitForPort, type CommandResult, type ManagedProcess } from '../../../scripts/peer/proc.ts';

const BIN = join(REPO_ROOT, 'bin', 'hearth.js');
const BUILT = join(REPO_ROOT, 'dist', 'src-main', 'cli', 'main.js');

/** Builds the main process code once if `dist/` is missing (CI builds in `npm test` first). */
export function ensureHearthBuilt(): void {
  if (existsSync(BUILT)) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(BUILT)) throw new Error(`\`npm run build\` failed or did not produce ${BUILT}; the interop suites run the built hearth CLI`);
}

/** A temp dir for one Hearth process: HOME and the default state dir live inside. */
export interface HearthHome {
  dir: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

/** Creates an isolated home (`hearth-ix-<label>-XXXX`); `config` is written as `<stateDir>/hearth.json`. */
export function makeHearthHome(label: string, config?: Record<string, unknown>): HearthHome {
  const dir = mkdtempSync(join(tmpdir(), `hearth-ix-${label}-`));
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  if (config) writeFileSync(join(stateDir, 'hearth.json'), `${JSON.stringify({ version: 1, ...config }, null, 2)}\n`, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(HEARTH_|OPENCLAW_|XDG_)/.test(k)) env[k] = v;
  }
  Object.assign(env, { HOME: dir, NO_COLOR: '1' });
  return { dir, stateDir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `hearth <args>` to completion. */
export function runHearth(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand(process.execPath, [BIN, ...args], { env, cwd: REPO_ROOT, timeoutMs });
}

/** Runs `hearth <args>`, throwing with its output unless it exits 0; returns stdout. */
export async function runHearthOk(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<string> {
  const r = await runHearth(args, env, timeoutMs);
  if (r.code !== 0) throw new Error(`hearth ${args.join(' ')} exited ${r.code ?? r.signal} after ${r.durationMs} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

/** A running `hearth gateway`. */
export interface HearthGateway {
  port: number;
  token: string;
  url: string;
  home: HearthHome;
  proc: ManagedProcess;
  /** `--url … --token …` for client commands. */
  clientArgs(): string[];
  stop(): Promise<void>;
}

/** Starts `hearth gateway --port P --token T --state-dir D` and waits for the port. */
export async function startHearthGateway(opts: { port: number; token: string; config?: Record<string, unknown>; timeoutMs?: number }): Promise<HearthGateway> {
  ensureHearthBuilt();
  const home = makeHearthHome('gw', opts.config);
  const args = [BIN, 'gateway', '--port', String(opts.port), '--token', opts.token, '--state-dir', home.stateDir];
  const proc = spawnManaged(`hearth gateway :${opts.port}`, process.execPath, args, { env: home.env, cwd: REPO_ROOT, logFile: join(home.dir, 'gateway.out') });
  try {
    await waitForPort('127.0.0.1', opts.port, opts.timeoutMs ?? 30_000, proc);
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
    clientArgs: () => ['--url', url, '--token', opts.token],
    async stop() {
      await proc.stop(10_000);
      home.remove();
    },
  };
}

/** A running `hearth node run`. */
export interface HearthNode {
  home: HearthHome;
  readonly proc: ManagedProcess;
  name: string;
  /** Stops the agent, keeping its state dir (identity, device token) for a later start. */
  stop(): Promise<void>;
  /** stop(), and removes the home unless the caller passed it in. */
  dispose(): Promise<void>;
}

/**
 * Starts `hearth node run [--url U] [--token T] [--pair CODE] --name N --state-dir D2` (a code
 * carries its URL). Pass `home` to start again with an identity from an earlier run.
 */
export function startHearthNode(opts: { url?: string; token?: string; pairCode?: string; name: string; home?: HearthHome }): HearthNode {
  ensureHearthBuilt();
  const home = opts.home ?? makeHearthHome('node');
  const args = [BIN, 'node', 'run', '--name', opts.name, '--state-dir', home.stateDir];
  if (opts.url !== undefined) args.push('--url', opts.url);
  if (opts.token !== undefined) args.push('--token', opts.token);
  if (opts.pairCode !== undefined) args.push('--pair', opts.pairCode);
  const proc = spawnManaged(`hearth node run (${opts.name})`, process.execPath, args, { env: home.env, cwd: REPO_ROOT, logFile: join(home.dir, 'node.out') });
  return {
    home,
    proc,
    name: opts.name,
    stop: () => proc.stop(10_000),
    async dispose() {
      await proc.stop(10_000);
      if (!opts.home) home.remove();
    },
  };
}
