// `npm run bench:compare`: Hearth vs the real OpenClaw 2026.9.6, measured in the same run on the
// same machine with the same client code, then Hearth alone with 1,000 simulated nodes.
// Options: --skip-openclaw, --skip-scale, --only-scale, --nodes N (1000), --invokes N (2000).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { makeOpenclawHome, peer } from '../../scripts/peer/openclaw.ts';
import { OPENCLAW_VERSION } from '../../scripts/peer/paths.ts';
import { median, percentile, timeToExit } from '../lib/measure.ts';
import { hearthSide } from './hearth-side.ts';
import { measureSide, type SideResult } from './measure-side.ts';
import { openclawSide } from './openclaw-side.ts';
import { measureScale, type ScaleResult } from './scale.ts';
import { mb, ms, printTable, ratio } from './table.ts';

const { values: opt } = parseArgs({
  options: {
    'skip-openclaw': { type: 'boolean', default: false },
    'skip-scale': { type: 'boolean', default: false },
    'only-scale': { type: 'boolean', default: false },
    nodes: { type: 'string', default: '1000' },
    invokes: { type: 'string', default: '2000' },
  },
});
const TOKEN = `bench-compare-${process.pid}-0123456789`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function floors(): Promise<{ nodeStart: number; spawnTrue: number }> {
  const a: number[] = [];
  for (let i = 0; i < 7; i++) a.push((await timeToExit(process.execPath, ['-e', '0'])).ms);
  const b: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => spawn('true', [], { stdio: 'ignore' }).on('close', () => resolve()));
    b.push(performance.now() - t0);
  }
  return { nodeStart: median(a), spawnTrue: median(b) };
}

function printSideBySide(h: SideResult, o: SideResult | undefined, f: { nodeStart: number; spawnTrue: number }): void {
  const rss = (r: SideResult | undefined, k: 'rssIdle' | 'rss10' | 'nodeRss') => r?.[k] ? `${mb(r[k].bytes)} (${r[k].processes} proc)` : 'n/a';
  const med = (xs: number[] | undefined) => (xs && xs.length ? median(xs) : undefined);
  const runs = (xs: number[] | undefined) => (xs && xs.length ? `${ms(median(xs))} (n=${xs.length}, ${ms(Math.min(...xs))}–${ms(Math.max(...xs))})` : 'n/a');
  const rt = (xs: number[] | undefined) => (xs && xs.length ? `p50 ${ms(median(xs))}, p95 ${ms(percentile(xs, 95))} (n=${xs.length})` : 'n/a');
  printTable(['metric', 'Hearth', `OpenClaw ${OPENCLAW_VERSION}`, 'OpenClaw ÷ Hearth (> 1: Hearth faster/smaller)'], [
    ['gateway spawn → TCP accept (fresh state dir, median)', runs(h.acceptMs), runs(o?.acceptMs), ratio(med(o?.acceptMs), med(h.acceptMs))],
    ['gateway spawn → first operator hello-ok (median)', runs(h.helloMs), runs(o?.helloMs), ratio(med(o?.helloMs), med(h.helloMs))],
    ['gateway RSS idle (~5 s after accept/ready, process tree)', rss(h, 'rssIdle'), rss(o, 'rssIdle'), ratio(o?.rssIdle?.bytes, h.rssIdle?.bytes)],
    ['gateway RSS with 10 simulated nodes connected (tree)', rss(h, 'rss10'), rss(o, 'rss10'), ratio(o?.rss10?.bytes, h.rss10?.bytes)],
    ['`system.run true` round trip (raw WS operator, real node agent)', rt(h.runMs), rt(o?.runMs), ratio(med(o?.runMs), med(h.runMs))],
    ['CLI whole process: run `true` on the node (median)', runs(h.cliMs), runs(o?.cliMs), ratio(med(o?.cliMs), med(h.cliMs))],
    ['node agent RSS after the round trips (process tree)', rss(h, 'nodeRss'), rss(o, 'nodeRss'), ratio(o?.nodeRss?.bytes, h.nodeRss?.bytes)],
  ]);
  console.log(`\nFloors on this machine, same run: \`node -e 0\` ${ms(f.nodeStart)} (any Node CLI's lower bound); spawning \`true\` from Node ${ms(f.spawnTrue)} (lower bound of any system.run).`);
  console.log('Baseline of each row = OpenClaw measured in this run with the same client code (bench/lib/raw-operator.ts, bench/lib/sim-node.ts).');
  console.log('Hearth CLI: `hearth nodes run <node> -- true`; OpenClaw CLI: `openclaw gateway call node.invoke --params {…system.run ["true"]…} --json`.');
  for (const r of [h, o]) for (const e of r?.errors ?? []) console.log(`! ${r!.label}: ${e}`);
}

function printScale(s: ScaleResult): void {
  const pct = (xs: number[], p: number) => ms(percentile(xs, p));
  printTable(['metric (Hearth only)', 'value', 'target'], [
    [`simulated nodes connected (real Ed25519 identities, ${50} handshakes in flight)`, `${s.nodes} in ${ms(s.connectMs)}`, ''],
    [`surface approvals: ${s.nodes} node.pair.approve calls (50 in flight) answered`, `${ms(s.approveCallsMs)} (gateway CPU ${ms(s.approveCpuMs)})`, ''],
    ['… until node.list shows every node connected and approved', ms(s.approveMs), ''],
    ['gateway RSS, idle before any node', mb(s.gatewayRssIdle), ''],
    [`gateway RSS with ${s.nodes} nodes`, mb(s.gatewayRss), '< 300 MB'],
    [`no-op invoke (system.which), 1 in flight, n=${s.seq.length}`, `p50 ${pct(s.seq, 50)}, p99 ${pct(s.seq, 99)}, max ${ms(Math.max(...s.seq))}`, 'p99 < 50 ms'],
    [`no-op invoke, ${s.concurrency} in flight, n=${s.conc.length}`, `p50 ${pct(s.conc, 50)}, p99 ${pct(s.conc, 99)}; ${(s.conc.length / (s.concWallMs / 1000)).toFixed(0)} invokes/s`, ''],
    ['bench process RSS (holds all simulated nodes)', mb(s.benchRss), ''],
  ]);
}

async function main(): Promise<void> {
  console.log(`Hearth vs OpenClaw ${OPENCLAW_VERSION} — ${new Date().toISOString()}, ${process.version}, load avg ${load()}`);
  console.log('The machine is shared (2 cores, other jobs running): treat differences under ~2× in latency rows as noise.\n');
  const f = await floors();
  if (!opt['only-scale']) {
    const h = await measureSide(hearthSide(TOKEN), { starts: 5, runs: 30, cli: 5 });
    let o: SideResult | undefined;
    if (!opt['skip-openclaw']) {
      let installed = false;
      try {
        await peer();
        installed = true;
      } catch (err) {
        console.log(`\n!! OpenClaw ${OPENCLAW_VERSION} could not be installed (scripts/peer): ${(err as Error).message.split('\n').slice(0, 4).join('\n   ')}\n!! Its column shows n/a; the Hearth figures still follow.\n`);
      }
      if (installed) {
        const cli = makeOpenclawHome('cmp-cli');
        try {
          o = await measureSide(openclawSide(TOKEN, cli), { starts: 2, runs: 30, cli: 3 });
        } catch (err) {
          console.log(`\n!! OpenClaw ${OPENCLAW_VERSION} gateway did not start: ${(err as Error).message.split('\n').slice(0, 8).join('\n   ')}\n!! Its column shows n/a; the Hearth figures still follow.\n`);
        } finally {
          cli.remove();
        }
      }
    }
    console.log(`\n== Side by side (load avg now ${load()}) ==\n`);
    printSideBySide(h, o, f);
  }
  if (!opt['skip-scale']) {
    console.log(`\n== Hearth at scale ==\n`);
    try {
      printScale(await measureScale(TOKEN, Number(opt.nodes), Number(opt.invokes)));
    } catch (err) {
      console.log(`!! scale run failed: ${(err as Error).stack}`);
      process.exitCode = 1;
    }
  }
  console.log(`\nload avg at end: ${load()}`);
}

main().then(() => process.exit(process.exitCode ?? 0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
