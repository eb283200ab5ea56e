// Stress run for streamed `hearth nodes run` (not part of `npm test`: it runs for minutes).
//   node test/stress/streamed-runs.stress.ts [runs=200] [concurrency=3] [--load]
// Environment: STRESS_SHAPES / STRESS_SINKS (comma-separated names from the lists below),
// STRESS_DEADLINE_MS (when a run counts as hung, default 120 s), STRESS_TICK_MS (an in-process
// gateway with that tick, short-tick-gateway.ts, instead of `hearth gateway`), HEARTH_SKIP_BUILD.
// Many streamed runs through a real gateway and a real node agent, of several shapes (bulk
// output, many lines, a line every few ms, stdout and stderr mixed), with the CLI's stdout going to
// /dev/null, to a pipe read at once, or to a pipe read slowly (paused for a while every so
// often). A run that does not end within its deadline is a hang: every process involved
// (CLI, gateway, node) is asked for its state (probe.mjs, SIGUSR2), /proc/<pid>/stack and
// wchan are kept, and the dumps are printed. `--load` adds a busy process (CPU contention).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEARTH, ROOT, runHearth, spawnHearth, startGatewayProcess, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RUNS = Number(args[0] ?? 200);
const CONCURRENCY = Number(args[1] ?? 3);
const LOAD = process.argv.includes('--load');
const RUN_DEADLINE_MS = Number(process.env['STRESS_DEADLINE_MS'] ?? 120_000);
const probeDir = mkdtempSync(join(tmpdir(), 'hearth-stress-probe-'));
const PROBE = join(ROOT, 'test', 'stress', 'probe.mjs');
const probeEnv = { NODE_OPTIONS: `--import ${PROBE}`, HEARTH_PROBE_DIR: probeDir };

type Sink = 'devnull' | 'pipe' | 'slow-pipe' | 'stall-pipe' | 'long-stall' | 'minute-stall';
interface Shape { name: string; argv: string[]; stdoutBytes?: number; stderrBytes?: number }
const SHAPES: Shape[] = [
  { name: 'yes 5M', argv: ['sh', '-c', 'yes | head -c 5242880'], stdoutBytes: 5_242_880 },
  { name: 'seq 200000', argv: ['seq', '1', '200000'], stdoutBytes: Number(spawnSync('sh', ['-c', 'seq 1 200000 | wc -c'], { encoding: 'utf8' }).stdout.trim()) },
  { name: 'line every 3 ms', argv: ['sh', '-c', 'i=0; while [ $i -lt 150 ]; do echo "tick $i"; i=$((i+1)); sleep 0.003; done'] },
  { name: 'mixed out/err', argv: ['sh', '-c', 'i=0; while [ $i -lt 3000 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done'] },
  { name: 'two-operator loop', argv: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo alpha-$i; echo alpha-err-$i >&2; sleep 0.1; done'] },
  { name: 'yes 50M', argv: ['sh', '-c', 'yes | head -c 52428800'], stdoutBytes: 52_428_800 },
  { name: 'yes 64M', argv: ['sh', '-c', 'yes | head -c 67108864'], stdoutBytes: 67_108_864 },
  { name: 'yes 20M to stderr', argv: ['sh', '-c', 'yes abcdefgh | head -c 20971520 >&2'], stderrBytes: 20_971_520 },
];
const SINKS: Sink[] = (process.env['STRESS_SINKS']?.split(',') as Sink[] | undefined) ?? ['devnull', 'pipe', 'slow-pipe', 'stall-pipe'];

let gw: GatewayProc;
let node: Proc;
/** Temp dirs to remove at the end, also when stopped early. */
const dirs: string[] = [];
let client: string[] = [];
const load: ChildProcess[] = [];

interface Outcome { ok: boolean; ms: number; detail: string }

function dumpProcess(pid: number | undefined, label: string): string {
  if (pid === undefined) return `${label}: no pid\n`;
  let text = `--- ${label} (pid ${pid})\n`;
  for (const f of ['wchan', 'stack', 'status']) {
    try {
      const c = readFileSync(`/proc/${pid}/${f}`, 'utf8');
      text += `${f}: ${f === 'status' ? c.split('\n').filter((l) => /^(State|Threads)/.test(l)).join('; ') : c.trim()}\n`;
    } catch (e) { text += `${f}: ${(e as Error).message}\n`; }
  }
  const file = join(probeDir, `${pid}.json`);
  if (existsSync(file)) text += readFileSync(file, 'utf8') + '\n';
  else text += '(no probe dump)\n';
  return text;
}

async function probeAll(pids: (number | undefined)[]): Promise<void> {
  for (const p of pids) if (p !== undefined) { try { process.kill(p, 'SIGUSR2'); } catch { /* gone */ } }
  await new Promise((r) => setTimeout(r, 3_000)); // the probe profiles for 2 s
}

function oneRun(i: number): Promise<Outcome> {
  const shapes = process.env['STRESS_SHAPES'] ? SHAPES.filter((x) => process.env['STRESS_SHAPES']!.split(',').includes(x.name)) : SHAPES;
  const shape = shapes[i % shapes.length]!;
  const sink = SINKS[Math.floor(i / shapes.length) % SINKS.length]!;
  const label = `#${i} ${shape.name} → ${sink}`;
  const t0 = Date.now();
  const devnull = sink === 'devnull' ? openSync('/dev/null', 'w') : undefined;
  const child = spawn(process.execPath, [HEARTH, 'nodes', 'run', 'stress-node', ...client, '--max-output', '64m', '--timeout', '300000', '--', ...shape.argv], {
    env: { ...process.env, ...probeEnv, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined },
    stdio: ['ignore', devnull ?? 'pipe', 'pipe'],
  });
  if (devnull !== undefined) closeSync(devnull);
  let outBytes = 0;
  let errBytes = 0;
  let errTail = '';
  child.stderr!.on('data', (d: Buffer) => {
    errBytes += d.length;
    errTail = (errTail + d.toString('latin1')).slice(-400);
  });
  if (child.stdout) {
    child.stdout.on('data', (d: Buffer) => {
      const before = outBytes;
      outBytes += d.length;
      // The stalling reader: stops for 1–3 s once, after its first read (every kernel buffer fills).
      if (sink === 'stall-pipe' && before === 0) {
        child.stdout!.pause();
        setTimeout(() => child.stdout!.resume(), 1000 + Math.floor(Math.random() * 2000));
      }
      // The reader that goes away for a long time (`| less` left alone): 20 s, or 75 s (past
      // two ticks of the gateway's ping watchdog and the node's former 30 s call deadline).
      if ((sink === 'long-stall' || sink === 'minute-stall') && before === 0) {
        child.stdout!.pause();
        setTimeout(() => child.stdout!.resume(), sink === 'long-stall' ? 20_000 : 75_000);
      }
      // The slow reader: stops for 30–250 ms every 256 KiB or so.
      if (sink === 'slow-pipe' && Math.floor(before / 262_144) !== Math.floor(outBytes / 262_144)) {
        child.stdout!.pause();
        setTimeout(() => child.stdout!.resume(), 30 + Math.floor(Math.random() * 220));
      }
    });
  }
  return new Promise<Outcome>((resolve) => {
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      void (async () => {
        await probeAll([child.pid, gw.child.pid, node.child.pid]);
        const report = `HANG ${label} after ${RUN_DEADLINE_MS} ms (stdout ${outBytes} B, stderr ${errBytes} B)\n`
          + dumpProcess(child.pid, 'CLI') + dumpProcess(gw.child.pid, 'gateway') + dumpProcess(node.child.pid, 'node');
        child.kill('SIGKILL');
        resolve({ ok: false, ms: Date.now() - t0, detail: report });
      })();
    }, RUN_DEADLINE_MS);
    child.once('close', (code, signal) => {
      if (hung) return;
      clearTimeout(watchdog);
      const ms = Date.now() - t0;
      const problems: string[] = [];
      if (code !== 0) problems.push(`exit ${code ?? signal}: ${errTail}`);
      if (sink !== 'devnull' && shape.stdoutBytes !== undefined && outBytes !== shape.stdoutBytes) problems.push(`stdout ${outBytes} B, expected ${shape.stdoutBytes}`);
      if (shape.stderrBytes !== undefined && errBytes !== shape.stderrBytes) problems.push(`stderr ${errBytes} B, expected ${shape.stderrBytes}`);
      resolve({ ok: problems.length === 0, ms, detail: `${label}: ${problems.length ? problems.join('; ') : 'ok'} (${ms} ms)` });
    });
  });
}

async function main(): Promise<void> {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`);
  }
  const gwDir = mkdtempSync(join(tmpdir(), 'hearth-stress-gw-'));
  const nodeDir = mkdtempSync(join(tmpdir(), 'hearth-stress-node-'));
  dirs.push(gwDir, nodeDir);
  process.env['NODE_OPTIONS'] = probeEnv.NODE_OPTIONS;
  process.env['HEARTH_PROBE_DIR'] = probeDir;
  const tick = process.env['STRESS_TICK_MS'];
  if (tick) {
    // In-process gateway with a short tick (short-tick-gateway.ts), spawned like `hearth gateway`.
    const token = 'stress-token-0123456789';
    const child = spawn(process.execPath, [join(ROOT, 'test', 'stress', 'short-tick-gateway.ts'), gwDir, token, tick], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (ws:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
      child.once('exit', (c) => reject(new Error(`gateway exited ${c}: ${out}`)));
    });
    const stop = async () => { child.kill('SIGKILL'); return null; };
    gw = { child, url, port: Number(new URL(url).port), stateDir: gwDir, token, output: () => '', waitFor: () => Promise.reject(new Error('n/a')), exited: Promise.resolve(null), stop };
  } else gw = await startGatewayProcess({ token: 'stress-token-0123456789', stateDir: gwDir });
  client = ['--url', gw.url, '--token', gw.token];
  const qr = runHearth(['qr', '--node', '--json', ...client]);
  const code = (JSON.parse(qr.stdout) as { setupCode: string }).setupCode;
  node = spawnHearth(['node', 'run', '--pair', code, '--name', 'stress-node', '--state-dir', nodeDir]);
  delete process.env['NODE_OPTIONS'];
  await node.waitFor(/^connected to /m, 30_000);
  await waitUntil(() => {
    const r = runHearth(['nodes', 'list', '--json', ...client]);
    const l = JSON.parse(r.stdout) as { nodes: { displayName?: string; connected: boolean; approvalState: string }[] };
    return l.nodes.some((n) => n.displayName === 'stress-node' && n.connected && n.approvalState === 'approved');
  }, 30_000, 'stress-node connected and approved');
  if (LOAD) load.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));

  let next = 0;
  let passed = 0;
  const failures: string[] = [];
  const t0 = Date.now();
  const worker = async () => {
    while (next < RUNS) {
      const i = next++;
      const r = await oneRun(i);
      if (r.ok) passed++;
      else failures.push(r.detail);
      if (!r.ok || i % 20 === 0) console.log(r.ok ? r.detail : r.detail.split('\n')[0]);
      if (!r.ok && r.detail.startsWith('HANG')) console.log(r.detail);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`\n${passed}/${RUNS} runs passed, ${failures.length} failed, in ${Math.round((Date.now() - t0) / 1000)} s (concurrency ${CONCURRENCY}${LOAD ? ', with CPU load' : ''})`);
  for (const c of load) c.kill('SIGKILL');
  await node.stop('SIGKILL');
  await gw.stop('SIGKILL');
  for (const d of [gwDir, nodeDir]) rmSync(d, { recursive: true, force: true });
  if (failures.length === 0) rmSync(probeDir, { recursive: true, force: true });
  else console.log(`probe dumps kept in ${probeDir} (${readdirSync(probeDir).length} files)`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

// Stopped early (Ctrl-C): take the gateway, node and load down too.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const c of load) c.kill('SIGKILL');
    node?.child.kill('SIGKILL');
    gw?.child.kill('SIGKILL');
    for (const d of [...dirs, probeDir]) rmSync(d, { recursive: true, force: true });
    process.exit(130);
  });
}

main().catch((err) => {
  for (const c of load) c.kill('SIGKILL');
  console.error(err);
  process.exit(1);
});
