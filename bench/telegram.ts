// Telegram figures for `npm run bench`: update → reply handling inside a real gateway process, with
// the Bot API stand-in's own latency subtracted, and the gateway's RSS with the bot on vs off.
//
// How the stand-in's latency is taken out: a stranger's button press is answered with one
// answerCallbackQuery and no work (an owner lookup), so update-delivered → answer-arrived for it is
// the transport cost (stand-in → grammy → stand-in). `/status` from an owner costs the same
// transport plus the real handling (gateway `health`, formatting, sendMessage); handling is each
// /status sample minus the median transport sample.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BotApiStandIn, type TgUser } from '../test/helpers/bot-api-standin.ts';
import { freePort } from '../test/helpers/processes.ts';
import { fmtMb, fmtMs, killAndWait, median, percentile, rssBytes, waitForPort } from './lib/measure.ts';
import { connectRawOperator } from './lib/raw-operator.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEARTH = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'bench-token-0123456789';
const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const env = { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined };
const owner: TgUser = { id: 5_100_000_001, first_name: 'Owner', username: 'owner', language_code: 'en' };
const stranger: TgUser = { id: 5_100_000_002, first_name: 'Stranger', language_code: 'en' };

export interface BenchRow { metric: string; hearth: string; baseline: string; ratio: string; target: string }

async function gateway() {
  const port = await freePort();
  const child = spawn(process.execPath, [HEARTH, 'gateway', '--port', String(port), '--token', TOKEN, '--state-dir', mkdtempSync(join(tmpdir(), 'hearth-bench-tg-'))], { env, stdio: 'ignore' });
  await waitForPort(port, 20_000);
  const op = await connectRawOperator(`ws://127.0.0.1:${port}`, TOKEN);
  return { child, op };
}

const until = async (check: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
};

export async function telegramBench(samples = 200): Promise<BenchRow[]> {
  const api = new BotApiStandIn(BOT_TOKEN);
  await api.start();
  const on = await gateway();
  const off = await gateway();
  try {
    const set = await on.op.call('hearth.telegram.set', { token: BOT_TOKEN, apiRoot: api.url });
    if (!set.ok) throw new Error(`bench: hearth.telegram.set failed: ${set.error?.message}`);
    // Pair the owner.
    const before = api.sentTo(owner.id).length;
    api.userSays(owner, 'hi');
    await until(() => api.sentTo(owner.id).length > before, 10_000, 'the pairing code');
    const code = /<code>([A-Z0-9]{8})<\/code>/.exec(String(api.sentTo(owner.id).at(-1)!.params['text']))![1]!;
    await on.op.call('hearth.telegram.approve', { code });
    await until(() => api.sentTo(owner.id).length > before + 1, 10_000, 'the welcome');
    const card = api.sentTo(owner.id)[0]!;

    let rssIdleOn = 0;
    let rssIdleOff = 0;
    const transport: number[] = [];
    const handled: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      // Transport only: a stranger's tap → answerCallbackQuery.
      const n = api.callsOf('answerCallbackQuery').length;
      const tap = api.userTaps(stranger, card.params['__message_id'] as number, 'h:d:a:00000000-0000-4000-8000-000000000000');
      await until(() => api.callsOf('answerCallbackQuery').length > n, 10_000, 'answerCallbackQuery');
      const t = api.callsOf('answerCallbackQuery').at(-1)!.at - api.deliveredAt.get(tap)!;
      // Transport + handling: /status → sendMessage.
      const m = api.sentTo(owner.id).length;
      const upd = api.userSays(owner, '/status');
      await until(() => api.sentTo(owner.id).length > m, 10_000, 'the /status reply');
      const h = api.sentTo(owner.id).at(-1)!.at - api.deliveredAt.get(upd)!;
      if (i === 19) {
        // The resident cost of a bot in use: after pairing and a few commands, once the process settled.
        await new Promise((r) => setTimeout(r, 2_000));
        rssIdleOn = rssBytes(on.child.pid!);
        rssIdleOff = rssBytes(off.child.pid!);
      }
      if (i >= 20) {
        transport.push(t);
        handled.push(h);
      }
    }
    const t50 = median(transport);
    const net = handled.map((h) => Math.max(0, h - t50));
    await new Promise((r) => setTimeout(r, 1000));
    const rssBurst = rssBytes(on.child.pid!);
    const mem = ((await on.op.call('status', {})).payload as { processMemory: { heapUsedBytes: number; heapTotalBytes: number } }).processMemory;
    const p50 = median(net);
    const p99 = percentile(net, 99);
    return [
      { metric: 'Telegram update → reply handling in the gateway, p50 (stand-in transport subtracted)', hearth: fmtMs(p50), baseline: `transport p50 ${fmtMs(t50)}`, ratio: (median(handled) / t50).toFixed(2) + '×', target: '< 5 ms' },
      { metric: 'Telegram update → reply handling in the gateway, p99', hearth: fmtMs(p99), baseline: `transport p99 ${fmtMs(percentile(transport, 99))}`, ratio: '', target: '' },
      { metric: 'gateway RSS, Telegram bot on (paired, a few commands, settled) vs off', hearth: fmtMb(rssIdleOn), baseline: `off: ${fmtMb(rssIdleOff)}`, ratio: `+${fmtMb(rssIdleOn - rssIdleOff)}`, target: '< +10 MB' },
      // Right after a burst of 2×N updates V8 has grown its heap for the allocation rate; heapUsed shows nothing is kept.
      { metric: `gateway RSS right after ${2 * (samples + 20)} updates in a burst (heap used / reserved)`, hearth: fmtMb(rssBurst), baseline: `off: ${fmtMb(rssBytes(off.child.pid!))}`, ratio: `${fmtMb(mem.heapUsedBytes)} / ${fmtMb(mem.heapTotalBytes)}`, target: '' },
    ];
  } finally {
    on.op.close();
    off.op.close();
    await killAndWait(on.child);
    await killAndWait(off.child);
    await api.stop();
  }
}

// Run alone: `node bench/telegram.ts` (after `npm run build`).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  telegramBench().then((rows) => {
    for (const r of rows) console.log(`${r.metric}: ${r.hearth} (baseline ${r.baseline}${r.ratio ? `, ${r.ratio}` : ''}${r.target ? `; target ${r.target}` : ''})`);
    process.exit(0);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
