/**
 * The real llama.cpp `llama-server` for tests and benchmarks: built once by
 * scripts/llama-server.sh into a cache outside the clone (CI runs that script before the tests),
 * started on a free loopback port with the tiny generated model, stopped by the caller.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './processes.ts';

export interface LlamaPaths {
  server: string;
  model: string;
}

const CACHE = process.env['HEARTH_LLAMA_CACHE'] ?? join(homedir(), '.cache', 'hearth-llama');

/**
 * The cached build, building it when CI=true (a fresh CI machine must test the real server).
 * Undefined with a reason when it is missing on a developer machine: run scripts/llama-server.sh.
 */
export function llamaServerPaths(): LlamaPaths | { missing: string } {
  const ready = existsSync(join(CACHE, 'ready-3.21.1'));
  if (!ready && process.env['CI'] !== 'true') {
    return { missing: `llama-server is not built in ${CACHE}; run \`scripts/llama-server.sh\` once (about 12 min on 2 cores) to test against the real llama.cpp server` };
  }
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'llama-server.sh')], { encoding: 'utf8', env: { ...process.env, HEARTH_LLAMA_CACHE: CACHE }, timeout: 40 * 60_000 });
  if (r.status !== 0) throw new Error(`scripts/llama-server.sh failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  const kv = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
  return { server: kv['server']!, model: kv['model']! };
}

export interface LlamaServer {
  port: number;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts llama-server with chat and embeddings on a free loopback port (`threads` compute threads); resolves once /health says ok. */
export async function startLlamaServer(paths: LlamaPaths, alias = 'hearth-tiny', threads = 2): Promise<LlamaServer> {
  const port = await freePort();
  const child = spawn(paths.server, [
    '-m', paths.model, '--host', '127.0.0.1', '--port', String(port), '-c', '512', '-t', String(threads), '--metrics', '--slots',
    '--alias', alias, '--chat-template', 'chatml', '--embeddings', '--pooling', 'mean', '-np', '2',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}):\n${err}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`llama-server not healthy within 60 s:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, url, child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}
