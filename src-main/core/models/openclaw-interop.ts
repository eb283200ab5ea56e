/**
 * A real OpenClaw node host advertises `ollama.models` / `ollama.chat` (extension "ollama",
 * capability `local-inference`): discovery answers `{provider:"ollama", models:[{name, loaded,
 * size?, family?, parameterSize?, quantization?, contextWindow?, capabilities?}]}` and chat takes
 * `{model, prompt, system?, maxTokens?, temperature?, timeoutMs?}` and answers
 * `{provider, model, response, usage?:{promptTokens, completionTokens}}` — one prompt, no stream.
 * Hearth lists such a node's Ollama models and routes chat completions to them through that
 * command, answering in OpenAI's shapes (a stream becomes one content chunk and [DONE]).
 */
import { randomUUID } from 'node:crypto';
import type { ModuleContext } from '../modules/types.ts';
import type { ModelInfo, ProbeResult } from './types.ts';

const OPENCLAW_URL = 'openclaw://ollama.chat';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function openclawModels(ctx: ModuleContext, nodeId: string): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const p = await ctx.invokeNode(nodeId, 'ollama.models', {}, 15_000);
    const list = isObj(p) && Array.isArray(p['models']) ? p['models'].filter(isObj) : [];
    const models: ModelInfo[] = [];
    for (const m of list) {
      if (typeof m['name'] !== 'string') continue;
      const info: ModelInfo = { name: m['name'], loaded: m['loaded'] === true };
      if (typeof m['size'] === 'number') info.sizeBytes = m['size'];
      if (typeof m['quantization'] === 'string') info.quantization = m['quantization'];
      if (typeof m['family'] === 'string') info.family = m['family'];
      if (typeof m['parameterSize'] === 'string') info.parameterSize = m['parameterSize'];
      if (typeof m['contextWindow'] === 'number') info.contextLength = m['contextWindow'];
      models.push(info);
    }
    return { url: OPENCLAW_URL, kind: 'ollama', health: 'up', models, latencyMs: Math.round(performance.now() - started), checkedAtMs: Date.now() };
  } catch (err) {
    return { url: OPENCLAW_URL, kind: 'ollama', health: 'down', models: [], error: (err as Error).message, checkedAtMs: Date.now() };
  }
}

type Msg = { role?: unknown; content?: unknown };
const text = (c: unknown): string => (typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => (isObj(p) && typeof p['text'] === 'string' ? p['text'] : '')).join('') : '');

/** Folds OpenAI chat messages into ollama.chat's one system prompt and one prompt. */
export function toOpenclawChat(body: Record<string, unknown>): Record<string, unknown> {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as Msg[]) : [];
  const system = messages.filter((m) => m.role === 'system').map((m) => text(m.content)).join('\n\n');
  const turns = messages.filter((m) => m.role !== 'system');
  const prompt = turns.length === 1 ? text(turns[0]!.content) : turns.map((m) => `${String(m.role)}: ${text(m.content)}`).join('\n\n');
  const p: Record<string, unknown> = { model: body['model'], prompt };
  if (system) p['system'] = system;
  const max = body['max_completion_tokens'] ?? body['max_tokens'];
  if (typeof max === 'number') p['maxTokens'] = Math.min(Math.max(1, Math.floor(max)), 8192);
  if (typeof body['temperature'] === 'number') p['temperature'] = Math.min(Math.max(body['temperature'], 0), 2);
  return p;
}

/** An OpenAI chat completion (or its SSE form) from an ollama.chat result. */
export function fromOpenclawChat(result: unknown, model: string, stream: boolean): { contentType: string; body: string } {
  const r = isObj(result) ? result : {};
  const content = typeof r['response'] === 'string' ? r['response'] : '';
  const usage = isObj(r['usage']) ? r['usage'] : {};
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const name = typeof r['model'] === 'string' ? r['model'] : model;
  if (stream) {
    const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: name, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    return { contentType: 'text/event-stream', body: chunk({ role: 'assistant', content }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n' };
  }
  const p = typeof usage['promptTokens'] === 'number' ? usage['promptTokens'] : 0;
  const c = typeof usage['completionTokens'] === 'number' ? usage['completionTokens'] : 0;
  return {
    contentType: 'application/json',
    body: JSON.stringify({ id, object: 'chat.completion', created, model: name, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } }),
  };
}
