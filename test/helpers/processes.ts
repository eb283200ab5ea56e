/**
 * Spawning the built `hearth` binary for integration tests: free ports, gateways that report
 * their URL, node agents, one-shot CLI runs, and cleanup that never leaves a process behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/peer/proc.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HEARTH = join(ROOT, 'bin', 'hearth.js');

export function tempDir(prefix = 'hearth-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export { freePort };

export interface Proc {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Spawns `hearth <args>` and collects its stdout+stderr; `fdLimit` runs it under `ulimit -n`. */
export function spawnHearth(args: string[], env: Record<string, string | undefined> = {}, opts: { fdLimit?: number } = {}): Proc {
  const [cmd, argv] = opts.fdLimit === undefined
    ? [process.execPath, [HEARTH, ...args]]
    : ['/bin/sh', ['-c', `ulimit -n ${opts.fdLimit} && exec "$0" "$@"`, process.execPath, HEARTH, ...args]];
  const child = spawn(cmd, argv, {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    live.delete(child);
    for (const w of waiters) w();
    resolve(code);
  }));
  const waitFor = (pattern: RegExp, timeoutMs = 15_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const m = out.match(pattern);
      if (m) {
        waiters.delete(check);
        clearTimeout(timer);
        resolve(m);
      } else if (child.exitCode !== null) {
        waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`process exited (${child.exitCode}) before printing ${pattern}; output:\n${out}`));
      }
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  return { child, output: () => out, waitFor, exited, stop };
}

export interface GatewayProc extends Proc {
  url: string;
  port: number;
  stateDir: string;
  token: string;
}

/** Starts `hearth gateway` on a free loopback port and waits until it listens. */
export async function startGatewayProcess(opts: { token?: string; stateDir?: string; port?: number; config?: object; extraArgs?: string[]; fdLimit?: number } = {}): Promise<GatewayProc> {
  const stateDir = opts.stateDir ?? tempDir('hearth-gw-');
  if (opts.config) writeFileSync(join(stateDir, 'hearth.json'), JSON.stringify(opts.config), { mode: 0o600 });
  const token = opts.token ?? 'test-token-0123456789';
  // A port freePort() saw free can be taken (e.g. as the local end of another test's connection)
  // before the gateway binds it; with a port of our choosing, try another one.
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const p = spawnHearth(['gateway', '--port', String(port), '--token', token, '--state-dir', stateDir, ...(opts.extraArgs ?? [])], {}, opts.fdLimit !== undefined ? { fdLimit: opts.fdLimit } : {});
    try {
      await p.waitFor(/listening on (ws:\/\/\S+)/);
      return { ...p, url: `ws://127.0.0.1:${port}`, port, stateDir, token };
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3 || !/already in use/.test(p.output())) throw err;
    }
  }
}

/** Runs a one-shot CLI command to completion. */
export function runHearth(args: string[], env: Record<string, string | undefined> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [HEARTH, ...args], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** True while a pid exists and is not a zombie (an orphan may wait a while for its reaper). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
