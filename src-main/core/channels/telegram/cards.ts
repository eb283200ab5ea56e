/**
 * Approval cards: every device pairing request (a new node's names the commands it may run), a
 * node's request for new commands, and every exec approval becomes a
 * message with inline buttons in each owner's chat. A decision made anywhere (a button, the CLI,
 * the web UI) edits every copy to the outcome and who decided; a tap that comes too late is
 * answered with answerCallbackQuery ("already decided" / "expired") and changes nothing.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../../../src-shared/protocol/types.ts';
import { DetailCode, ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import type { ExecApproval } from '../../approvals/exec-approvals.ts';
import { formatArgv } from '../../gateway/nodes/surface-rules.ts';
import { failureText, principalOf, sendHtml, type BotDeps } from './deps.ts';
import type { CardKind, Owner } from './store.ts';
import { esc, t, type Lang, type TextKey } from './texts.ts';

const KIND_CODE: Record<CardKind, string> = { device: 'd', surface: 's', exec: 'x' };
const CODE_KIND: Record<string, CardKind> = { d: 'device', s: 'surface', x: 'exec' };
type Action = 'approve' | 'reject' | 'once' | 'always' | 'deny';
const ACTION_CODE: Record<Action, string> = { approve: 'a', reject: 'r', once: 'o', always: 'w', deny: 'n' };
const CODE_ACTION: Record<string, Action> = { a: 'approve', r: 'reject', o: 'once', w: 'always', n: 'deny' };

export function callbackData(kind: CardKind, action: Action, id: string): string {
  return `h:${KIND_CODE[kind]}:${ACTION_CODE[action]}:${id}`;
}

export function parseCallback(data: string): { kind: CardKind; action: Action; id: string } | undefined {
  const m = /^h:([dsx]):([arown]):([\w-]{1,80})$/.exec(data);
  if (!m) return undefined;
  return { kind: CODE_KIND[m[1]!]!, action: CODE_ACTION[m[2]!]!, id: m[3]! };
}

function keyboard(kind: CardKind, id: string, lang: Lang): InlineKeyboardMarkup {
  const b = (key: TextKey, action: Action) => ({ text: t(lang, key), callback_data: callbackData(kind, action, id) });
  if (kind === 'exec') return { inline_keyboard: [[b('btnAllowOnce', 'once'), b('btnAllowAlways', 'always')], [b('btnDeny', 'deny')]] };
  return { inline_keyboard: [[b('btnApprove', 'approve'), b('btnReject', 'reject')]] };
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

export function cardText(kind: CardKind, payload: unknown, lang: Lang): string {
  const none = t(lang, 'none');
  if (kind === 'device') {
    const r = payload as PendingDeviceRequest;
    if (r.role === 'node' && Array.isArray(r.commands)) {
      // One tap admits the node with exactly these commands (the gateway binds them to this request).
      return t(lang, 'cardNode', {
        name: esc(r.displayName ?? r.clientId ?? r.deviceId.slice(0, 12)), platform: esc([r.platform, r.deviceFamily].filter(Boolean).join(' / ') || none),
        fingerprint: esc(r.fingerprint ?? r.deviceId.slice(0, 16)), ip: esc(r.remoteIp ?? none), commands: esc(r.commands.join(', ') || none),
      });
    }
    return t(lang, 'cardDevice', {
      name: esc(r.displayName ?? r.clientId ?? r.deviceId.slice(0, 12)), platform: esc([r.platform, r.deviceFamily].filter(Boolean).join(' / ') || none),
      role: esc(r.role), fingerprint: esc(r.fingerprint ?? r.deviceId.slice(0, 16)), ip: esc(r.remoteIp ?? none), scopes: esc(r.scopes.join(', ') || none),
    });
  }
  if (kind === 'surface') {
    const r = payload as PendingNodeRequest & { remoteIp?: string };
    if (!r.newCommands) {
      // The first request of a node whose device got in by itself (this machine): to the user that
      // is a new node joining, as the CLI and the web UI call it, not "new commands".
      return t(lang, 'cardNode', {
        name: esc(r.displayName ?? r.nodeId.slice(0, 12)), platform: esc([r.platform, r.deviceFamily].filter(Boolean).join(' / ') || none),
        fingerprint: esc(r.fingerprint ?? r.nodeId.slice(0, 16)), ip: esc(r.remoteIp ?? none), commands: esc(r.commands.join(', ') || none),
      });
    }
    return t(lang, 'cardSurface', {
      name: esc(r.displayName ?? r.nodeId.slice(0, 12)), platform: esc(r.platform ?? none), fingerprint: esc(r.fingerprint ?? r.nodeId.slice(0, 16)),
      commands: esc((r.newCommands ?? r.commands).join(', ') || none),
    });
  }
  const a = payload as ExecApproval;
  const env = Object.entries(a.env ?? {}).map(([k, v]) => `${k}=${v}`);
  return t(lang, 'cardExec', {
    name: esc(a.nodeName ?? a.nodeId.slice(0, 12)), argv: esc(formatArgv(a.argv)), cwd: esc(a.cwd ?? none),
    env: env.length ? `<code>${esc(env.join(' '))}</code>` : none, expires: clock(a.expiresAtMs),
  });
}

/** The outcome line shown under a decided card. */
function outcomeLine(lang: Lang, outcome: string, by: string | undefined): string {
  const who = esc(by ?? t(lang, 'elsewhere'));
  switch (outcome) {
    case 'approved': return t(lang, 'outcomeApproved', { by: who });
    case 'rejected': return t(lang, 'outcomeRejected', { by: who });
    case 'allow-once': return t(lang, 'outcomeAllowOnce', { by: who });
    case 'allow-always': return t(lang, 'outcomeAllowAlways', { by: who });
    case 'deny': return t(lang, 'outcomeDenied', { by: who });
    case 'superseded': return t(lang, 'outcomeSuperseded');
    default: return t(lang, 'outcomeExpired');
  }
}

export class ApprovalCards {
  private readonly deps: BotDeps;
  /** Who is deciding right now from Telegram, per `kind:id` (the resolved event arrives inside the call). */
  private readonly deciding = new Map<string, string>();

  constructor(deps: BotDeps) {
    this.deps = deps;
  }

  /** Handles a gateway event; state changes are synchronous, messages go out in the background. */
  onEvent(event: string, payload: unknown): void {
    const p = (payload ?? {}) as Record<string, unknown>;
    switch (event) {
      case 'device.pair.requested': return void this.post('device', p['requestId'] as string, payload);
      case 'node.pair.requested': return void this.post('surface', p['requestId'] as string, payload);
      case 'exec.approval.requested': return void this.post('exec', p['id'] as string, payload);
      case 'device.pair.resolved': return this.finish('device', p['requestId'] as string, p['decision'] as string, undefined);
      case 'node.pair.resolved': return this.finish('surface', p['requestId'] as string, p['decision'] as string, undefined);
      case 'exec.approval.resolved': {
        const state = p['state'] as string;
        const by = typeof p['decidedBy'] === 'string' && state !== 'expired' ? (p['decidedBy'] as string) : undefined;
        return this.finish('exec', p['id'] as string, state, by);
      }
      default:
    }
  }

  /** Sends the card for one request to every owner (or only `to`), once per chat. */
  async post(kind: CardKind, id: string, payload: unknown, to?: readonly Owner[]): Promise<void> {
    if (typeof id !== 'string' || id === '') return;
    const owners = to ?? this.deps.store.owners();
    const existing = new Map(this.deps.store.cards(kind, id).map((c) => [c.chatId, c]));
    await Promise.all(owners.map(async (o) => {
      const prior = existing.get(o.chatId);
      if (prior && prior.state !== 'pending') return;
      const text = cardText(kind, payload, o.lang);
      const messageId = await sendHtml(this.deps, o.chatId, text, { reply_markup: keyboard(kind, id, o.lang) });
      if (messageId === undefined) return;
      // Decided while the message was on its way: show the outcome at once.
      const decided = this.deps.store.cards(kind, id).find((c) => c.state !== 'pending');
      this.deps.store.putCard({ kind, requestId: id, chatId: o.chatId, messageId, lang: o.lang, text, state: decided?.state ?? 'pending', createdAtMs: this.deps.clock() });
      if (decided) void this.edit(o.chatId, messageId, text, decided.state);
    }));
  }

  private finish(kind: CardKind, id: string, outcome: string, by: string | undefined): void {
    if (typeof id !== 'string') return;
    const who = by ?? this.deciding.get(`${kind}:${id}`);
    const cards = this.deps.store.cards(kind, id).filter((c) => c.state === 'pending');
    if (cards.length === 0) return;
    this.deps.store.setCardState(kind, id, `${outcome}|${who ?? ''}`);
    for (const c of cards) void this.edit(c.chatId, c.messageId, c.text, `${outcome}|${who ?? ''}`, c.lang);
  }

  private async edit(chatId: number, messageId: number, text: string, state: string, lang?: Lang): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    const [outcome, by] = state.split('|');
    const l = lang ?? this.deps.store.owners().find((o) => o.chatId === chatId)?.lang ?? 'en';
    try {
      await api.editMessageText(chatId, messageId, `${text}\n\n${outcomeLine(l, outcome ?? 'expired', by || undefined)}`, { parse_mode: 'HTML' });
    } catch (err) {
      this.deps.log.warn('telegram editMessageText failed', { chatId, messageId, error: this.deps.redact(failureText(err)) });
    }
  }

  /** A button press by an admitted owner. */
  async onButton(owner: Owner, callbackId: string, data: string): Promise<void> {
    const api = this.deps.api();
    const answer = (key: TextKey, vars?: Record<string, string>) =>
      api?.answerCallbackQuery(callbackId, { text: t(owner.lang, key, vars) }).catch((err: unknown) => this.deps.log.warn('answerCallbackQuery failed', { error: this.deps.redact(failureText(err)) }));
    const parsed = parseCallback(data);
    if (!parsed) return void (await answer('cbExpired'));
    const { kind, action, id } = parsed;
    const decided = () => this.deps.store.cards(kind, id).some((c) => c.state !== 'pending' && !c.state.startsWith('expired'));
    if (decided()) return void (await answer('cbAlready'));
    const principal = principalOf(owner);
    const label = owner.username ? `@${owner.username}` : owner.name;
    const key = `${kind}:${id}`;
    this.deciding.set(key, label);
    try {
      if (kind === 'exec') {
        const decision = action === 'once' ? 'allow-once' : action === 'always' ? 'allow-always' : 'deny';
        await this.deps.op.call('exec.approval.resolve', { id, decision }, principal);
      } else {
        const method = `${kind === 'device' ? 'device' : 'node'}.pair.${action === 'approve' ? 'approve' : 'reject'}`;
        await this.deps.op.call(method, { requestId: id }, principal);
      }
      await answer('cbDone');
    } catch (err) {
      const code = err instanceof ProtocolError ? (err.details as { code?: string } | undefined)?.code : undefined;
      if (code === DetailCode.APPROVAL_ALREADY_DECIDED || decided()) return void (await answer('cbAlready'));
      if (code === DetailCode.APPROVAL_EXPIRED || /unknown|expired/i.test(failureText(err))) {
        // Gone without a decision this module saw: it expired (or was removed) meanwhile.
        this.finish(kind, id, 'expired', undefined);
        return void (await answer('cbExpired'));
      }
      await answer('cbFailed', { msg: failureText(err).slice(0, 150) });
    } finally {
      this.deciding.delete(key);
    }
  }
}
