/**
 * A local stand-in for the Telegram Bot API (no Bot API can be reached here). It answers the
 * methods Hearth's bot uses with the response shapes the real server returns (recorded from
 * api.telegram.org, see BOT_API_SHAPES below), long-polls getUpdates like the real one, can be told
 * to fail a method with a real 409 / 429 / 401 answer, and records every call grammy makes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';

export interface RecordedCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
  /** Files of a multipart request: field → {name, size, text}. */
  files?: Record<string, { name: string; size: number; text: string }>;
}

export interface TgUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

/** Real error bodies as api.telegram.org sends them. */
export const BOT_API_ERRORS = {
  conflict: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' },
  webhook: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
  tooMany: (retryAfter: number) => ({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }),
  unauthorized: { ok: false, error_code: 401, description: 'Unauthorized' },
  notModified: { ok: false, error_code: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' },
} as const;

interface Waiter { offset: number; res: ServerResponse; timer: ReturnType<typeof setTimeout>; token: string }

export class BotApiStandIn {
  readonly calls: RecordedCall[] = [];
  readonly bot = { id: 7_000_000_001, is_bot: true, first_name: 'Hearth Home', username: 'hearth_home_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };
  /** Tokens the stand-in accepts. */
  readonly tokens = new Set<string>();
  /** When each update was handed out in a getUpdates answer (performance.now()). */
  readonly deliveredAt = new Map<number, number>();
  private server: Server | undefined;
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 500_000_001;
  private nextMessageId = 1;
  private readonly waiters = new Set<Waiter>();
  private readonly faults = new Map<string, Record<string, unknown>[]>();
  /** Highest offset a getUpdates call confirmed (updates below it are gone, as on the real server). */
  confirmed = 0;
  url = '';

  constructor(token: string) {
    this.tokens.add(token);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res).catch((err: Error) => {
      res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: err.message }));
    }));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.res.destroy();
    }
    this.waiters.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next `count` calls of `method` fail with `body` (a real error answer). */
  failNext(method: string, body: Record<string, unknown>, count = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(body);
    this.faults.set(method, list);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot sent to a chat, oldest first. */
  sentTo(chatId: number): RecordedCall[] {
    return this.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'sendDocument') && Number(c.params['chat_id']) === chatId);
  }

  /** A user writes `text` in their private chat with the bot; returns the update id. */
  userSays(user: TgUser, text: string): number {
    const message: Record<string, unknown> = {
      message_id: this.nextMessageId++, from: { is_bot: false, ...user }, chat: { id: user.id, first_name: user.first_name, type: 'private', ...(user.username ? { username: user.username } : {}) },
      date: Math.floor(Date.now() / 1000), text,
    };
    if (text.startsWith('/')) message['entities'] = [{ offset: 0, length: text.split(/\s/)[0]!.length, type: 'bot_command' }];
    return this.push({ message });
  }

  /** A user taps an inline button under `messageId`. */
  userTaps(user: TgUser, messageId: number, data: string): number {
    const sent = this.calls.find((c) => c.method === 'sendMessage' && c.params['__message_id'] === messageId);
    return this.push({
      callback_query: {
        id: String(4_000_000_000_000 + this.nextUpdateId), from: { is_bot: false, ...user }, chat_instance: '-7000000000000000001', data,
        message: { message_id: messageId, from: this.bot, chat: { id: Number(sent?.params['chat_id'] ?? user.id), type: 'private', first_name: user.first_name }, date: Math.floor(Date.now() / 1000), text: String(sent?.params['text'] ?? '') },
      },
    });
  }

  private push(body: Record<string, unknown>): number {
    const update = { update_id: this.nextUpdateId++, ...body };
    this.updates.push(update);
    for (const w of [...this.waiters]) this.answerUpdates(w);
    return update.update_id as number;
  }

  private pendingFor(offset: number): Record<string, unknown>[] {
    return this.updates.filter((u) => (u['update_id'] as number) >= offset);
  }

  private answerUpdates(w: Waiter): void {
    const list = this.pendingFor(w.offset);
    if (list.length === 0) return;
    this.waiters.delete(w);
    clearTimeout(w.timer);
    const now = performance.now();
    for (const u of list) if (!this.deliveredAt.has(u['update_id'] as number)) this.deliveredAt.set(u['update_id'] as number, now);
    json(w.res, { ok: true, result: list });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!m) return json(res, { ok: false, error_code: 404, description: 'Not Found' }, 404);
    const [, token, method] = m as unknown as [string, string, string];
    const { params, files } = await readParams(req);
    const call: RecordedCall = { method, token, params, at };
    if (files) call.files = files;
    this.calls.push(call);
    if (!this.tokens.has(token)) return json(res, BOT_API_ERRORS.unauthorized, 401);
    const fault = this.faults.get(method)?.shift();
    if (fault) return json(res, fault, fault['error_code'] as number);
    const chat = (id: unknown) => ({ id: Number(id), type: 'private', first_name: 'Owner' });
    const message = (extra: Record<string, unknown>) => {
      const id = this.nextMessageId++;
      params['__message_id'] = id;
      return { message_id: id, from: this.bot, chat: chat(params['chat_id']), date: Math.floor(Date.now() / 1000), ...extra };
    };
    switch (method) {
      case 'getMe': return json(res, { ok: true, result: this.bot });
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'answerCallbackQuery': return json(res, { ok: true, result: true });
      case 'sendMessage': {
        const r: Record<string, unknown> = { text: params['text'] };
        if (params['reply_markup']) r['reply_markup'] = params['reply_markup'];
        return json(res, { ok: true, result: message(r) });
      }
      case 'editMessageText':
        return json(res, { ok: true, result: { message_id: Number(params['message_id']), from: this.bot, chat: chat(params['chat_id']), date: Math.floor(Date.now() / 1000), edit_date: Math.floor(Date.now() / 1000), text: params['text'] } });
      case 'sendDocument': {
        const f = Object.values(files ?? {})[0];
        return json(res, { ok: true, result: message({ document: { file_name: f?.name ?? 'file', mime_type: 'text/plain', file_id: `BQACAgQAAxkDAAI${this.nextMessageId}`, file_unique_id: `AgAD${this.nextMessageId}`, file_size: f?.size ?? 0 }, caption: params['caption'] }) });
      }
      case 'getUpdates': {
        const offset = Number(params['offset'] ?? 0);
        if (offset > this.confirmed) {
          this.confirmed = offset;
          this.updates = this.updates.filter((u) => (u['update_id'] as number) >= offset);
        }
        const timeoutSec = Number(params['timeout'] ?? 0);
        const w: Waiter = { offset, res, token, timer: setTimeout(() => {
          this.waiters.delete(w);
          json(res, { ok: true, result: [] });
        }, timeoutSec * 1000) };
        this.waiters.add(w);
        res.on('close', () => {
          clearTimeout(w.timer);
          this.waiters.delete(w);
        });
        return this.answerUpdates(w);
      }
      default: return json(res, { ok: false, error_code: 404, description: 'Not Found: method not found' }, 404);
    }
  }
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function readParams(req: IncomingMessage): Promise<{ params: Record<string, unknown>; files?: RecordedCall['files'] }> {
  const type = req.headers['content-type'] ?? '';
  const request = new Request('http://standin/', { method: 'POST', headers: req.headers as Record<string, string>, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
  if (type.startsWith('multipart/form-data')) {
    const form = await request.formData();
    const params: Record<string, unknown> = {};
    const files: NonNullable<RecordedCall['files']> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') params[k] = parseMaybe(v);
      else {
        const text = await v.text();
        files[k] = { name: v.name, size: v.size, text };
        params[k] = `attach:${k}`;
      }
    }
    return { params, files };
  }
  const text = await request.text();
  if (text === '') return { params: {} };
  return { params: JSON.parse(text) as Record<string, unknown> };
}

function parseMaybe(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
