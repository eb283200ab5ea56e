/**
 * Outbound long polling, kept alive like a service. Telegram confirms an update once `getUpdates`
 * is called with a higher offset, so the offset is saved after each handled update and a restart
 * resumes after the last one (nothing is handled twice). Failures map to states:
 * 409 → `conflict` (another poller or a webhook holds the token), 401/404 → `unauthorized` (stops),
 * 429 → waits `retry_after`, anything else (network) → `backoff`, doubling up to a cap.
 */
import type { Api } from 'grammy/web';
import { loadGrammy, type GrammyModule } from './grammy.ts';
import type { Update } from 'grammy/types';
import { backoffDelay, type BackoffPolicy } from '../../../../src-shared/client/backoff.ts';

/** grammy types its signal with the abort-controller polyfill; Node's own AbortSignal works at run time. */
export type GrammySignal = Parameters<Api['getMe']>[0];

export type PollState = 'polling' | 'backoff' | 'conflict' | 'unauthorized' | 'disabled';

export interface PollerOptions {
  api: Api;
  /** First update id not yet handled. */
  loadOffset(): number | undefined;
  saveOffset(next: number): void;
  handle(update: Update): Promise<void>;
  onState(state: PollState, error?: string): void;
  /** Seconds Telegram holds a getUpdates call open. */
  pollTimeoutSec?: number;
  backoffStartMs?: number;
  backoffCapMs?: number;
  log: { warn(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  /** Removes secrets from error text before it is shown or logged. */
  redact(s: string): string;
}

const ACCEPTED_AFTER_MS = 1_500;

export const CONFLICT_FIX = 'another program is polling this bot token, or a webhook is set for it. Stop the other Hearth gateway or bot using the same token (or remove the webhook with the Bot API\'s deleteWebhook), then Hearth resumes by itself';

export class Poller {
  private readonly o: PollerOptions;
  /** The poll in flight; a fresh controller per call, since grammy hooks a listener onto each signal it is given. */
  private current: AbortController | undefined;
  private running: Promise<void> | undefined;
  private wakeSleep: (() => void) | undefined;
  private stopped = false;

  constructor(o: PollerOptions) {
    this.o = o;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort();
    this.wakeSleep?.();
    await this.running;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }

  private async loop(): Promise<void> {
    // Loaded already when a real Api exists; a stand-in Api (tests) gets the same classes.
    const { GrammyError } = await loadGrammy();
    const policy: BackoffPolicy = { initialMs: this.o.backoffStartMs ?? 1_000, maxMs: this.o.backoffCapMs ?? 60_000, jitter: 0.2 };
    let attempt = 0;
    let offset = this.o.loadOffset();
    while (!this.stopped) {
      let updates: Update[];
      try {
        const params: { offset?: number; timeout: number; allowed_updates: ('message' | 'callback_query')[] } = {
          timeout: this.o.pollTimeoutSec ?? 30, allowed_updates: ['message', 'callback_query'],
        };
        if (offset !== undefined) params.offset = offset;
        // Telegram refuses a conflicting or throttled poll at once; one still open after a moment
        // was accepted, so the state is `polling` even while the long poll waits for updates.
        const accepted = setTimeout(() => this.o.onState('polling'), ACCEPTED_AFTER_MS);
        const ac = new AbortController();
        this.current = ac;
        try {
          updates = await this.o.api.getUpdates(params, ac.signal as unknown as GrammySignal);
        } finally {
          clearTimeout(accepted);
          this.current = undefined;
        }
      } catch (err) {
        if (this.stopped) break;
        const wait = this.failure(err, backoffDelay(attempt++, policy), GrammyError);
        if (wait === undefined) break;
        await this.sleep(wait);
        continue;
      }
      attempt = 0;
      this.o.onState('polling');
      for (const u of updates) {
        if (this.stopped) break;
        if (offset !== undefined && u.update_id < offset) continue;
        try {
          await this.o.handle(u);
        } catch (err) {
          // One bad update must not stall the queue: it counts as handled.
          this.o.log.error('telegram update handling failed', { updateId: u.update_id, error: this.o.redact((err as Error).stack ?? String(err)) });
        }
        offset = u.update_id + 1;
        this.o.saveOffset(offset);
      }
    }
  }

  /** Maps a failure to a state; returns how long to wait, or undefined to stop polling. */
  private failure(err: unknown, delay: number, GrammyError: GrammyModule['GrammyError']): number | undefined {
    if (err instanceof GrammyError) {
      if (err.error_code === 409) {
        this.o.onState('conflict', `Telegram refused polling (409 ${this.o.redact(err.description)}): ${CONFLICT_FIX}`);
        return delay;
      }
      if (err.error_code === 401 || err.error_code === 404) {
        this.o.onState('unauthorized', `Telegram no longer accepts the bot token (${err.error_code} ${err.description}); get a new one from @BotFather and run \`hearth telegram set --token …\``);
        return undefined;
      }
      if (err.error_code === 429) {
        const after = err.parameters.retry_after ?? Math.ceil(delay / 1000);
        this.o.onState('backoff', `Telegram asked to slow down (429); retrying in ${after} s`);
        return after * 1000;
      }
      this.o.onState('backoff', `Telegram answered ${err.error_code} ${this.o.redact(err.description)}; retrying in ${Math.round(delay / 1000)} s`);
      return delay;
    }
    const msg = this.o.redact(err instanceof Error ? err.message : String(err));
    this.o.onState('backoff', `cannot reach the Bot API (${msg}); retrying in ${Math.round(delay / 1000)} s`);
    this.o.log.warn('telegram polling failed', { error: msg, retryInMs: delay });
    return delay;
  }
}
