/**
 * The owner's commands. Each one calls the same gateway methods the CLI calls (health, node.list,
 * node.invoke, the pairing and approval lists), so answers and errors read like the CLI's.
 */
import { randomUUID } from 'node:crypto';
import { grammy } from './grammy.ts';
import { invokeFailure } from '../../../../src-shared/client/invoke-result.ts';
import { OperatorClient } from '../../../../src-shared/client/operator.ts';
import { collectPending } from '../../../../src-shared/client/pending.ts';
import { ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import type { NodeEntry, PendingDeviceRequest, PendingNodeRequest, SystemRunResult } from '../../../../src-shared/protocol/types.ts';
import type { ExecApproval } from '../../approvals/exec-approvals.ts';
import type { ApprovalCards } from './cards.ts';
import { failureText, principalOf, sendHtml, type BotDeps } from './deps.ts';
import { splitWords } from './run-args.ts';
import type { Owner } from './store.ts';
import { esc, t, type Lang } from './texts.ts';

export const MESSAGE_LIMIT = 4096;
const RUN_TIMEOUT_MS = 30_000;

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Where a Telegram owner looks next when a node name does not resolve (the shared resolver's hints). */
export const TELEGRAM_NODE_HINTS = { list: 'see /nodes', pair: 'pair one with `hearth qr --node` on the gateway machine, then see /nodes' };

/** /run has a fixed time limit; longer commands go through the CLI. */
const TELEGRAM_RUN_HINTS = { timeoutFix: `/run stops after ${RUN_TIMEOUT_MS / 1000} s; run longer commands with \`hearth nodes run --timeout\`` };

/** `30m`, `1h`, `2d`, `90s` → ms; undefined when it is not a duration (or beyond 30 days). */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d{1,4})\s*(s|m|min|h|d)?$/i.exec(s.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'm').toLowerCase();
  const ms = Number(m[1]) * ({ s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[unit]!;
  return ms > 0 && ms <= 30 * 86_400_000 ? ms : undefined;
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export class Commands {
  private readonly deps: BotDeps;
  private readonly cards: ApprovalCards;

  constructor(deps: BotDeps, cards: ApprovalCards) {
    this.deps = deps;
    this.cards = cards;
  }

  /** Runs one command line from an owner; `/run` resolves only when its output was sent. */
  async handle(owner: Owner, text: string, lang: Lang): Promise<void> {
    const m = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
    const chat = owner.chatId;
    if (!m) return void (await sendHtml(this.deps, chat, t(lang, 'help')));
    const cmd = m[1]!.toLowerCase();
    const rest = (m[2] ?? '').trim();
    const reply = (html: string) => sendHtml(this.deps, chat, html);
    try {
      switch (cmd) {
        case 'start':
        case 'help': return void (await reply(t(lang, 'help')));
        case 'status': return void (await reply(await this.status(owner, lang)));
        case 'nodes': return void (await reply(await this.nodes(owner, lang)));
        case 'pending': return await this.pending(owner, lang);
        case 'alerts': return void (await reply(this.alerts(lang)));
        case 'tunnel': return void (await reply(await this.tunnel(owner, lang)));
        case 'mute': return void (await reply(this.mute(rest, lang)));
        case 'unmute': return void (await reply(this.mute('off', lang)));
        case 'run': return await this.run(owner, rest, lang);
        case 'wake': return void (await reply(await this.wake(owner, rest, lang)));
        default: return void (await reply(t(lang, 'unknownCommand', { cmd: esc(`/${cmd}`) })));
      }
    } catch (err) {
      await reply(t(lang, 'errorLine', { msg: esc(failureText(err)) }));
    }
  }

  private call<T>(owner: Owner, method: string, params: unknown = {}): Promise<T> {
    return this.deps.op.call<T>(method, params, principalOf(owner));
  }

  /** The shared operator client over the in-process session, acting as this owner. */
  private operator(owner: Owner): OperatorClient {
    return new OperatorClient({ call: (method, params) => this.call(owner, method, params) }, { hints: TELEGRAM_NODE_HINTS });
  }

  async status(owner: Owner, lang: Lang): Promise<string> {
    const health = await this.call<{ hearth: { version: string; uptimeMs: number; nodes: { connected: number; total: number }; pending: { devices: number; nodes: number }; alerts: number } }>(owner, 'health');
    const h = health.hearth;
    const exec = this.deps.gw.modules.methods['exec.approval.list'] ? (await this.call<{ pending: unknown[] }>(owner, 'exec.approval.list')).pending.length : 0;
    const lines = [
      t(lang, 'statusHead', { version: esc(h.version), uptime: formatDuration(h.uptimeMs) }),
      t(lang, 'statusNodes', { connected: h.nodes.connected, total: h.nodes.total }),
      t(lang, 'statusPending', { devices: h.pending.devices, surfaces: h.pending.nodes, exec }),
      t(lang, 'statusAlerts', { n: h.alerts }),
    ];
    const muted = this.deps.settings.get<number>('mutedUntilMs', 0);
    if (muted > this.deps.clock()) lines.push(t(lang, 'statusMuted', { until: clock(muted) }));
    return lines.join('\n');
  }

  async nodes(owner: Owner, lang: Lang): Promise<string> {
    const { nodes } = await this.call<{ nodes: NodeEntry[] }>(owner, 'node.list');
    if (nodes.length === 0) return t(lang, 'nodesNone');
    const now = this.deps.clock();
    return nodes.map((n) => {
      const state = n.connected ? `🟢 ${t(lang, 'online')}` : `⚪ ${t(lang, 'offline')}${n.lastSeenAtMs ? ` (${formatDuration(now - n.lastSeenAtMs)})` : ''}`;
      const pend = n.approvalState === 'approved' ? '' : ` — ${t(lang, 'approvalPending')}`;
      return `<b>${esc(n.displayName ?? n.nodeId.slice(0, 12))}</b> ${state}${pend}\n<code>${esc(n.nodeId.slice(0, 12))}</code> ${esc([n.platform, n.remoteIp].filter(Boolean).join(' · '))}`;
    }).join('\n\n');
  }

  /** `/wake <node>`: the Wake-on-LAN packet from the gateway machine (hearth.nodes.wake). */
  async wake(owner: Owner, rest: string, lang: Lang): Promise<string> {
    if (!rest) return t(lang, 'wakeUsage');
    const r = await this.call<{ name: string; alreadyOnline: boolean; sent: { mac: string; address: string }[] }>(owner, 'hearth.nodes.wake', { node: rest });
    if (r.alreadyOnline) return t(lang, 'wakeOnline', { name: esc(r.name) });
    return t(lang, 'wakeSent', { name: esc(r.name), to: esc(r.sent.map((s) => `${s.mac} → ${s.address}`).join(', ')) });
  }

  /** Re-sends every waiting request as a card with buttons, to this owner. */
  async pending(owner: Owner, lang: Lang): Promise<void> {
    const { devicePairing, nodePairing } = await this.operator(owner).pairing();
    const exec = this.deps.gw.modules.methods['exec.approval.list'] ? (await this.call<{ pending: ExecApproval[] }>(owner, 'exec.approval.list')).pending : [];
    // The shared merge (what `hearth nodes pending` lists), newest first; each card needs the raw request.
    const items = collectPending(devicePairing, nodePairing, false);
    if (items.length + exec.length === 0) return void (await sendHtml(this.deps, owner.chatId, t(lang, 'pendingNone')));
    const raw = new Map<string, PendingDeviceRequest | PendingNodeRequest>([...devicePairing.pending, ...nodePairing.pending].map((r) => [r.requestId, r]));
    const me = [{ ...owner, lang }];
    for (const a of exec) await this.cards.post('exec', a.id, a, me);
    for (const i of items) await this.cards.post(i.layer === 'device' ? 'device' : 'surface', i.requestId, raw.get(i.requestId), me);
  }

  alerts(lang: Lang): string {
    const open = this.deps.alerts.open();
    if (open.length === 0) return t(lang, 'alertsNone');
    const icon = (s: string) => (s === 'critical' ? '🔴' : s === 'warning' ? '🟠' : 'ℹ️');
    return [t(lang, 'alertsHead'), ...open.slice(0, 30).map((a) => `${icon(a.severity)} ${esc(a.message)}`)].join('\n');
  }

  async tunnel(owner: Owner, lang: Lang): Promise<string> {
    // Remote access is its own module; its status method is used when it is there.
    const method = ['hearth.tunnel.status', 'hearth.remote.status'].find((m) => this.deps.gw.modules.methods[m]);
    if (!method) return t(lang, 'tunnelNone');
    const status = await this.call<unknown>(owner, method);
    const s = status as { summary?: unknown; state?: unknown };
    const summary = typeof s?.summary === 'string' ? s.summary : typeof s?.state === 'string' ? s.state : JSON.stringify(status).slice(0, 1500);
    return `${t(lang, 'tunnelHead')}\n${esc(summary)}`;
  }

  mute(arg: string, lang: Lang): string {
    if (/^(off|0|none|unmute)$/i.test(arg)) {
      this.deps.settings.set('mutedUntilMs', 0);
      return t(lang, 'unmuted');
    }
    const ms = parseDuration(arg === '' ? '1h' : arg);
    if (ms === undefined) return t(lang, 'muteUsage');
    const until = this.deps.clock() + ms;
    this.deps.settings.set('mutedUntilMs', until);
    return t(lang, 'muted', { until: clock(until) });
  }

  async run(owner: Owner, rest: string, lang: Lang): Promise<void> {
    const words = splitWords(rest);
    if (words === undefined) throw new Error('a quote is not closed in that command');
    if (words.length < 2) return void (await sendHtml(this.deps, owner.chatId, t(lang, 'runUsage')));
    const [query, ...argv] = words as [string, ...string[]];
    const op = this.operator(owner);
    const node = await op.node(query);
    const name = node.name;
    let r: SystemRunResult | undefined;
    try {
      ({ result: r } = await op.run({
        invoke: {
          nodeId: node.nodeId, command: 'system.run', params: { command: argv, timeoutMs: RUN_TIMEOUT_MS },
          timeoutMs: RUN_TIMEOUT_MS + 5_000, idempotencyKey: randomUUID(),
        },
        callTimeoutMs: RUN_TIMEOUT_MS + 10_000,
      }, name));
    } catch (err) {
      // Not connected, refused by its exec policy, cut off, …: the CLI's words for the same failure.
      if (err instanceof ProtocolError) throw invokeFailure(err, name, RUN_TIMEOUT_MS, TELEGRAM_RUN_HINTS);
      throw err;
    }
    if (!r) throw new Error(`node ${name} returned no result; check /nodes`);
    await this.sendRunResult(owner.chatId, name, r, lang);
  }

  /** Output in a <pre> block; too long for one message → cut with a note, and the whole as a file. */
  async sendRunResult(chatId: number, node: string, r: SystemRunResult, lang: Lang): Promise<void> {
    const head = r.timedOut
      ? t(lang, 'runTimedOut', { node: esc(node), ms: r.durationMs ?? RUN_TIMEOUT_MS })
      : t(lang, 'runExit', { node: esc(node), code: r.exitCode ?? '?', ms: r.durationMs ?? 0 });
    const output = [r.stdout, r.stderr, r.error ?? ''].filter((s) => s && s.length > 0).join(r.stdout && r.stderr ? '\n' : '');
    const body = output.length > 0 ? output : t(lang, 'runNoOutput');
    const frame = (shown: string, note = '') => `<b>${head}</b>\n<pre>${esc(shown)}</pre>${note ? `\n${note}` : ''}`;
    const whole = frame(body);
    if (whole.length <= MESSAGE_LIMIT) return void (await sendHtml(this.deps, chatId, whole));
    // Cut by characters of the escaped text until the message fits, with room for the note.
    let keep = Math.min(body.length, MESSAGE_LIMIT);
    let msg: string;
    for (;;) {
      msg = frame(body.slice(0, keep), t(lang, 'runCut', { shown: keep, total: body.length }));
      if (msg.length <= MESSAGE_LIMIT || keep === 0) break;
      keep = Math.max(0, keep - Math.max(64, msg.length - MESSAGE_LIMIT));
    }
    await sendHtml(this.deps, chatId, msg);
    const api = this.deps.api();
    if (!api) return;
    try {
      await api.sendDocument(chatId, new (grammy().InputFile)(Buffer.from(output, 'utf8'), `${node.replace(/[^\w.-]+/g, '_')}-output.txt`), { caption: head.replace(/<[^>]+>/g, '') });
    } catch (err) {
      this.deps.log.warn('telegram sendDocument failed', { chatId, error: this.deps.redact(failureText(err)) });
    }
  }
}
