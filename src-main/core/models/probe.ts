/**
 * Probes that never load weights: only listing and health endpoints (`/api/tags`, `/api/ps`,
 * `/api/version`, `/v1/models`, `/api/v0/models`, `/version`, `/props`), each under a short deadline.
 * `identify` works out which server sits on a port; `probeEndpoint` inventories a known kind.
 */
import { httpGet, jsonOf, type GetOutcome } from './http-get.ts';
import { looksLikeLlamaProps, ownerOf, parseLlamaProps, parseLmStudio, parseOllama, parseOllamaVersion, parseOpenAiModels } from './parse.ts';
import type { EndpointKind, ModelInfo, ProbeResult } from './types.ts';

export const DEFAULT_PROBE_TIMEOUT_MS = 2500;

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bearer token some configured servers (vLLM `--api-key`, LM Studio) want. */
  apiKey?: string;
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function failure(url: string, kind: EndpointKind, o: GetOutcome, now: number): ProbeResult {
  if (o.ok) return { url, kind, health: 'down', models: [], error: `HTTP ${o.status} from the listing endpoint`, latencyMs: o.ms, checkedAtMs: now };
  return { url, kind, health: o.reason === 'unresponsive' ? 'unresponsive' : 'down', models: [], error: o.message, checkedAtMs: now };
}

function up(url: string, kind: EndpointKind, models: ModelInfo[], ms: number, version: string | undefined, now: number): ProbeResult {
  const r: ProbeResult = { url, kind, health: 'up', models, latencyMs: ms, checkedAtMs: now };
  if (version) r.version = version;
  return r;
}

/** Inventories an endpoint whose kind is known. Never throws. */
export async function probeEndpoint(url: string, kind: EndpointKind, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const t = opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const h: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  const get = (path: string) => httpGet(join(url, path), t, opts.signal, h);
  const now = Date.now();
  switch (kind) {
    case 'ollama': {
      const [version, tags, ps] = await Promise.all([get('/api/version'), get('/api/tags'), get('/api/ps')]);
      const tagsJson = jsonOf(tags);
      if (tagsJson === undefined) return failure(url, kind, tags, now);
      const ms = Math.min(tags.ms, version.ms);
      return up(url, kind, parseOllama(tagsJson, jsonOf(ps)), ms, parseOllamaVersion(jsonOf(version)), now);
    }
    case 'lmstudio': {
      const rich = await get('/api/v0/models');
      const richJson = jsonOf(rich);
      if (richJson !== undefined) return up(url, kind, parseLmStudio(richJson), rich.ms, undefined, now);
      if (!rich.ok || rich.status >= 500) return failure(url, kind, rich, now);
      const plain = await get('/v1/models');
      const plainJson = jsonOf(plain);
      return plainJson === undefined ? failure(url, kind, plain, now) : up(url, kind, parseOpenAiModels(plainJson, false), plain.ms, undefined, now);
    }
    case 'vllm': {
      const [models, version] = await Promise.all([get('/v1/models'), get('/version')]);
      const json = jsonOf(models);
      if (json === undefined) return failure(url, kind, models, now);
      const v = jsonOf(version) as { version?: unknown } | undefined;
      return up(url, kind, parseOpenAiModels(json, true), models.ms, typeof v?.version === 'string' ? v.version : undefined, now);
    }
    case 'llamacpp': {
      const [models, props] = await Promise.all([get('/v1/models'), get('/props')]);
      const json = jsonOf(models);
      if (json === undefined) return failure(url, kind, models, now);
      const p = parseLlamaProps(jsonOf(props));
      const list = parseOpenAiModels(json, true);
      if (p.contextLength !== undefined) for (const m of list) m.contextLength = p.contextLength;
      return up(url, kind, list, models.ms, p.version, now);
    }
    case 'openai': {
      const models = await get('/v1/models');
      const json = jsonOf(models);
      return json === undefined ? failure(url, kind, models, now) : up(url, kind, parseOpenAiModels(json, false), models.ms, undefined, now);
    }
  }
}

/**
 * Works out which server answers at `url` (the port's usual server as a hint) and inventories it.
 * Undefined when nothing listens or what answers is not a model server; a port that accepts but
 * never answers is reported `unresponsive` under the hinted kind.
 */
export async function identify(url: string, hint: EndpointKind, opts: ProbeOptions = {}): Promise<ProbeResult | undefined> {
  const t = opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const get = (path: string) => httpGet(join(url, path), t, opts.signal);
  const models = await get('/v1/models');
  if (!models.ok) return models.reason === 'unresponsive' ? failure(url, hint, models, Date.now()) : undefined;
  const json = jsonOf(models);
  if (json === undefined) {
    // Old Ollama builds have no OpenAI listing; anything else answering 404 here is not ours.
    const tags = jsonOf(await get('/api/tags'));
    return tags !== undefined && typeof tags === 'object' && tags !== null && 'models' in tags ? probeEndpoint(url, 'ollama', opts) : undefined;
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { data?: unknown }).data)) return undefined;
  const owner = ownerOf(json);
  if (owner === 'vllm') return probeEndpoint(url, 'vllm', opts);
  if (owner === 'llamacpp') return probeEndpoint(url, 'llamacpp', opts);
  if (owner === 'library' || owner === 'ollama') return probeEndpoint(url, 'ollama', opts);
  if (owner === 'organization_owner') return probeEndpoint(url, 'lmstudio', opts);
  // Ambiguous (empty list or an unusual owner): ask the kind-specific endpoints.
  const [lm, ver, props] = await Promise.all([get('/api/v0/models'), get('/api/version'), get('/props')]);
  if (jsonOf(lm) !== undefined) return probeEndpoint(url, 'lmstudio', opts);
  if (parseOllamaVersion(jsonOf(ver))) return probeEndpoint(url, 'ollama', opts);
  if (looksLikeLlamaProps(jsonOf(props))) return probeEndpoint(url, 'llamacpp', opts);
  return probeEndpoint(url, hint === 'ollama' || hint === 'lmstudio' ? 'openai' : hint, opts);
}
