/** Starts and stops real `hearth` gateway and node processes for the web UI tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/peer/proc.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'hearth.js');

export { freePort };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hearth-e2e-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A running child process with its collected output. */
export interface Proc {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

async function waitHealthy(port: number, proc: Proc, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`gateway exited early:\n${proc.output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`gateway did not become healthy on ${port}:\n${proc.output()}`);
}

/** Starts `hearth gateway` and waits until it answers /healthz. */
export async function startGateway(port: number, token: string, stateDir: string): Promise<Proc> {
  // The page is opened as hearth-home.test (see playwright.config.ts): a name the gateway must answer to.
  const p = start(['gateway', '--port', String(port), '--token', token, '--state-dir', stateDir, '--allowed-hosts', 'hearth-home.test']);
  await waitHealthy(port, p);
  return p;
}

/** Starts `hearth node run` against the gateway. */
export function startNode(port: number, token: string, stateDir: string, name: string): Proc {
  return start(['node', 'run', '--url', `ws://127.0.0.1:${port}`, '--token', token, '--state-dir', stateDir, '--name', name]);
}

/** A phone setup code from `hearth qr --json`. */
export function setupCode(port: number, token: string): string {
  const r = spawnSync(process.execPath, [BIN, 'qr', '--json', '--url', `ws://127.0.0.1:${port}`, '--token', token], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hearth qr failed: ${r.stderr}${r.stdout}`);
  return (JSON.parse(r.stdout) as { setupCode: string }).setupCode;
}
