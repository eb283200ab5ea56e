/**
 * The Telegram bot's life inside the gateway: token on disk → Bot API client → long polling, with
 * its state (`polling|backoff|conflict|unauthorized|disabled`) for status, health and the UIs.
 */
import type { Api } from 'grammy/web';
import { invalidRequest } from '../../../../src-shared/protocol/errors.ts';
import type { ModuleContext } from '../../modules/types.ts';
import { createInProcessOperator, type InProcessOperator } from '../operator-session.ts';
import { AlertNotifier } from './alert-notifier.ts';
import { botFetch } from './bot-fetch.ts';
import { ApprovalCards } from './cards.ts';
import { Commands } from './commands.ts';
import { failureText, sendHtml, type BotDeps } from './deps.ts';
import { grammy, loadGrammy } from './grammy.ts';
import { normalizeCode } from './pairing-codes.ts';
import { Poller, type GrammySignal, type PollState } from './poller.ts';
import { createTelegramStore, type Owner, type PairingCode, type TelegramStore } from './store.ts';
import { COMMAND_MENU, t } from './texts.ts';
import { looksLikeToken, readTokenFile, removeTokenFile, writeTokenFile, type BotIdentity, type TokenFile } from './token-file.ts';
import { UpdateHandler } from './updates.ts';

export interface TelegramStatus {
  state: PollState;
  bot: BotIdentity | null;
  apiRoot: string | null;
  owners: number;
  pending: number;
  lastUpdateAtMs: number | null;
  lastError: string | null;
  mutedUntilMs: number | null;
}

const GETME_TIMEOUT_MS = 10_000;

export class TelegramService {
  private readonly ctx: ModuleContext;
  readonly store: TelegramStore;
  private readonly op: InProcessOperator;
  private readonly cards: ApprovalCards;
  private readonly updates: UpdateHandler;
  private readonly notifier: AlertNotifier;
  private readonly unsubscribe: () => void;
  private api: Api | undefined;
  private poller: Poller | undefined;
  private file: TokenFile | undefined;
  private state: PollState = 'disabled';
  private stopped = false;
  private lastError: string | null = null;
  private lastUpdateAtMs: number | null = null;
  /** Handling time of recent updates (ms), for the bench and health. */
  readonly handleTimes: number[] = [];

  private readonly onChange: (s: TelegramStatus) => void;

  constructor(ctx: ModuleContext, onChange: (s: TelegramStatus) => void) {
    this.ctx = ctx;
    this.onChange = onChange;
    this.store = createTelegramStore(ctx.gw.store.db);
    this.op = createInProcessOperator(ctx.gw, 'hearth-telegram', (event, payload) => this.cards.onEvent(event, payload));
    const deps: BotDeps = {
      api: () => this.api, store: this.store, op: this.op, gw: ctx.gw, alerts: ctx.alerts, settings: ctx.settings, clock: ctx.gw.clock, log: ctx.log,
      redact: (s) => this.redact(s),
    };
    this.cards = new ApprovalCards(deps);
    this.updates = new UpdateHandler(deps, new Commands(deps, this.cards), this.cards);
    this.updates.onPairingCode = () => this.changed();
    this.notifier = new AlertNotifier(deps, {
      groupMs: ctx.settings.get<number>('alertGroupMs', 3_000), minIntervalMs: ctx.settings.get<number>('alertIntervalMs', 60_000),
    });
    this.unsubscribe = ctx.alerts.subscribe((a, change) => this.notifier.onAlert(a, change));
  }

  /** Starts polling with the saved token, if any. */
  start(): void {
    try {
      this.file = readTokenFile(this.ctx.stateDir);
    } catch (err) {
      this.setState('disabled', (err as Error).message);
      return;
    }
    const file = this.file;
    if (!file) return;
    void loadGrammy().then(
      () => { if (this.file === file && !this.stopped) this.run(file); },
      (err: Error) => this.setState('disabled', `cannot load the Telegram library (${err.message}); reinstall Hearth`),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.notifier.stop();
    this.op.close();
    await this.poller?.stop();
    this.poller = undefined;
    this.api = undefined;
  }

  private redact(s: string): string {
    const token = this.file?.token;
    return token ? s.split(token).join('<bot-token>') : s;
  }

  private setState(state: PollState, error?: string): void {
    const changed = state !== this.state || (error ?? null) !== this.lastError;
    this.state = state;
    if (error !== undefined) this.lastError = error;
    else if (state === 'polling') this.lastError = null;
    if (changed) {
      if (error) this.ctx.log.warn(`telegram ${state}: ${error}`);
      this.changed();
    }
  }

  private changed(): void {
    try {
      this.onChange(this.status());
    } catch (err) {
      this.ctx.log.warn('telegram status listener failed', { error: (err as Error).message });
    }
  }

  private client(token: string, apiRoot: string | undefined): Api {
    const fetch = botFetch as unknown as typeof globalThis.fetch;
    return new (grammy().Api)(token, apiRoot ? { apiRoot: apiRoot.replace(/\/+$/, ''), fetch } : { fetch });
  }

  private run(file: TokenFile): void {
    this.api = this.client(file.token, file.apiRoot);
    // Events (approvals to card) are only wanted while a bot runs.
    this.op.listen(true);
    const api = this.api;
    this.setState('polling');
    void Promise.all([
      api.setMyCommands(COMMAND_MENU.en),
      api.setMyCommands(COMMAND_MENU.zh, { language_code: 'zh' }),
    ]).catch((err: unknown) => this.ctx.log.warn('telegram setMyCommands failed', { error: this.redact(failureText(err)) }));
    this.poller = new Poller({
      api,
      loadOffset: () => this.ctx.settings.get<number | null>('offset', null) ?? undefined,
      saveOffset: (n) => this.ctx.settings.set('offset', n),
      handle: async (u) => {
        const started = performance.now();
        this.lastUpdateAtMs = this.ctx.gw.clock();
        await this.updates.handle(u);
        this.handleTimes.push(performance.now() - started);
        if (this.handleTimes.length > 1000) this.handleTimes.splice(0, this.handleTimes.length - 1000);
      },
      onState: (s, e) => this.setState(s, e),
      pollTimeoutSec: this.ctx.settings.get<number>('pollTimeoutSec', 30),
      log: this.ctx.log,
      redact: (s) => this.redact(s),
    });
    this.poller.start();
  }

  /** Validates the token with getMe, saves it (0600) and restarts polling with it. */
  async set(token: string, apiRoot: string | undefined): Promise<TelegramStatus> {
    const tok = token.trim();
    if (!looksLikeToken(tok)) throw invalidRequest('that is not a bot token (it looks like 123456789:AA…, from @BotFather); nothing was saved');
    if (apiRoot !== undefined) {
      try {
        const u = new URL(apiRoot);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
      } catch {
        throw invalidRequest(`--api-root must be an http(s) URL of a Bot API server, got "${apiRoot}"; nothing was saved`);
      }
    }
    const { GrammyError, HttpError } = await loadGrammy();
    let me;
    try {
      me = await this.client(tok, apiRoot).getMe(AbortSignal.timeout(GETME_TIMEOUT_MS) as unknown as GrammySignal);
    } catch (err) {
      const where = apiRoot ?? 'https://api.telegram.org';
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw invalidRequest(`Telegram refused the token (${err.error_code} ${err.description}); copy it again from @BotFather; nothing was saved`);
      }
      if (err instanceof GrammyError) throw invalidRequest(`getMe failed (${err.error_code} ${err.description.split(tok).join('<bot-token>')}); nothing was saved`);
      const msg = err instanceof HttpError ? failureText(err.error) : failureText(err);
      throw invalidRequest(`cannot reach the Bot API at ${where} (${msg.split(tok).join('<bot-token>')}); check the network or --api-root; nothing was saved`);
    }
    await this.poller?.stop();
    const file: TokenFile = { token: tok, bot: { id: me.id, username: me.username, firstName: me.first_name }, savedAtMs: this.ctx.gw.clock() };
    if (apiRoot) file.apiRoot = apiRoot.replace(/\/+$/, '');
    // A different bot has its own update numbering.
    if (this.file?.bot.id !== file.bot.id) this.ctx.settings.set('offset', null);
    writeTokenFile(this.ctx.stateDir, file);
    this.file = file;
    this.lastError = null;
    this.ctx.log.info('telegram bot set', { bot: `@${me.username}` });
    this.run(file);
    return this.status();
  }

  /** Stops the bot and forgets the token (owners stay for the next `set`). */
  async off(): Promise<TelegramStatus> {
    await this.poller?.stop();
    this.poller = undefined;
    this.api = undefined;
    removeTokenFile(this.ctx.stateDir);
    this.file = undefined;
    this.op.listen(false);
    this.lastError = null;
    this.setState('disabled');
    this.changed();
    return this.status();
  }

  status(): TelegramStatus {
    const muted = this.ctx.settings.get<number>('mutedUntilMs', 0);
    return {
      state: this.state, bot: this.file?.bot ?? null, apiRoot: this.file?.apiRoot ?? null, owners: this.store.owners().length,
      pending: this.store.codes(this.ctx.gw.clock()).length, lastUpdateAtMs: this.lastUpdateAtMs, lastError: this.lastError,
      mutedUntilMs: muted > this.ctx.gw.clock() ? muted : null,
    };
  }

  pendingCodes(): PairingCode[] {
    return this.store.codes(this.ctx.gw.clock());
  }

  /** Admits the user behind a pairing code and greets them. */
  approve(input: string, by: string): Owner {
    const code = normalizeCode(input);
    const found = this.store.codes(this.ctx.gw.clock()).find((c) => c.code === code);
    if (!found) throw invalidRequest(`no pending Telegram pairing code ${code || '""'} (codes last 1 hour); see \`hearth telegram pending\``);
    const owner: Owner = { userId: found.userId, chatId: found.chatId, name: found.name, lang: found.lang, admittedAtMs: this.ctx.gw.clock() };
    if (found.username) owner.username = found.username;
    this.ctx.gw.store.transaction(() => {
      this.store.putOwner(owner);
      this.store.removeCodesOf(found.userId);
    });
    this.ctx.log.info('telegram owner admitted', { userId: owner.userId, username: owner.username, by });
    void sendHtml({ api: () => this.api, log: this.ctx.log, redact: (s: string) => this.redact(s) } as BotDeps, owner.chatId, t(owner.lang, 'pairAdmitted'));
    this.changed();
    return owner;
  }

  owners(): Owner[] {
    return this.store.owners();
  }

  /** Removes an owner by id or @username; their next message is a stranger's. */
  remove(user: string): Owner {
    const q = user.trim().replace(/^@/, '').toLowerCase();
    const o = this.store.owners().find((x) => String(x.userId) === q || x.username?.toLowerCase() === q);
    if (!o) throw invalidRequest(`no Telegram owner "${user}"; see \`hearth telegram users\``);
    this.store.removeOwner(o.userId);
    this.changed();
    return o;
  }
}
