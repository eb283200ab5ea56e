/**
 * One request to a model server, resolved at the response head (the moment that decides
 * failover): kept-alive connections, a first-byte deadline, cancellation, and a clear error class
 * for "never answered" versus "refused".
 */
import type { Agent as HttpsAgent } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { http, https } from '../net/http-client.ts';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
let httpsAgent: HttpsAgent | undefined;

export class UpstreamError extends Error {
  readonly reason: 'refused' | 'timeout' | 'error' | 'cancelled';
  constructor(reason: UpstreamError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Request headers worth passing on (hop-by-hop ones, auth and host are ours). */
export function forwardHeaders(h: Record<string, string | string[] | undefined>, bodyLength: number): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { 'content-length': bodyLength };
  for (const k of ['content-type', 'accept', 'user-agent', 'openai-organization', 'openai-project']) {
    const v = h[k];
    if (v !== undefined) out[k] = v;
  }
  out['content-type'] ??= 'application/json';
  return out;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'content-length']);

/** Response headers to hand the client (hop-by-hop dropped; content-length kept for fixed bodies). */
export function responseHeaders(h: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || (HOP.has(k) && k !== 'content-length') || k === 'access-control-allow-origin' || k === 'server') continue;
    out[k] = v;
  }
  return out;
}

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer | string;
  firstByteTimeoutMs: number;
  signal?: AbortSignal;
}

export function openUpstream(r: UpstreamRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(r.url);
    } catch {
      reject(new UpstreamError('error', `invalid upstream URL ${r.url}`));
      return;
    }
    const secure = u.protocol === 'https:';
    const req = secure
      ? https().request(u, { method: r.method, headers: r.headers, agent: (httpsAgent ??= new (https().Agent)({ keepAlive: true, maxSockets: 64 })) })
      : http.request(u, { method: r.method, headers: r.headers, agent });
    let settled = false;
    const fail = (e: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new UpstreamError('timeout', `no answer within ${r.firstByteTimeoutMs} ms`)), r.firstByteTimeoutMs);
    const onAbort = () => fail(new UpstreamError('cancelled', 'cancelled'));
    if (r.signal?.aborted) return onAbort();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const refused = err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'EHOSTUNREACH' || err.code === 'EPIPE';
      fail(new UpstreamError(refused ? 'refused' : 'error', err.code ? `${err.code}: ${err.message}` : err.message));
    });
    req.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Cancelling after the head stops the body too.
      r.signal?.addEventListener('abort', () => res.destroy(), { once: true });
      resolve(res);
    });
    req.end(r.body);
  });
}

/** Statuses after which another endpoint is worth trying (nothing has reached the client yet). */
export function shouldFailOver(status: number): boolean {
  return status >= 500 || status === 404 || status === 429 || status === 408;
}
