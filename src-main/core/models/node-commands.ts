/**
 * Commands every Hearth node serves for the models module, over its existing gateway connection
 * (no port is opened on the node):
 * - `hearth.models.inventory`: probes this machine's loopback model servers (and URLs configured
 *   for it) with listing/health endpoints only.
 * - `hearth.models.relay`: performs one API request against one of those servers and streams the
 *   answer back as `node.invoke.progress` pieces: first the head (status, headers) as JSON, then
 *   the body text. At most {@link WINDOW} pieces are unacknowledged; the upstream response is paused
 *   meanwhile, so a slow client slows the model server instead of filling memory.
 */
import { StringDecoder } from 'node:string_decoder';
import { NodeErrorCode } from '../../../src-shared/protocol/errors.ts';
import { AgentCommandError, type AgentCommand, type AgentCommandContext } from '../modules/agent-commands.ts';
import { scanMachine, type ScanTarget } from './scan.ts';
import { ENDPOINT_KINDS, type EndpointKind } from './types.ts';
import type { UpstreamError } from './upstream.ts';
import { openUpstream, responseHeaders } from './upstream.ts';

/** Unacknowledged progress pieces allowed in flight per relay. */
export const WINDOW = 8;
/** Protocol limit of one progress piece (characters). */
export const PIECE = 16_384;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** URLs this node has inventoried; relays go only there (the gateway cannot make it fetch anything else). */
const known = new Set<string>();

function parseTargets(p: unknown): ScanTarget[] {
  const list = isObj(p) && Array.isArray(p['endpoints']) ? p['endpoints'] : [];
  const out: ScanTarget[] = [];
  for (const e of list) {
    if (!isObj(e) || typeof e['url'] !== 'string') continue;
    const t: ScanTarget = { url: e['url'], configured: e['configured'] === true };
    if (typeof e['kind'] === 'string' && ENDPOINT_KINDS.includes(e['kind'] as EndpointKind)) t.kind = e['kind'] as EndpointKind;
    out.push(t);
  }
  return out;
}

export const inventoryCommand: AgentCommand = {
  name: 'hearth.models.inventory',
  async handler(params, ctx) {
    const timeoutMs = isObj(params) && typeof params['timeoutMs'] === 'number' ? Math.min(Math.max(params['timeoutMs'], 100), 10_000) : undefined;
    const results = await scanMachine(parseTargets(params), { signal: ctx.signal, ...(timeoutMs ? { timeoutMs } : {}) });
    for (const r of results) known.add(r.url);
    return { results };
  },
};

/** Splits text into pieces of at most PIECE characters without cutting a surrogate pair. */
function take(buf: string): [string, string] {
  if (buf.length <= PIECE) return [buf, ''];
  let cut = PIECE;
  const c = buf.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return [buf.slice(0, cut), buf.slice(cut)];
}

async function relay(params: unknown, ctx: AgentCommandContext): Promise<unknown> {
  if (!isObj(params)) throw new AgentCommandError(NodeErrorCode.INVALID_REQUEST, 'hearth.models.relay needs {url, path, method, body}');
  const { url, path, method, body, headers } = params;
  if (typeof url !== 'string' || typeof path !== 'string' || !/^\/(v1|api)\//.test(path) || path.includes('..')) {
    throw new AgentCommandError(NodeErrorCode.INVALID_REQUEST, 'hearth.models.relay needs url and a /v1/… or /api/… path');
  }
  if (!known.has(url)) throw new AgentCommandError(NodeErrorCode.INVALID_REQUEST, `${url} is not a model server this node has inventoried; refresh the inventory first`);
  const m = method === 'GET' ? 'GET' : 'POST';
  const text = typeof body === 'string' ? body : '';
  const h: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (isObj(headers) && typeof headers['accept'] === 'string') h['accept'] = headers['accept'];
  const firstByteTimeoutMs = typeof params['firstByteTimeoutMs'] === 'number' ? params['firstByteTimeoutMs'] : 120_000;
  let res;
  try {
    res = await openUpstream({ url: `${url}${path}`, method: m, headers: h, body: text, firstByteTimeoutMs, signal: ctx.signal });
  } catch (err) {
    const e = err as UpstreamError;
    throw new AgentCommandError(e.reason === 'timeout' ? NodeErrorCode.TIMEOUT : NodeErrorCode.UNAVAILABLE, `model server ${url}: ${e.message}`);
  }
  await ctx.progress(JSON.stringify({ status: res.statusCode ?? 502, headers: responseHeaders(res.headers) }));
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let inflight = 0;
  let bytes = 0;
  let ended = false;
  let failed: Error | undefined;
  return new Promise((resolve, reject) => {
    const settle = () => {
      if (failed) return reject(failed);
      if (ended && buf === '' && inflight === 0) resolve({ status: res.statusCode, bytes });
    };
    const pump = () => {
      while (buf !== '' && inflight < WINDOW && !failed) {
        const [piece, rest] = take(buf);
        buf = rest;
        inflight++;
        ctx.progress(piece).then(() => {
          inflight--;
          pump();
          if (inflight < WINDOW && !ended) res.resume();
          settle();
        }, (err: Error) => {
          failed = err;
          res.destroy();
          settle();
        });
      }
      if (inflight >= WINDOW) res.pause();
    };
    res.on('data', (d: Buffer) => {
      bytes += d.length;
      buf += decoder.write(d);
      pump();
    });
    res.on('end', () => {
      buf += decoder.end();
      ended = true;
      pump();
      settle();
    });
    res.on('error', (err) => {
      failed ??= new AgentCommandError(NodeErrorCode.UNAVAILABLE, `model server ${url} broke off its answer: ${err.message}`);
      settle();
    });
    res.on('close', () => {
      if (!res.complete && !failed) failed = new AgentCommandError(NodeErrorCode.UNAVAILABLE, `model server ${url} closed the connection mid-answer`);
      if (!ended) settle();
    });
  });
}

export const relayCommand: AgentCommand = { name: 'hearth.models.relay', handler: relay };

export function modelAgentCommands(): AgentCommand[] {
  return [inventoryCommand, relayCommand];
}
