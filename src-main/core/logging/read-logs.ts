/** Reading the rotating log back: oldest file first, records parsed, filtered by time and level. */
import { existsSync, readFileSync } from 'node:fs';
import { LOG_KEEP } from './rotating-file.ts';

export interface LogRecord { time: number; level: string; msg: string; [field: string]: unknown }

const ORDER: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Parses `10m`, `2h`, `3d`, `90s` or an ISO time into epoch ms; undefined when it is neither. */
export function parseSince(text: string, now = Date.now()): number | undefined {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (m) return now - Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : undefined;
}

export function parseLine(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const r = JSON.parse(line) as LogRecord;
    return typeof r.time === 'number' && typeof r.msg === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

export function readLogs(path: string, filter: { sinceMs?: number; minLevel?: string } = {}): LogRecord[] {
  const files = [];
  for (let i = LOG_KEEP; i >= 1; i--) if (existsSync(`${path}.${i}`)) files.push(`${path}.${i}`);
  if (existsSync(path)) files.push(path);
  const min = ORDER[filter.minLevel ?? 'debug'] ?? 0;
  const out: LogRecord[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const r = parseLine(line);
      if (!r) continue;
      if (filter.sinceMs !== undefined && r.time < filter.sinceMs) continue;
      if ((ORDER[r.level] ?? 0) < min) continue;
      out.push(r);
    }
  }
  return out;
}

/** One record as a person reads it: local time, level, message, then the fields. */
export function formatRecord(r: LogRecord): string {
  const { time, level, msg, ...rest } = r;
  const d = new Date(time);
  const ts = `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 8)}`;
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  return `${ts} ${level.padEnd(5)} ${msg}${extra ? `  ${extra}` : ''}`;
}
