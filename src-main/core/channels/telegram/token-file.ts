/**
 * The bot token, kept in `<stateDir>/telegram.json` with mode 0600 (never in the database,
 * settings, logs or any answer). The file also remembers the bot's identity from getMe.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BotIdentity {
  id: number;
  username: string;
  firstName: string;
}

export interface TokenFile {
  token: string;
  apiRoot?: string;
  bot: BotIdentity;
  savedAtMs: number;
}

export const tokenPath = (stateDir: string) => join(stateDir, 'telegram.json');

export function readTokenFile(stateDir: string): TokenFile | undefined {
  const p = tokenPath(stateDir);
  if (!existsSync(p)) return undefined;
  const data = JSON.parse(readFileSync(p, 'utf8')) as Partial<TokenFile>;
  if (typeof data.token !== 'string' || !data.bot || typeof data.bot.username !== 'string') {
    throw new Error(`${p} is not a Hearth Telegram file; run \`hearth telegram set --token …\` again`);
  }
  return data as TokenFile;
}

export function writeTokenFile(stateDir: string, f: TokenFile): void {
  const p = tokenPath(stateDir);
  const tmp = `${p}.tmp`;
  writeFileSync(tmp, JSON.stringify(f) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, p);
}

export function removeTokenFile(stateDir: string): void {
  rmSync(tokenPath(stateDir), { force: true });
}

/** A bot token as BotFather hands it out: `<digits>:<35-ish url-safe characters>`. */
export function looksLikeToken(s: string): boolean {
  return /^\d{3,20}:[A-Za-z0-9_-]{20,100}$/.test(s);
}
