// Edge figures for `npm run bench`: what unauthenticated clients cost the gateway. Each is
// measured next to its baseline in the same run (idle RSS; hello-ok with no flood).
import { connectRawOperator } from './lib/raw-operator.ts';
import { fmtMb, fmtMs, median, rssBytes } from './lib/measure.ts';
import { spawnFlood, startFlood } from '../test/helpers/flood.ts';
import { startGatewayProcess } from '../test/helpers/processes.ts';

interface Row { metric: string; hearth: string; baseline: string; ratio: string; target: string }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function helloTimes(url: string, token: string, n: number): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const op = await connectRawOperator(url, token);
    xs.push(performance.now() - t0);
    op.close();
    await sleep(50);
  }
  return xs;
}

export async function edgeBench(): Promise<Row[]> {
  const rows: Row[] = [];
  // 1. 200 slow pre-auth senders: half announce a 25 MiB frame and dribble it (refused at the
  //    header, they come back), half dribble a frame just under the 64 KiB limit (held until the
  //    handshake timeout).
  const gw = await startGatewayProcess();
  try {
    await sleep(1_000);
    const idle = rssBytes(gw.child.pid!);
    const peakDuring = async (ms: number) => {
      let peak = rssBytes(gw.child.pid!);
      for (let t = 0; t < ms; t += 100) {
        await sleep(100);
        peak = Math.max(peak, rssBytes(gw.child.pid!));
      }
      return peak;
    };
    const big = startFlood(gw.port, 100, { mode: 'slow-frame', announceBytes: 25 * 1024 * 1024, chunkBytes: 4096, beatMs: 100, reconnect: true, reconnectDelayMs: 1_000 });
    const small = startFlood(gw.port, 100, { mode: 'slow-frame', announceBytes: 65_000, chunkBytes: 4096, beatMs: 100 });
    const peak = await peakDuring(6_000);
    big.stop();
    small.stop();
    rows.push({
      metric: 'gateway RSS with 200 slow pre-auth senders (25 MiB / 64 KiB frames, 4 KiB per 100 ms, retry after 1 s; 6 s)', hearth: `${fmtMb(peak)} (+${fmtMb(peak - idle)})`,
      baseline: `idle: ${fmtMb(idle)}`, ratio: (peak / idle).toFixed(2) + '×', target: '< 100 MB over idle',
    });
    // Context: the same oversized senders reconnecting 5 ms after every refusal (thousands of
    // connections a second): no buffer is held, but V8 grows its heap for the garbage they make.
    const churn = startFlood(gw.port, 100, { mode: 'slow-frame', announceBytes: 25 * 1024 * 1024, chunkBytes: 4096, beatMs: 100, reconnect: true });
    const churnPeak = await peakDuring(6_000);
    churn.stop();
    rows.push({
      metric: `  same, 100 oversized senders reconnecting at once (${churn.made} connections in 6 s)`, hearth: `${fmtMb(churnPeak)} (+${fmtMb(churnPeak - idle)})`,
      baseline: `idle: ${fmtMb(idle)}`, ratio: (churnPeak / idle).toFixed(2) + '×', target: '(context)',
    });
  } finally {
    await gw.stop();
  }

  // 2. A legitimate client's hello-ok during a 1,000-socket flood, gateway under ulimit -n 1024.
  const limited = await startGatewayProcess({ fdLimit: 1024 });
  try {
    const quiet = median(await helloTimes(limited.url, limited.token, 10));
    const floods = [await spawnFlood(limited.port, 600, { mode: 'idle', reconnect: true }), await spawnFlood(limited.port, 400, { mode: 'upgraded', reconnect: true })];
    try {
      await Promise.all([floods[0]!.ready(600), floods[1]!.ready(400)]);
      await sleep(500);
      const during = await helloTimes(limited.url, limited.token, 10);
      rows.push({
        metric: 'hello-ok during a 1,000-socket flood (ulimit -n 1024, flood reconnects)', hearth: `p50 ${fmtMs(median(during))}, max ${fmtMs(Math.max(...during))}`,
        baseline: `no flood: ${fmtMs(quiet)}`, ratio: (median(during) / quiet).toFixed(2) + '×', target: '< 1 s',
      });
    } finally {
      for (const f of floods) await f.stop();
    }
  } finally {
    await limited.stop();
  }
  return rows;
}
