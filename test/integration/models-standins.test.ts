/**
 * Models module against stand-ins replaying Ollama, vLLM and LM Studio shapes (they cannot run
 * here): inventory parsing, an endpoint that accepts and never answers, routing by priority,
 * failover when the preferred endpoint dies mid-traffic, traffic returning after the cooldown,
 * honest errors, the Ollama native passthrough, and bearer auth with keys and rate limiting.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cli } from '../helpers/hardening.ts';
import { startStandInProcess as startStandIn, type StandIn } from '../helpers/model-standins.ts';
import { freePort, spawnHearth, tempDir, waitUntil, type Proc } from '../helpers/processes.ts';

const TOKEN = 'models-test-token-0123456789';
let gw: Proc;
let port = 0;
let stateDir = '';
let ollama: StandIn;
let vllm: StandIn;
let lmstudio: StandIn;
let silent: StandIn;
const ref = () => ({ url: `ws://127.0.0.1:${port}`, token: TOKEN });
const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? TOKEN}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers });
};
const chat = (model: string, stream = false) => api('/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }) });

interface Ep { name: string; kind: string; health: string; version?: string; priority: number; cooldownUntilMs?: number; models: { name: string; loaded?: boolean; vramBytes?: number; sizeBytes?: number; quantization?: string; contextLength?: number; expiresAt?: string; type?: string }[] }
const status = (): { endpoints: Ep[] } => {
  const r = cli(ref(), ['models', 'status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { endpoints: Ep[] };
};
const ep = (name: string) => status().endpoints.find((e) => e.name === name)!;

before(async () => {
  ollama = await startStandIn('ollama', { models: ['shared-model', 'llama3.2:3b'] });
  vllm = await startStandIn('vllm', { models: ['shared-model', 'Qwen/Qwen2.5-7B-Instruct'] });
  lmstudio = await startStandIn('lmstudio', { models: ['shared-model', 'qwen2.5-7b-instruct'] });
  silent = await startStandIn('ollama', { models: [], silent: true });
  stateDir = tempDir('hearth-models-');
  port = await freePort();
  gw = spawnHearth(['gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { HEARTH_MODELS_PORTS: '' });
  await gw.waitFor(/listening on/);
  const cfg = cli(ref(), ['models', 'config', '--cooldown', '2s', '--refresh', '2s', '--probe-timeout', '1500ms']);
  assert.equal(cfg.code, 0, cfg.stderr);
  for (const [url, args] of [
    [ollama.url, ['--kind', 'ollama', '--name', 'pc-ollama']],
    [vllm.url, ['--name', 'box-vllm']],
    [lmstudio.url, ['--name', 'laptop-lmstudio']],
    [silent.url, ['--kind', 'openai', '--name', 'hung']],
  ] as const) {
    const r = cli(ref(), ['models', 'add', url, ...args]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
  }
});

after(async () => {
  await gw?.stop();
  for (const s of [ollama, vllm, lmstudio, silent]) await s?.kill().catch(() => {});
  rmSync(stateDir, { recursive: true, force: true });
});

test('inventory: kinds detected, versions, sizes, quantisation, context, loaded and VRAM', () => {
  const o = ep('pc-ollama');
  assert.equal(o.kind, 'ollama');
  assert.equal(o.health, 'up');
  assert.equal(o.version, '0.5.7');
  const shared = o.models.find((m) => m.name === 'shared-model')!;
  assert.equal(shared.loaded, true);
  assert.equal(shared.vramBytes, 2.5 * 2 ** 30);
  assert.equal(shared.contextLength, 4096);
  assert.equal(shared.quantization, 'Q4_K_M');
  assert.equal(shared.sizeBytes, 2 * 2 ** 30);
  assert.equal(o.models.find((m) => m.name === 'llama3.2:3b')!.loaded, false);

  const v = ep('box-vllm');
  assert.equal(v.kind, 'vllm', 'detected from owned_by');
  assert.equal(v.version, '0.6.4.post1');
  assert.equal(v.models[0]!.contextLength, 8192);
  assert.equal(v.models[0]!.loaded, true);

  const l = ep('laptop-lmstudio');
  assert.equal(l.kind, 'lmstudio');
  assert.deepEqual(l.models.map((m) => [m.name, m.loaded, m.quantization, m.contextLength]), [['shared-model', true, 'Q4_K_M', 32768], ['qwen2.5-7b-instruct', false, 'Q4_K_M', 32768]]);

  const list = cli(ref(), ['models', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /shared-model\s+1\. pc-ollama\s+up\s+loaded\s+2\.5 GiB/);
});

test('an endpoint that accepts and never answers is unresponsive, and the gateway is unaffected', async () => {
  const h = ep('hung');
  assert.equal(h.health, 'unresponsive');
  const started = Date.now();
  const r = await api('/v1/models');
  assert.equal(r.status, 200);
  assert.ok(Date.now() - started < 1000, 'listing does not wait on the silent endpoint');
  const refresh = cli(ref(), ['models', 'refresh', '--json']);
  assert.equal(refresh.code, 0, refresh.stderr);
  assert.equal((JSON.parse(refresh.stdout) as { endpoints: Ep[] }).endpoints.find((e) => e.name === 'hung')!.health, 'unresponsive');
});

test('GET /v1/models is the union, each model with where it lives', async () => {
  const body = (await (await api('/v1/models')).json()) as { object: string; data: { id: string; hearth: { endpoints: { endpoint: string }[] } }[] };
  assert.equal(body.object, 'list');
  const shared = body.data.find((m) => m.id === 'shared-model')!;
  assert.deepEqual(shared.hearth.endpoints.map((e) => e.endpoint), ['pc-ollama', 'box-vllm', 'laptop-lmstudio']);
  assert.ok(body.data.some((m) => m.id === 'Qwen/Qwen2.5-7B-Instruct'));
});

test('failover: kill the preferred endpoint mid-traffic, no client-visible error; back after the cooldown', async () => {
  const first = await chat('shared-model');
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('x-hearth-endpoint'), 'pc-ollama');
  assert.equal(((await first.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, 'answer from ollama');

  await ollama.kill();
  for (const stream of [false, true, false]) {
    const r = await chat('shared-model', stream);
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal(r.headers.get('x-hearth-endpoint'), 'box-vllm');
    const text = await r.text();
    assert.match(text, /answer|from/);
    if (stream) assert.match(text, /data: \[DONE\]/);
  }
  const o = ep('pc-ollama');
  assert.ok(o.cooldownUntilMs !== undefined || o.health !== 'up', 'the dead endpoint left the pool');
  const deep = cli(ref(), ['status', '--deep']);
  assert.match(deep.stdout, /models: model endpoint pc-ollama .* is (down|unresponsive|cooling down)/);

  await ollama.restart();
  await waitUntil(async () => (await chat('shared-model')).headers.get('x-hearth-endpoint') === 'pc-ollama', 20_000, 'traffic to return to pc-ollama');
});

test('a pinned endpoint (model@endpoint) and the Ollama native API', async () => {
  const r = await chat('shared-model@laptop-lmstudio');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-hearth-endpoint'), 'laptop-lmstudio');
  const tags = (await (await api('/ollama/api/tags')).json()) as { models: { name: string; size: number; details: { quantization_level: string } }[] };
  assert.deepEqual(tags.models.map((m) => m.name).sort(), ['llama3.2:3b', 'shared-model']);
  const nd = await api('/ollama/api/chat', { method: 'POST', body: JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] }) });
  assert.equal(nd.status, 200);
  assert.match(nd.headers.get('content-type') ?? '', /ndjson/);
  const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l) as { done: boolean });
  assert.equal(lines.at(-1)!.done, true);
});

test('honest OpenAI-shaped errors: unknown model 404, nothing left 503, bad body 400', async () => {
  const unknown = await chat('no-such-model');
  assert.equal(unknown.status, 404);
  assert.deepEqual(Object.keys(((await unknown.json()) as { error: object }).error).sort(), ['code', 'message', 'param', 'type']);
  const bad = await api('/v1/chat/completions', { method: 'POST', body: '{not json' });
  assert.equal(bad.status, 400);
  await lmstudio.kill();
  const only = await chat('qwen2.5-7b-instruct');
  const e = (await only.json()) as { error: { message: string; type: string; code: string } };
  assert.equal(only.status, 503);
  assert.equal(e.error.code, 'model_unavailable');
  assert.match(e.error.message, /laptop-lmstudio/);
  await lmstudio.restart();
});

test('auth: none → 401, wrong → 401, keys work until revoked, failures are rate-limited', async () => {
  const none = await api('/v1/models', { token: null });
  assert.equal(none.status, 401);
  const body = (await none.json()) as { error: { type: string; code: unknown; message: string; param: unknown } };
  assert.equal(body.error.type, 'invalid_request_error');
  assert.equal(body.error.param, null);
  const wrong = await api('/v1/chat/completions', { method: 'POST', token: 'nope', body: JSON.stringify({ model: 'shared-model', messages: [] }) });
  assert.equal(wrong.status, 401);
  assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'invalid_api_key');

  const created = cli(ref(), ['models', 'key', 'create', 'laptop-ide', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const key = (JSON.parse(created.stdout) as { key: string }).key;
  assert.equal((await api('/v1/models', { token: key })).status, 200);
  assert.equal(cli(ref(), ['models', 'key', 'revoke', 'laptop-ide']).code, 0);
  assert.equal((await api('/v1/models', { token: key })).status, 401);

  // A remote client (through a proxy): ten failures in a minute, then 429 even for a good token.
  const remote = { 'x-forwarded-for': '203.0.113.9' };
  for (let i = 0; i < 10; i++) assert.equal((await api('/v1/models', { token: `bad-${i}`, headers: remote })).status, 401);
  const limited = await api('/v1/models', { headers: remote });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
  assert.equal((await api('/v1/models')).status, 200, 'loopback clients are not locked out');
});
