/** Human-readable durations, ages and expiries for CLI output. */

/** `45s`, `12m 3s`, `3h 12m`, `2d 4h`; sub-second values as `850ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** How long ago `ts` was, e.g. `just now`, `42s ago`, `3h 5m ago`; `-` when unknown. */
export function formatAge(ts: number | undefined, now: number): string {
  if (ts === undefined || !Number.isFinite(ts)) return '-';
  const ms = now - ts;
  if (ms < 2000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** Time left until `expiresAtMs`, e.g. `in 9m 58s`, or `expired`. */
export function formatExpiry(expiresAtMs: number, now: number): string {
  const left = expiresAtMs - now;
  if (left <= 0) return 'expired';
  return `in ${formatDuration(left)}`;
}

/** Local wall-clock time `HH:MM:SS` of a timestamp. */
export function formatClock(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
