/**
 * Plain HTTP on the gateway port: liveness/readiness probes and the built web UI (static files,
 * client-side routes falling back to index.html, strict CSP, long caching for hashed assets).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from '../logger.ts';
import type { HttpRoute } from '../modules/types.ts';
import type { FaultLog } from './edge/fault-log.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:", "font-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

export interface HttpDeps {
  staticDir: string | undefined;
  readiness: () => Record<string, unknown>;
  /** Routes registered by feature modules, consulted after the probes and before the web UI. */
  moduleRoute?: (path: string) => HttpRoute | undefined;
  /**
   * DNS-rebinding check: answers (421) and returns true when the Host is not ours; a promise of
   * that answer while a detection that may name the Host is still running.
   */
  refuseForeignHost?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  log?: Logger;
  /** Where a failing module route is reported (once per distinct fault, then counted). */
  faults?: FaultLog;
}

const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const;

function plain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...NOSNIFF, ...extra });
  res.end(body);
}

/**
 * The request target as a URL, or undefined when it is not a path Hearth serves. Only the
 * origin form (`/path?query`) is served; the target is appended to a fixed origin rather than
 * resolved against it, so `//host/x` stays a path and cannot change the host.
 */
export function requestUrl(target: string | undefined): URL | undefined {
  if (typeof target !== 'string' || !target.startsWith('/')) return undefined;
  try {
    return new URL(`http://gateway${target}`);
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...NOSNIFF });
  res.end(text);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Hearth gateway</title>
<body style="font-family:system-ui;margin:2rem;max-width:40rem"><h1>Hearth gateway is running</h1>
<p>The web UI has not been built. Run <code>npm run build</code> and restart the gateway.</p></body>`;

/** The build writes `<file>.gz` beside each asset; serve it to browsers that accept gzip. */
function precompressed(req: IncomingMessage, path: string): string | undefined {
  const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  return accepts && existsSync(`${path}.gz`) ? `${path}.gz` : undefined;
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, immutable: boolean): void {
  const gz = precompressed(req, path);
  const st = statSync(path);
  const body = gz ?? path;
  const headers: Record<string, string | number> = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': gz ? statSync(gz).size : st.size,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'last-modified': st.mtime.toUTCString(),
  };
  if (gz) headers['content-encoding'] = 'gzip';
  if (path.endsWith('.html')) {
    headers['content-security-policy'] = CSP;
    headers['x-frame-options'] = 'DENY';
  }
  if (!immutable && req.headers['if-modified-since'] === st.mtime.toUTCString()) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // The file may vanish or fail to read after the headers went out: cut the response, never throw.
  const stream = createReadStream(body);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

export function createHttpHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req.url);
    if (!url) {
      plain(res, 400, 'bad request target: Hearth serves paths such as /, /healthz and /readyz\n', { connection: 'close' });
      return;
    }
    const path = url.pathname;
    // Liveness answers whatever the Host (tunnel and container health checks) and says nothing else.
    if (path === '/health' || path === '/healthz') return json(res, 200, { ok: true, status: 'live' });
    const refused = deps.refuseForeignHost?.(req, res) ?? false;
    if (refused === true) return;
    if (refused === false) return serve(req, res, url);
    void refused.then((r) => {
      if (!r) serve(req, res, url);
    }).catch((err: unknown) => {
      deps.faults?.report('an HTTP request', err, { path });
      res.destroy();
    });
  };

  /** Everything after the Host check: readiness, module routes, the web UI. */
  function serve(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname;
    if (path === '/readyz') {
      const r = deps.readiness();
      return json(res, r['ready'] ? 200 : 503, r);
    }
    const route = deps.moduleRoute?.(path);
    if (route) {
      const allowed = route.methods ?? ['GET', 'HEAD'];
      if (!allowed.includes(req.method ?? 'GET')) {
        res.writeHead(405, { allow: allowed.join(', '), ...NOSNIFF });
        res.end();
        return;
      }
      Promise.resolve()
        .then(() => route.handler(req, res, url))
        .catch((err: unknown) => {
          if (deps.faults) deps.faults.report(`the HTTP route ${route.path}`, err, { path });
          else deps.log?.error('HTTP route failed', { path, error: (err as Error).stack ?? String(err) });
          if (!res.headersSent) json(res, 500, { error: { message: `internal error in ${path}`, type: 'server_error' } });
          else res.destroy();
        })
        .catch(() => res.destroy());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...NOSNIFF });
      res.end();
      return;
    }
    const root = deps.staticDir;
    if (!root || !existsSync(join(root, 'index.html'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-cache', ...NOSNIFF });
      res.end(NOT_BUILT);
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      plain(res, 400, 'bad request target: the path is not valid percent-encoding\n');
      return;
    }
    if (decoded.includes('\0')) {
      plain(res, 400, 'bad request target: the path contains a NUL byte\n');
      return;
    }
    const candidate = normalize(join(root, decoded));
    if (candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile()) {
      return sendFile(req, res, candidate, decoded.startsWith('/assets/'));
    }
    // Asset-looking paths that don't exist are real 404s; anything else is a client-side route.
    if (extname(decoded) !== '' && !decoded.endsWith('.html')) {
      plain(res, 404, 'not found\n');
      return;
    }
    sendFile(req, res, join(root, 'index.html'), false);
  }
}
