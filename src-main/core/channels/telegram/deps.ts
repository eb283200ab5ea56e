/** What the bot's parts share: the Bot API, its own tables, the in-process operator and the gateway. */
import type { Api } from 'grammy/web';
import type { GatewayServices } from '../../gateway/services.ts';
import type { Logger } from '../../logger.ts';
import type { AlertBus } from '../../modules/types.ts';
import type { InProcessOperator } from '../operator-session.ts';
import type { Owner, TelegramStore } from './store.ts';

export interface BotDeps {
  api: () => Api | undefined;
  store: TelegramStore;
  op: InProcessOperator;
  gw: GatewayServices;
  alerts: AlertBus;
  settings: { get<T>(key: string, fallback: T): T; set(key: string, value: unknown): void };
  clock: () => number;
  log: Logger;
  redact(s: string): string;
}

/** The principal an owner acts as (audit log, "decided by"). */
export function principalOf(o: Pick<Owner, 'username' | 'name' | 'userId'>): string {
  return o.username ? `telegram:@${o.username}` : `telegram:${o.name} (${o.userId})`;
}

/** A failure as the CLI would print it: one line, the gateway's own message. */
export function failureText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sends HTML text to one chat; failures are logged, never thrown (a blocked bot must not stop others). */
export async function sendHtml(deps: BotDeps, chatId: number, text: string, extra: Record<string, unknown> = {}): Promise<number | undefined> {
  const api = deps.api();
  if (!api) return undefined;
  try {
    const m = await api.sendMessage(chatId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...extra });
    return m.message_id;
  } catch (err) {
    deps.log.warn('telegram sendMessage failed', { chatId, error: deps.redact(failureText(err)) });
    return undefined;
  }
}
