/**
 * Parsers for the listing endpoints of each server, tolerant of missing fields (versions differ):
 * Ollama `/api/tags` + `/api/ps` + `/api/version`, OpenAI `/v1/models` (with vLLM's
 * `max_model_len` and llama.cpp's `meta`), LM Studio `/api/v0/models`, llama.cpp `/props`.
 */
import type { ModelInfo } from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const list = (v: unknown, key: string): Obj[] => (isObj(v) && Array.isArray(v[key]) ? (v[key] as unknown[]).filter(isObj) : []);

function set<K extends keyof ModelInfo>(m: ModelInfo, k: K, v: ModelInfo[K] | undefined): void {
  if (v !== undefined) m[k] = v;
}

/** Ollama `/api/tags` (installed models), marked with `/api/ps` (loaded ones, their VRAM). */
export function parseOllama(tags: unknown, ps: unknown): ModelInfo[] {
  const loaded = new Map<string, Obj>();
  for (const m of list(ps, 'models')) {
    const name = str(m['name']) ?? str(m['model']);
    if (name) loaded.set(name, m);
  }
  const out: ModelInfo[] = [];
  for (const t of list(tags, 'models')) {
    const name = str(t['name']) ?? str(t['model']);
    if (!name) continue;
    const d = isObj(t['details']) ? t['details'] : {};
    const m: ModelInfo = { name, loaded: loaded.has(name) };
    set(m, 'sizeBytes', num(t['size']));
    set(m, 'quantization', str(d['quantization_level']));
    set(m, 'family', str(d['family']));
    set(m, 'parameterSize', str(d['parameter_size']));
    const p = loaded.get(name);
    if (p) {
      set(m, 'vramBytes', num(p['size_vram']));
      set(m, 'expiresAt', str(p['expires_at']));
      set(m, 'contextLength', num(p['context_length']));
    }
    out.push(m);
  }
  // A model loaded but no longer listed (deleted while in memory) still serves requests.
  for (const [name, p] of loaded) {
    if (out.some((m) => m.name === name)) continue;
    const m: ModelInfo = { name, loaded: true };
    set(m, 'sizeBytes', num(p['size']));
    set(m, 'vramBytes', num(p['size_vram']));
    out.push(m);
  }
  return out;
}

export function parseOllamaVersion(v: unknown): string | undefined {
  return isObj(v) ? str(v['version']) : undefined;
}

/** `owned_by` of the first model in an OpenAI `/v1/models` list (vLLM: `vllm`, llama.cpp: `llamacpp`). */
export function ownerOf(models: unknown): string | undefined {
  return str(list(models, 'data')[0]?.['owned_by']);
}

/** OpenAI `/v1/models`; servers that serve what they list (vLLM, llama.cpp) pass `allLoaded`. */
export function parseOpenAiModels(models: unknown, allLoaded: boolean): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const e of list(models, 'data')) {
    const name = str(e['id']);
    if (!name) continue;
    const m: ModelInfo = { name };
    if (allLoaded) m.loaded = true;
    set(m, 'contextLength', num(e['max_model_len']) ?? num(e['context_length']));
    const meta = isObj(e['meta']) ? e['meta'] : undefined;
    if (meta) {
      set(m, 'sizeBytes', num(meta['size']));
      set(m, 'contextLength', num(meta['n_ctx']) ?? num(meta['n_ctx_train']));
      set(m, 'quantization', str(meta['ftype']));
    }
    out.push(m);
  }
  return out;
}

/** LM Studio `/api/v0/models`: `state` says loaded or not, plus quantisation and context. */
export function parseLmStudio(models: unknown): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const e of list(models, 'data')) {
    const name = str(e['id']);
    if (!name) continue;
    const m: ModelInfo = { name, loaded: e['state'] === 'loaded' };
    set(m, 'type', str(e['type']));
    set(m, 'quantization', str(e['quantization']));
    set(m, 'family', str(e['arch']));
    set(m, 'contextLength', num(e['loaded_context_length']) ?? num(e['max_context_length']));
    out.push(m);
  }
  return out;
}

/** llama.cpp `/props`: the build as version, the slot context as context length. */
export function parseLlamaProps(props: unknown): { version?: string; contextLength?: number } {
  if (!isObj(props)) return {};
  const out: { version?: string; contextLength?: number } = {};
  const v = str(props['build_info']);
  if (v) out.version = v;
  const gen = isObj(props['default_generation_settings']) ? props['default_generation_settings'] : {};
  const n = num(gen['n_ctx']);
  if (n !== undefined) out.contextLength = n;
  return out;
}

export function looksLikeLlamaProps(props: unknown): boolean {
  return isObj(props) && ('build_info' in props || 'default_generation_settings' in props);
}
