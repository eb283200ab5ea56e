/** Small formatters shared by the screens (numbers, bytes, durations, relative times). */
import type { MessageKey } from '../i18n/i18n.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

export function formatPercent(f: number | undefined): string {
  return f === undefined || !Number.isFinite(f) ? '–' : `${Math.round(f * 100)}%`;
}

/**
 * CPU load as a share of the machine's cores. Load average per core can pass 100 % (more runnable
 * processes than cores); a figure like "1028%" reads as a bug, so anything above full shows "100%+"
 * and the detail line carries the real load average.
 */
export function formatLoad(f: number | undefined): string {
  if (f === undefined || !Number.isFinite(f)) return '–';
  return f > 1 ? '100%+' : formatPercent(f);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago" in the current language. */
export function formatAgo(t: T, ts: number | undefined, now: number): string {
  if (!ts) return t('time.never');
  const s = Math.max(0, Math.round((now - ts) / 1000));
  if (s < 10) return t('time.justNow');
  if (s < 60) return t('time.secondsAgo', { n: s });
  if (s < 3600) return t('time.minutesAgo', { n: Math.floor(s / 60) });
  if (s < 86400) return t('time.hoursAgo', { n: Math.floor(s / 3600) });
  return t('time.daysAgo', { n: Math.floor(s / 86400) });
}

/** mm:ss countdown. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatTime(ts: number, lang: string): string {
  return new Date(ts).toLocaleString(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
