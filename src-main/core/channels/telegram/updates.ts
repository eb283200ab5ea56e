/**
 * One update from Telegram, through the gate: only admitted owners' messages and button presses
 * are acted on, checked by `from.id` every time. A stranger writing in a private chat gets a
 * pairing code and nothing else; strangers' button presses and group chatter are ignored.
 */
import type { Update } from 'grammy/types';
import type { ApprovalCards } from './cards.ts';
import type { Commands } from './commands.ts';
import { sendHtml, type BotDeps } from './deps.ts';
import { codeFor } from './pairing-codes.ts';
import { langOf, t } from './texts.ts';

export class UpdateHandler {
  private readonly deps: BotDeps;
  private readonly commands: Commands;
  private readonly cards: ApprovalCards;
  /** Commands still running (`/run` waits for the node); they must not hold up the next update. */
  private readonly inFlight = new Set<Promise<void>>();
  onPairingCode: () => void = () => {};

  constructor(deps: BotDeps, commands: Commands, cards: ApprovalCards) {
    this.deps = deps;
    this.commands = commands;
    this.cards = cards;
  }

  async handle(u: Update): Promise<void> {
    if (u.callback_query) {
      const cq = u.callback_query;
      const owner = this.deps.store.owner(cq.from.id);
      const api = this.deps.api();
      if (!owner) {
        // Not an owner: say nothing about what the button would do.
        await api?.answerCallbackQuery(cq.id).catch(() => {});
        return;
      }
      await this.cards.onButton({ ...owner, lang: langOf(cq.from.language_code) ?? owner.lang }, cq.id, cq.data ?? '');
      return;
    }
    const msg = u.message;
    if (!msg || !msg.from || msg.from.is_bot) return;
    const from = msg.from;
    const lang = langOf(from.language_code);
    const owner = this.deps.store.owner(from.id);
    if (!owner) {
      if (msg.chat.type !== 'private') return;
      const name = [from.first_name, from.last_name].filter(Boolean).join(' ') || String(from.id);
      const stranger = { userId: from.id, chatId: msg.chat.id, name, lang, ...(from.username ? { username: from.username } : {}) };
      const r = codeFor(this.deps.store, stranger, this.deps.clock());
      if ('busy' in r) {
        await sendHtml(this.deps, msg.chat.id, t(lang, 'pairBusy'));
        return;
      }
      this.deps.log.info('telegram pairing code issued', { userId: from.id, username: from.username });
      this.onPairingCode();
      await sendHtml(this.deps, msg.chat.id, t(lang, 'pairCode', { code: r.code.code }));
      return;
    }
    // Keep the owner's chat and language current (used for cards and alerts).
    if (owner.chatId !== msg.chat.id && msg.chat.type === 'private') this.deps.store.putOwner({ ...owner, chatId: msg.chat.id, lang });
    else if (owner.lang !== lang) this.deps.store.putOwner({ ...owner, lang });
    const text = msg.text ?? '';
    const current = { ...owner, lang, chatId: msg.chat.type === 'private' ? msg.chat.id : owner.chatId };
    const work = this.commands.handle(current, text.startsWith('/') ? text : '/help', lang).catch((err: unknown) => {
      this.deps.log.error('telegram command failed', { error: this.deps.redact(String((err as Error).stack ?? err)) });
    });
    if (/^\/run\b/i.test(text)) {
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
      return;
    }
    await work;
  }

  /** Waits for commands still running (stop). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
