/**
 * The OpenAI-compatible endpoint on the gateway port: `GET /v1/models` (the union of every
 * endpoint's models, each with where it lives), `POST /v1/chat/completions`, `/v1/completions`,
 * `/v1/embeddings`, and Ollama's native API under `/ollama/`. Requests are routed by model name
 * over healthy endpoints in priority order; a candidate that fails before its first byte is
 * cooled down and the next one is tried, so the client sees an error only when none is left.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute, ModuleContext } from '../modules/types.ts';
import type { ApiAuth } from './auth.ts';
import { OPENCLAW_CHAT_COMMAND, type Inventory } from './inventory.ts';
import { fromOpenclawChat, toOpenclawChat } from './openclaw-interop.ts';
import { sendError, sendJson } from './openai-errors.ts';
import { relayThroughNode } from './relay-client.ts';
import type { EndpointView } from './types.ts';
import { forwardHeaders, openUpstream, responseHeaders, shouldFailOver, UpstreamError } from './upstream.ts';

const MAX_BODY = 32 * 1024 * 1024;

export interface ApiDeps {
  auth: ApiAuth;
  inventory: Inventory;
  ctx: () => ModuleContext | undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY) {
        resolve('too-large');
        req.destroy();
        return;
      }
      chunks.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `name@endpoint` pins an endpoint (by name or id); otherwise every endpoint serving `name`. */
function candidates(all: readonly EndpointView[], requested: string, kinds?: readonly string[]): { model: string; list: EndpointView[]; known: EndpointView[] } {
  let model = requested;
  let pool = all.filter((e) => !kinds || kinds.includes(e.kind));
  const at = requested.lastIndexOf('@');
  if (at > 0) {
    const pin = requested.slice(at + 1);
    const pinned = pool.filter((e) => e.name === pin || e.id === pin);
    if (pinned.length > 0) {
      model = requested.slice(0, at);
      pool = pinned;
    }
  }
  const known = pool.filter((e) => e.models.some((m) => m.name === model));
  return { model, known, list: known.filter((e) => e.health === 'up' && e.cooldownUntilMs === undefined) };
}

export function createApiRoutes(deps: ApiDeps): HttpRoute[] {

  const authorised = (req: IncomingMessage, res: ServerResponse): boolean => {
    const a = deps.auth.check(req);
    if (a.ok) return true;
    const extra: Record<string, string> = a.status === 401 ? { 'www-authenticate': 'Bearer realm="hearth"' } : { 'retry-after': String(a.retryAfterS ?? 60) };
    sendError(res, a.status, a.message, a.status === 401 ? 'invalid_request_error' : 'requests', a.code, extra);
    return false;
  };

  const listModels = (res: ServerResponse) => {
    const byName = new Map<string, { id: string; object: 'model'; created: number; owned_by: string; hearth: { endpoints: object[] } }>();
    for (const e of deps.inventory.endpoints()) {
      for (const m of e.models) {
        let entry = byName.get(m.name);
        if (!entry) byName.set(m.name, (entry = { id: m.name, object: 'model', created: Math.floor((e.checkedAtMs ?? Date.now()) / 1000), owned_by: e.kind, hearth: { endpoints: [] } }));
        entry.hearth.endpoints.push({
          endpoint: e.name, endpointId: e.id, node: e.nodeName, nodeId: e.nodeId, kind: e.kind, health: e.health, priority: e.priority,
          ...(e.cooldownUntilMs ? { cooldownUntilMs: e.cooldownUntilMs } : {}), loaded: m.loaded ?? null,
          ...(m.contextLength ? { contextLength: m.contextLength } : {}), ...(m.quantization ? { quantization: m.quantization } : {}),
        });
      }
    }
    sendJson(res, 200, { object: 'list', data: [...byName.values()] });
  };

  /** Tries one candidate; resolves when the client has its answer, rejects (UpstreamError) to fail over. */
  const tryOne = async (e: EndpointView, upstreamPath: string, raw: Buffer, body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse, last: boolean): Promise<void> => {
    const ctx = deps.ctx();
    if (!ctx) throw new UpstreamError('error', 'models module stopped');
    const { firstByteTimeoutMs } = deps.inventory.settings();
    const extraHeaders = { 'x-hearth-endpoint': e.name };
    if (e.source === 'openclaw') {
      if (upstreamPath !== '/v1/chat/completions' || e.nodeId === null) throw new UpstreamError('error', 'an OpenClaw node offers chat only');
      let result: unknown;
      try {
        result = await ctx.invokeNode(e.nodeId, OPENCLAW_CHAT_COMMAND, toOpenclawChat(body), firstByteTimeoutMs);
      } catch (err) {
        throw new UpstreamError('refused', (err as Error).message);
      }
      const out = fromOpenclawChat(result, String(body['model']), body['stream'] === true);
      res.writeHead(200, { 'content-type': out.contentType, 'cache-control': 'no-cache', ...extraHeaders });
      res.end(out.body);
      return;
    }
    if (e.nodeId !== null) {
      const t = {
        nodeId: e.nodeId, url: e.url, path: upstreamPath, method: req.method === 'GET' ? 'GET' as const : 'POST' as const, body: raw.toString('utf8'),
        firstByteTimeoutMs, canFailOver: !last, extraHeaders,
        ...(typeof req.headers.accept === 'string' ? { accept: req.headers.accept } : {}),
      };
      try {
        await relayThroughNode(ctx, t, res);
      } catch (err) {
        // A node that restarted has not inventoried yet: refresh once and retry.
        if (err instanceof UpstreamError && /has inventoried/.test(err.message)) {
          await deps.inventory.refresh();
          await relayThroughNode(ctx, t, res);
        } else throw err;
      }
      return;
    }
    const abort = new AbortController();
    const onGone = () => abort.abort();
    res.once('close', onGone);
    const up = await openUpstream({ url: `${e.url}${upstreamPath}`, method: req.method ?? 'POST', headers: forwardHeaders(req.headers, raw.length), body: raw, firstByteTimeoutMs, signal: abort.signal })
      .catch((err: unknown) => {
        res.off('close', onGone);
        throw err;
      });
    const status = up.statusCode ?? 502;
    if (shouldFailOver(status) && !last) {
      res.off('close', onGone);
      up.resume();
      throw new UpstreamError('error', `HTTP ${status}`);
    }
    res.writeHead(status, { ...responseHeaders(up.headers), ...extraHeaders });
    await new Promise<void>((resolve) => {
      up.pipe(res);
      up.on('end', resolve);
      up.on('error', resolve);
      up.on('close', () => {
        if (!up.complete && !res.writableEnded) {
          const sse = String(up.headers['content-type'] ?? '').includes('event-stream');
          if (sse && !res.destroyed) res.end(`data: ${JSON.stringify({ error: { message: 'the model server broke off the stream', type: 'server_error', param: null, code: null } })}\n\n`);
          else res.destroy();
        }
        resolve();
      });
    });
    res.off('close', onGone);
  };

  const route = async (req: IncomingMessage, res: ServerResponse, upstreamPath: string, kinds?: readonly string[]) => {
    if (!authorised(req, res)) return;
    const raw = await readBody(req);
    if (raw === 'too-large') return sendError(res, 413, `request body larger than ${MAX_BODY} bytes`, 'invalid_request_error', 'request_too_large');
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'the request body must be a JSON object', 'invalid_request_error', null);
    }
    const requested = body['model'];
    if (typeof requested !== 'string' || requested === '') return sendError(res, 400, 'you must provide a model parameter (see GET /v1/models)', 'invalid_request_error', null);
    let found = candidates(deps.inventory.endpoints(), requested, kinds);
    // A model loaded a moment ago: look again before saying it does not exist.
    if (found.known.length === 0 && deps.inventory.age() > 2000) {
      await deps.inventory.refresh();
      found = candidates(deps.inventory.endpoints(), requested, kinds);
    }
    const { model, known } = found;
    // An OpenClaw node's ollama.chat does chat only.
    const list = upstreamPath === '/v1/chat/completions' ? found.list : found.list.filter((e) => e.source !== 'openclaw');
    if (known.length === 0) return sendError(res, 404, `The model \`${requested}\` does not exist on any endpoint of this home (see GET /v1/models).`, 'invalid_request_error', 'model_not_found');
    let payload = raw;
    if (model !== requested) payload = Buffer.from(JSON.stringify({ ...body, model }));
    const errors: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      try {
        await tryOne(e, upstreamPath, payload, { ...body, model }, req, res, i === list.length - 1);
        deps.inventory.served(e.id);
        return;
      } catch (err) {
        if (res.headersSent || res.destroyed) return;
        const why = (err as Error).message;
        errors.push(`${e.name}: ${why}`);
        if ((err as UpstreamError).reason !== 'cancelled') deps.inventory.failed(e.id, why);
      }
    }
    const excluded = known.filter((e) => !list.includes(e)).map((e) => `${e.name}: ${e.cooldownUntilMs ? 'cooling down after a failure' : e.health}`);
    sendError(res, 503, `No endpoint could serve \`${model}\` right now (${[...errors, ...excluded].join('; ')}). Check \`hearth models status\`.`, 'server_error', 'model_unavailable');
  };

  const ollama = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname.slice('/ollama'.length);
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!authorised(req, res)) return;
      const eps = deps.inventory.endpoints().filter((e) => e.kind === 'ollama' && e.health === 'up');
      if (path === '/api/version') return sendJson(res, 200, { version: eps.find((e) => e.version)?.version ?? '0.0.0' });
      if (path === '/api/tags' || path === '/api/ps') {
        const seen = new Set<string>();
        const models = [];
        for (const e of eps) for (const m of e.models) {
          if (seen.has(m.name) || (path === '/api/ps' && !m.loaded)) continue;
          seen.add(m.name);
          models.push({ name: m.name, model: m.name, size: m.sizeBytes ?? 0, ...(m.vramBytes !== undefined ? { size_vram: m.vramBytes } : {}), ...(m.expiresAt ? { expires_at: m.expiresAt } : {}), details: { family: m.family ?? '', parameter_size: m.parameterSize ?? '', quantization_level: m.quantization ?? '' } });
        }
        return sendJson(res, 200, { models });
      }
      return sendError(res, 404, `${url.pathname} is not offered; use /ollama/api/tags, /api/ps, /api/version or POST /api/chat, /api/generate, /api/embed`, 'invalid_request_error', null);
    }
    if (!/^\/api\/(chat|generate|embed|embeddings|show)$/.test(path)) {
      if (!authorised(req, res)) return;
      return sendError(res, 404, `${url.pathname} is not offered through the gateway`, 'invalid_request_error', null);
    }
    return route(req, res, path, ['ollama']);
  };

  // Right after start-up the first scan may still run (it waits for the gateway to serve): a
  // request waits for it instead of hearing that no model exists.
  const scanned = <A extends unknown[]>(h: (...a: A) => unknown) => async (...a: A) => {
    await deps.inventory.firstScan();
    await h(...a);
  };
  return [
    { path: '/v1/models', methods: ['GET', 'HEAD'], handler: scanned((req: IncomingMessage, res: ServerResponse) => (authorised(req, res) ? listModels(res) : undefined)) },
    { path: '/v1/chat/completions', methods: ['POST'], handler: scanned((req: IncomingMessage, res: ServerResponse) => route(req, res, '/v1/chat/completions')) },
    { path: '/v1/completions', methods: ['POST'], handler: scanned((req: IncomingMessage, res: ServerResponse) => route(req, res, '/v1/completions')) },
    { path: '/v1/embeddings', methods: ['POST'], handler: scanned((req: IncomingMessage, res: ServerResponse) => route(req, res, '/v1/embeddings')) },
    { path: '/ollama/*', methods: ['GET', 'HEAD', 'POST'], handler: scanned(ollama) },
  ];
}
