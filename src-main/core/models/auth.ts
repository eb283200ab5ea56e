/**
 * Who may use the OpenAI-compatible endpoint: the gateway's token (or password), a per-client key
 * from `hearth models key create NAME` (stored as SHA-256 only), or a short-lived key the web UI
 * mints for its "try it" chat. There is no open mode: without any of these every call is 401.
 * Failed attempts from non-loopback addresses are limited like the WebSocket handshake.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createAuthRateLimiter } from '../gateway/auth-rate-limit.ts';
import { isLoopbackAddress } from '../gateway/bind.ts';
import { hashToken, secretsEqual } from '../gateway/secrets.ts';
import type { ModelsRepo } from './store.ts';

const FORWARD_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];
const UI_KEY_TTL_MS = 15 * 60_000;

export type AuthOutcome = { ok: true; principal: string } | { ok: false; status: 401 | 429; message: string; code: string | null; retryAfterS?: number };

export class ApiAuth {
  private readonly limiter;
  private readonly secret: string | undefined;
  private readonly repo: ModelsRepo;
  private readonly clock: () => number;
  private keysByHash = new Map<string, { id: string; name: string }>();
  private readonly uiKeys = new Map<string, number>();
  private readonly touched = new Map<string, number>();

  constructor(opts: { secret: string | undefined; repo: ModelsRepo; clock: () => number }) {
    this.secret = opts.secret;
    this.repo = opts.repo;
    this.clock = opts.clock;
    this.limiter = createAuthRateLimiter(opts.clock);
    this.reload();
  }

  reload(): void {
    this.keysByHash = new Map(this.repo.keys().map((k) => [k.hash, { id: k.id, name: k.name }]));
  }

  createKey(name: string): { id: string; name: string; key: string; createdAtMs: number } {
    if (this.repo.keys().some((k) => k.name === name)) throw new Error(`a key named ${name} exists; revoke it first or pick another name`);
    const key = `hk-${randomBytes(24).toString('base64url')}`;
    const row = { id: randomUUID(), name, hash: hashToken(key), createdAtMs: this.clock() };
    this.repo.addKey(row);
    this.reload();
    return { id: row.id, name, key, createdAtMs: row.createdAtMs };
  }

  revokeKey(name: string): boolean {
    const ok = this.repo.removeKey(name);
    this.reload();
    return ok;
  }

  /** A key for the web UI's own chat, valid for a quarter of an hour, kept only in memory. */
  uiKey(): { key: string; expiresAtMs: number } {
    const now = this.clock();
    for (const [h, exp] of this.uiKeys) if (exp <= now) this.uiKeys.delete(h);
    const key = `hk-ui-${randomBytes(24).toString('base64url')}`;
    const expiresAtMs = now + UI_KEY_TTL_MS;
    this.uiKeys.set(hashToken(key), expiresAtMs);
    return { key, expiresAtMs };
  }

  check(req: IncomingMessage): AuthOutcome {
    const remote = req.socket.remoteAddress ?? '';
    const ip = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
    const local = isLoopbackAddress(ip) && !FORWARD_HEADERS.some((h) => req.headers[h] !== undefined);
    const limited = local ? undefined : this.limiter.limited(ip);
    if (limited !== undefined) {
      return { ok: false, status: 429, code: 'rate_limit_exceeded', retryAfterS: Math.ceil(limited / 1000), message: `Too many failed authentication attempts from this address; retry in ${Math.ceil(limited / 1000)} s.` };
    }
    const header = req.headers.authorization;
    const xKey = req.headers['x-api-key'];
    const given = typeof header === 'string' && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : typeof xKey === 'string' ? xKey.trim() : undefined;
    if (!given) {
      return { ok: false, status: 401, code: null, message: "You didn't provide an API key. Send `Authorization: Bearer <key>` with the gateway token or a key from `hearth models key create NAME`." };
    }
    if (this.secret !== undefined && secretsEqual(given, this.secret)) return { ok: true, principal: 'gateway-token' };
    const hash = hashToken(given);
    const key = this.keysByHash.get(hash);
    if (key) {
      // Last use is kept to the minute: no database write on every request.
      const now = this.clock();
      if ((this.touched.get(key.id) ?? 0) < now - 60_000) {
        this.touched.set(key.id, now);
        this.repo.touchKey(key.id, now);
      }
      return { ok: true, principal: `key:${key.name}` };
    }
    const ui = this.uiKeys.get(hash);
    if (ui !== undefined && ui > this.clock()) return { ok: true, principal: 'web-ui' };
    if (!local) this.limiter.record(ip);
    return { ok: false, status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided. Use the gateway token or a key from `hearth models key create NAME`.' };
  }
}
