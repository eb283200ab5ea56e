/**
 * Alerts to the owners' chats: alerts that arrive close together go out as one message (grouped
 * for `groupMs`), and messages are at least `minIntervalMs` apart (rate limit), so a flapping
 * node or a burst of failures does not flood the phone. `/mute` drops messages until a time;
 * the alerts stay visible in /alerts and the other UIs.
 */
import type { Alert } from '../../modules/types.ts';
import { sendHtml, type BotDeps } from './deps.ts';
import { esc, t } from './texts.ts';

export interface AlertNotifierOptions {
  groupMs?: number;
  minIntervalMs?: number;
}

const MAX_LINES = 20;

export class AlertNotifier {
  private readonly deps: BotDeps;
  private readonly groupMs: number;
  private readonly minIntervalMs: number;
  private queue: { alert: Alert; change: 'raised' | 'updated' | 'cleared' }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAtMs = 0;
  /** Messages sent (for health and tests). */
  sent = 0;

  constructor(deps: BotDeps, opts: AlertNotifierOptions = {}) {
    this.deps = deps;
    this.groupMs = opts.groupMs ?? 3_000;
    this.minIntervalMs = opts.minIntervalMs ?? 60_000;
  }

  onAlert(alert: Alert, change: 'raised' | 'updated' | 'cleared'): void {
    if (this.deps.settings.get<number>('mutedUntilMs', 0) > this.deps.clock()) return;
    // The latest change per key is what matters: raised-then-cleared within a group says "resolved".
    this.queue = this.queue.filter((q) => q.alert.key !== alert.key);
    this.queue.push({ alert, change });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const now = Date.now();
    const wait = Math.max(this.groupMs, this.lastSentAtMs + this.minIntervalMs - now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    this.timer.unref?.();
  }

  private async flush(): Promise<void> {
    const items = this.queue;
    this.queue = [];
    if (items.length === 0) return;
    if (this.deps.settings.get<number>('mutedUntilMs', 0) > this.deps.clock()) return;
    this.lastSentAtMs = Date.now();
    const owners = this.deps.store.owners();
    await Promise.all(owners.map((o) => {
      const icon = (a: Alert, c: string) => (c === 'cleared' ? '✅' : a.severity === 'critical' ? '🔴' : a.severity === 'warning' ? '🟠' : 'ℹ️');
      const lines = items.slice(0, MAX_LINES).map(({ alert, change }) =>
        `${icon(alert, change)} ${change === 'cleared' ? `${t(o.lang, 'alertCleared')}: ` : ''}${esc(alert.message)}`);
      if (items.length > MAX_LINES) lines.push(`… +${items.length - MAX_LINES}`);
      return sendHtml(this.deps, o.chatId, [t(o.lang, 'alertsGroup'), ...lines].join('\n'));
    }));
    this.sent++;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}
