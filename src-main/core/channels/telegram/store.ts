/**
 * What the Telegram module keeps in the gateway database: admitted owners, pending pairing codes
 * and the approval cards it sent (so a decision made anywhere edits every copy, even after a restart).
 */
import type { Db } from '../../store/db.ts';
import type { Lang } from './texts.ts';

export const TELEGRAM_MIGRATIONS = [
  `CREATE TABLE telegram_owners (user_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, username TEXT, name TEXT NOT NULL,
     lang TEXT NOT NULL, admitted_at_ms INTEGER NOT NULL)`,
  `CREATE TABLE telegram_codes (code TEXT PRIMARY KEY, user_id INTEGER NOT NULL UNIQUE, chat_id INTEGER NOT NULL, username TEXT,
     name TEXT NOT NULL, lang TEXT NOT NULL, created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL)`,
  `CREATE TABLE telegram_cards (kind TEXT NOT NULL, request_id TEXT NOT NULL, chat_id INTEGER NOT NULL, message_id INTEGER NOT NULL,
     lang TEXT NOT NULL, text TEXT NOT NULL, state TEXT NOT NULL, created_at_ms INTEGER NOT NULL, PRIMARY KEY (kind, request_id, chat_id))`,
];

export interface Owner {
  userId: number;
  chatId: number;
  username?: string;
  name: string;
  lang: Lang;
  admittedAtMs: number;
}

export interface PairingCode {
  code: string;
  userId: number;
  chatId: number;
  username?: string;
  name: string;
  lang: Lang;
  createdAtMs: number;
  expiresAtMs: number;
}

export type CardKind = 'device' | 'surface' | 'exec';

export interface Card {
  kind: CardKind;
  requestId: string;
  chatId: number;
  messageId: number;
  lang: Lang;
  text: string;
  /** `pending` until decided; then the outcome line shown. */
  state: string;
  createdAtMs: number;
}

interface OwnerRow { user_id: number; chat_id: number; username: string | null; name: string; lang: string; admitted_at_ms: number }
interface CodeRow { code: string; user_id: number; chat_id: number; username: string | null; name: string; lang: string; created_at_ms: number; expires_at_ms: number }
interface CardRow { kind: string; request_id: string; chat_id: number; message_id: number; lang: string; text: string; state: string; created_at_ms: number }

const owner = (r: OwnerRow): Owner => ({
  userId: r.user_id, chatId: r.chat_id, name: r.name, lang: r.lang as Lang, admittedAtMs: r.admitted_at_ms, ...(r.username ? { username: r.username } : {}),
});
const code = (r: CodeRow): PairingCode => ({
  code: r.code, userId: r.user_id, chatId: r.chat_id, name: r.name, lang: r.lang as Lang, createdAtMs: r.created_at_ms, expiresAtMs: r.expires_at_ms,
  ...(r.username ? { username: r.username } : {}),
});
const card = (r: CardRow): Card => ({
  kind: r.kind as CardKind, requestId: r.request_id, chatId: r.chat_id, messageId: r.message_id, lang: r.lang as Lang, text: r.text, state: r.state, createdAtMs: r.created_at_ms,
});

export function createTelegramStore(db: Db) {
  return {
    owners: (): Owner[] => db.prepare<[], OwnerRow>('SELECT * FROM telegram_owners ORDER BY admitted_at_ms').all().map(owner),
    owner: (userId: number): Owner | undefined => {
      const r = db.prepare<[number], OwnerRow>('SELECT * FROM telegram_owners WHERE user_id = ?').get(userId);
      return r ? owner(r) : undefined;
    },
    putOwner(o: Owner): void {
      db.prepare(`INSERT INTO telegram_owners (user_id, chat_id, username, name, lang, admitted_at_ms) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(user_id) DO UPDATE SET chat_id = excluded.chat_id, username = excluded.username, name = excluded.name, lang = excluded.lang`)
        .run(o.userId, o.chatId, o.username ?? null, o.name, o.lang, o.admittedAtMs);
    },
    removeOwner: (userId: number): boolean => db.prepare('DELETE FROM telegram_owners WHERE user_id = ?').run(userId).changes > 0,
    /** Pending codes still valid at `now` (expired ones are deleted on the way). */
    codes(now: number): PairingCode[] {
      db.prepare('DELETE FROM telegram_codes WHERE expires_at_ms <= ?').run(now);
      return db.prepare<[], CodeRow>('SELECT * FROM telegram_codes ORDER BY created_at_ms').all().map(code);
    },
    putCode(c: PairingCode): void {
      db.prepare(`INSERT INTO telegram_codes (code, user_id, chat_id, username, name, lang, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(c.code, c.userId, c.chatId, c.username ?? null, c.name, c.lang, c.createdAtMs, c.expiresAtMs);
    },
    removeCode: (c: string): boolean => db.prepare('DELETE FROM telegram_codes WHERE code = ?').run(c).changes > 0,
    removeCodesOf: (userId: number): void => void db.prepare('DELETE FROM telegram_codes WHERE user_id = ?').run(userId),
    putCard(c: Card): void {
      db.prepare(`INSERT INTO telegram_cards (kind, request_id, chat_id, message_id, lang, text, state, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(kind, request_id, chat_id) DO UPDATE SET message_id = excluded.message_id, text = excluded.text, state = excluded.state`)
        .run(c.kind, c.requestId, c.chatId, c.messageId, c.lang, c.text, c.state, c.createdAtMs);
    },
    cards: (kind: CardKind, requestId: string): Card[] =>
      db.prepare<[string, string], CardRow>('SELECT * FROM telegram_cards WHERE kind = ? AND request_id = ?').all(kind, requestId).map(card),
    setCardState(kind: CardKind, requestId: string, state: string): void {
      db.prepare('UPDATE telegram_cards SET state = ? WHERE kind = ? AND request_id = ?').run(state, kind, requestId);
    },
    /** Old decided cards are of no further use. */
    pruneCards(before: number): void {
      db.prepare("DELETE FROM telegram_cards WHERE state != 'pending' AND created_at_ms < ?").run(before);
    },
  };
}
export type TelegramStore = ReturnType<typeof createTelegramStore>;
