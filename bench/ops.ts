// Operations figures for `npm run bench`: `hearth status --deep` as a whole process against a
// gateway with 10 nodes, storage, a model endpoint and a tunnel configured (target < 400 ms), and
// `hearth backup create` of a state dir holding 100,000 audit rows.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMs, killAndWait, median, timeToExit, waitForPort } from './lib/measure.ts';
import { connectSimNode } from './lib/sim-node.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEARTH = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'bench-ops-token-0123456789';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };
type Row = { metric: string; hearth: string; baseline: string; ratio: string; target: string };

const cli = (args: string[]) => spawnSync(process.execPath, [HEARTH, ...args], { env, encoding: 'utf8', timeout: 60_000 });

export async function opsBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const base = median(await Promise.all([0, 1, 2].map(async () => (await timeToExit(process.execPath, ['-e', '0'])).ms)));
  const stateDir = mkdtempSync(join(tmpdir(), 'hearth-bench-ops-'));
  const port = await freePort();
  const gw = spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { env, stdio: 'ignore' });
  const url = `ws://127.0.0.1:${port}`;
  const client = ['--url', url, '--token', TOKEN];
  const configured: string[] = [];
  try {
    await waitForPort(port, 20_000);
    const sims = await Promise.all(Array.from({ length: 10 }, (_, i) => connectSimNode(url, TOKEN, `bench-ops-${i}`)));
    if (cli(['storage', 'add', stateDir, '--name', 'bench-store', ...client]).status === 0) configured.push('storage');
    const deadPort = await freePort();
    if (cli(['models', 'add', `http://127.0.0.1:${deadPort}`, '--kind', 'openai', '--name', 'bench-model', ...client]).status === 0) configured.push('models');
    const key = join(stateDir, 'bench-key');
    const kg = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    if (kg.status === 0 && cli(['tunnel', 'set', '--ssh', `bench@127.0.0.1:${deadPort}`, '--identity', key, '--host-key', 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ...client]).status === 0) configured.push('tunnel');
    const xs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await timeToExit(process.execPath, [HEARTH, 'status', '--deep', ...client], env);
      if (r.code !== 0 && r.code !== 1) throw new Error(`hearth status --deep exited ${r.code}`);
      xs.push(r.ms);
    }
    rows.push({
      metric: `\`hearth status --deep\`, whole process (10 nodes; ${configured.join(', ') || 'no modules'} configured)`,
      hearth: fmtMs(median(xs)), baseline: `node -e 0: ${fmtMs(base)}`, ratio: (median(xs) / base).toFixed(2) + '×', target: '< 400 ms',
    });
    for (const s of sims) s.conn.close();
  } finally {
    await killAndWait(gw);
  }

  // 100,000 audit rows, then the online backup of the whole state dir as a CLI process.
  const db = new Database(join(stateDir, 'hearth.sqlite'));
  const ins = db.prepare('INSERT INTO invocations (id, node_id, node_name, command, argv, requested_by, idempotency_key, started_at_ms, finished_at_ms, duration_ms, exit_code, ok) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)');
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) ins.run(`bench-${i}`, 'n'.repeat(64), 'laptop', 'system.run', '["uptime"]', 'bench', `k-${i}`, i, i + 5, 5, 0);
  })();
  db.close();
  const out = join(stateDir, '..', `hearth-bench-backup-${process.pid}.tar.gz`);
  const r = await timeToExit(process.execPath, [HEARTH, 'backup', 'create', '--out', out, '--state-dir', stateDir], env);
  rows.push({ metric: '`hearth backup create`, state dir with 100,000 audit rows, whole process', hearth: r.code === 0 ? fmtMs(r.ms) : `failed (${r.code})`, baseline: `node -e 0: ${fmtMs(base)}`, ratio: (r.ms / base).toFixed(1) + '×', target: '–' });
  rmSync(out, { force: true });
  rmSync(stateDir, { recursive: true, force: true });
  return rows;
}
