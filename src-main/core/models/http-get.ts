/**
 * Small, bounded HTTP GETs for probes: one deadline covers connect, headers and body, bodies are
 * capped, and the outcome says whether the server refused, erred or accepted and then said nothing
 * (`unresponsive`) — the distinction the inventory shows.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { http, https } from '../net/http-client.ts';

export type GetOutcome =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: string; ms: number }
  | { ok: false; reason: 'refused' | 'unresponsive' | 'error'; message: string; ms: number };

const MAX_BODY = 4 * 1024 * 1024;

export function httpGet(url: string, timeoutMs: number, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<GetOutcome> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve({ ok: false, reason: 'error', message: `invalid URL ${url}`, ms: 0 });
      return;
    }
    let connected = false;
    let done = false;
    const finish = (o: GetOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const req = (u.protocol === 'https:' ? https().request : http.request)(u, { method: 'GET', headers: { accept: 'application/json', ...headers }, agent: false });
    const timer = setTimeout(() => {
      finish(connected
        ? { ok: false, reason: 'unresponsive', message: `accepted the connection but did not answer within ${timeoutMs} ms`, ms: ms() }
        : { ok: false, reason: 'unresponsive', message: `no connection within ${timeoutMs} ms`, ms: ms() });
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish({ ok: false, reason: 'error', message: 'probe cancelled', ms: ms() });
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (s) => {
      if (!s.connecting) connected = true;
      else s.once('connect', () => { connected = true; });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const refused = err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'EHOSTUNREACH' || err.code === 'ENOTFOUND';
      finish({ ok: false, reason: refused ? 'refused' : 'error', message: err.code ? `${err.code}: ${err.message}` : err.message, ms: ms() });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > MAX_BODY) {
          finish({ ok: false, reason: 'error', message: `answer larger than ${MAX_BODY} bytes`, ms: ms() });
          req.destroy();
          return;
        }
        chunks.push(d);
      });
      res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }));
      res.on('error', (err) => finish({ ok: false, reason: 'error', message: err.message, ms: ms() }));
    });
    req.end();
  });
}

/** The JSON body of a 2xx answer, or undefined. */
export function jsonOf(o: GetOutcome): unknown {
  if (!o.ok || o.status < 200 || o.status >= 300) return undefined;
  try {
    return JSON.parse(o.body);
  } catch {
    return undefined;
  }
}
