/**
 * Fill rate and "full in about N days": a least-squares line through used bytes over the last
 * week. Needs a couple of hours of history, or a few minutes of noise would predict doom.
 */
import type { HistoryPoint } from './storage-store.ts';

export const FORECAST_WINDOW_MS = 7 * 86_400_000;
export const FORECAST_MIN_SPAN_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

export interface Forecast {
  fillRateBytesPerDay: number | null;
  fullInDays: number | null;
}

/** Fill rate (bytes/day) and days until `freeBytes` run out; nulls when unknown or not filling. */
export function forecast(points: readonly HistoryPoint[], freeBytes: number | null): Forecast {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    if (p.usedBytes === null) continue;
    xs.push(p.atMs);
    ys.push(p.usedBytes);
  }
  if (xs.length < 3 || xs[xs.length - 1]! - xs[0]! < FORECAST_MIN_SPAN_MS) return { fillRateBytesPerDay: null, fullInDays: null };
  const n = xs.length;
  const x0 = xs[0]!;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = (xs[i]! - x0) / DAY_MS;
    const y = ys[i]!;
    sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  if (den === 0) return { fillRateBytesPerDay: null, fullInDays: null };
  const slope = (n * sxy - sx * sy) / den;
  const rate = Math.round(slope);
  if (freeBytes === null || slope <= 0) return { fillRateBytesPerDay: rate, fullInDays: null };
  const days = freeBytes / slope;
  return { fillRateBytesPerDay: rate, fullInDays: days > 3650 ? null : Math.round(days * 10) / 10 };
}
