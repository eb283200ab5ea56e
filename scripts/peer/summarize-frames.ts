/**
 * One line per WebSocket connection of a ws-log-proxy capture: who connected (client id/mode,
 * role, scopes, protocol range, device?), which methods it called, errors, and how it closed.
 *
 *   node scripts/peer/summarize-frames.ts frames.jsonl [--all]   (--all includes node-host sessions)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Rec {
  t: number;
  conn: number;
  dir: string;
  kind: string;
  code?: number;
  reason?: string;
  frame?: { type?: string; method?: string; params?: Record<string, unknown>; ok?: boolean; error?: unknown; event?: string };
}

interface ConnSummary {
  who: string;
  calls: string[];
  errors: string[];
  events: Set<string>;
  firstT: number;
  lastT: number;
  close: string[];
}

/** Summaries per connection number, in order. */
export function summarizeFrames(lines: string[]): Map<number, ConnSummary> {
  const conns = new Map<number, ConnSummary>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Rec;
    let c = conns.get(r.conn);
    if (!c) conns.set(r.conn, (c = { who: '?', calls: [], errors: [], events: new Set(), firstT: r.t, lastT: r.t, close: [] }));
    c.lastT = r.t;
    const f = r.frame;
    if (r.kind === 'close') c.close.push(`${r.dir} ${r.code} ${r.reason ?? ''}`.trim());
    if (!f || typeof f !== 'object') continue;
    if (r.dir === 'c2s' && f.type === 'req') {
      if (f.method === 'connect') {
        const p = (f.params ?? {}) as { client?: { id?: string; mode?: string; displayName?: string }; role?: string; scopes?: string[]; minProtocol?: number; maxProtocol?: number; device?: unknown };
        const name = p.client?.displayName ? `(${p.client.displayName})` : '';
        c.who = `${p.client?.id}/${p.client?.mode}${name} role=${p.role ?? '-'} scopes=${(p.scopes ?? []).join(',') || '-'} v${p.minProtocol}..${p.maxProtocol}${p.device ? ' +device' : ''}`;
      } else {
        c.calls.push(`${f.method} ${f.params === undefined ? '(no params)' : JSON.stringify(f.params).slice(0, 160)}`);
      }
    }
    if (r.dir === 's2c' && f.type === 'res' && f.ok === false) c.errors.push(JSON.stringify(f.error).slice(0, 300));
    if (r.dir === 's2c' && f.type === 'event' && f.event) c.events.add(f.event);
  }
  return conns;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: summarize-frames.ts frames.jsonl [--all]\n');
    process.exit(2);
  }
  const all = process.argv.includes('--all');
  for (const [n, c] of summarizeFrames(readFileSync(file, 'utf8').split('\n'))) {
    if (!all && c.who.startsWith('node-host/')) continue;
    process.stdout.write(
      `#${n} ${c.who} [${c.lastT - c.firstT} ms]\n  calls: ${c.calls.join(' ; ') || '-'}\n` +
        (c.errors.length ? `  errors: ${c.errors.join(' ')}\n` : '') +
        `  events: ${[...c.events].join(',') || '-'}  close: ${c.close.join(' | ') || '-'}\n`,
    );
  }
}
