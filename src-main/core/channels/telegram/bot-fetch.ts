/**
 * The HTTP client grammy uses here: a small fetch over node:http / node:https. Node's global fetch
 * loads undici on first use (~17 MB resident), which alone would exceed the bot's memory budget;
 * grammy only needs `fetch(url, {method, headers, body, signal})` → `res.json()`.
 */
import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';
import { createRequire } from 'node:module';

const req = createRequire(import.meta.url);
let http: typeof NodeHttp | undefined;
let https: typeof NodeHttps | undefined;
let httpAgent: NodeHttp.Agent | undefined;
let httpsAgent: NodeHttps.Agent | undefined;

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  signal?: AbortSignal | null;
}

interface MiniResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

export function botFetch(input: string | URL, init: FetchInit = {}): Promise<MiniResponse> {
  const url = typeof input === 'string' ? new URL(input) : input;
  const secure = url.protocol === 'https:';
  let mod: typeof NodeHttp | typeof NodeHttps;
  let agent: NodeHttp.Agent;
  if (secure) {
    https ??= req('node:https') as typeof NodeHttps;
    httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 8 });
    mod = https;
    agent = httpsAgent;
  } else {
    http ??= req('node:http') as typeof NodeHttp;
    httpAgent ??= new http.Agent({ keepAlive: true, maxSockets: 8 });
    mod = http;
    agent = httpAgent;
  }
  return new Promise<MiniResponse>((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(abortError());
    const headers = { ...(init.headers ?? {}) };
    if (typeof init.body === 'string') headers['content-length'] = String(Buffer.byteLength(init.body));
    const r = mod.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(e));
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300, status,
          text: async () => text,
          json: async () => JSON.parse(text) as unknown,
        });
      });
    });
    const onAbort = () => {
      r.destroy(abortError());
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    const body = init.body;
    if (body === undefined) return void r.end();
    if (typeof body === 'string') return void r.end(body);
    void (async () => {
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          if (!r.write(chunk)) await new Promise<void>((ok) => r.once('drain', ok));
        }
        r.end();
      } catch (err) {
        r.destroy(err as Error);
      }
    })();
  });
}
