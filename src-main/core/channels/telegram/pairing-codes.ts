/**
 * Owner pairing codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I), valid one
 * hour, at most three waiting at a time; a stranger who writes again gets the same code back.
 */
import { randomInt } from 'node:crypto';
import type { PairingCode, TelegramStore } from './store.ts';
import type { Lang } from './texts.ts';

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
export const CODE_TTL_MS = 60 * 60_000;
export const MAX_PENDING_CODES = 3;

export function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Upper-cases and drops spaces/dashes so `abcd-efgh` finds `ABCDEFGH`. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export interface Stranger {
  userId: number;
  chatId: number;
  username?: string;
  name: string;
  lang: Lang;
}

/** The code for this stranger: their existing one, a new one, or `busy` when three are waiting. */
export function codeFor(store: TelegramStore, who: Stranger, now: number): { code: PairingCode } | { busy: true } {
  const pending = store.codes(now);
  const mine = pending.find((c) => c.userId === who.userId);
  if (mine) return { code: mine };
  if (pending.length >= MAX_PENDING_CODES) return { busy: true };
  let value = newCode();
  while (pending.some((c) => c.code === value)) value = newCode();
  const code: PairingCode = { code: value, userId: who.userId, chatId: who.chatId, name: who.name, lang: who.lang, createdAtMs: now, expiresAtMs: now + CODE_TTL_MS };
  if (who.username) code.username = who.username;
  store.putCode(code);
  return { code };
}
