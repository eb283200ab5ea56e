/**
 * The models feature module: inventory of every machine's local model servers, `hearth.models.*`
 * methods, the OpenAI-compatible endpoint (and `/ollama/`) on the gateway port, health for
 * `status --deep`, and alerts when an endpoint that served traffic goes down.
 */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import type { GatewayOptions } from '../gateway/options.ts';
import { modelSettingSchema } from '../../../src-shared/protocol/contract/models.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule, ModuleContext, ModuleHealth } from '../modules/types.ts';
import { createApiRoutes } from './api.ts';
import { ApiAuth } from './auth.ts';
import { Inventory, type Settings } from './inventory.ts';
import { normaliseUrl } from './scan.ts';
import { createModelsRepo, endpointId, MODELS_MIGRATIONS, type EndpointRow, type ModelsRepo } from './store.ts';
import type { EndpointKind } from './types.ts';

const DEFAULTS: Settings = { refreshIntervalMs: 30_000, cooldownMs: 60_000, probeTimeoutMs: 2500, firstByteTimeoutMs: 120_000 };

export function createModelsModule(opts: Pick<GatewayOptions, 'auth'>): FeatureModule {
  let ctx: ModuleContext | undefined;
  let repo: ModelsRepo | undefined;
  let inventory: Inventory | undefined;
  let auth: ApiAuth | undefined;
  const secret = opts.auth.mode === 'token' ? opts.auth.token : opts.auth.mode === 'password' ? opts.auth.password : undefined;

  const need = () => {
    if (!ctx || !repo || !inventory || !auth) throw invalidRequest('the models module is not running');
    return { ctx, repo, inventory, auth };
  };
  const settings = (): Settings => {
    const out = { ...DEFAULTS };
    for (const k of Object.keys(DEFAULTS) as (keyof Settings)[]) {
      const v = ctx?.settings.get<number>(k, DEFAULTS[k]);
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    }
    return out;
  };
  const resolve = (ref: string): EndpointRow => {
    const rows = need().repo.endpoints();
    const hit = rows.find((r) => r.id === ref) ?? rows.find((r) => r.name === ref) ?? rows.find((r) => r.url === ref) ?? (() => {
      const pre = rows.filter((r) => r.id.startsWith(ref));
      return pre.length === 1 ? pre[0] : undefined;
    })();
    if (!hit) throw invalidRequest(`no model endpoint ${ref}; see \`hearth models status\` for names and ids`);
    return hit;
  };
  const changed = () => need().ctx.gw.events.broadcast('hearth.models.changed', need().inventory.status());

  const methods = defineMethods({
    'hearth.models.status': {
      role: 'operator', scope: 'operator.read',
      handler: async () => {
        await need().inventory.firstScan();
        return need().inventory.status();
      },
    },
    'hearth.models.list': {
      role: 'operator', scope: 'operator.read',
      handler: async () => {
        await need().inventory.firstScan();
        const byName = new Map<string, { name: string; endpoints: { id: string; name: string; node: string; kind: EndpointKind; health: string; priority: number; loaded?: boolean; vramBytes?: number; sizeBytes?: number; quantization?: string; contextLength?: number }[] }>();
        for (const e of need().inventory.endpoints()) {
          for (const m of e.models) {
            let entry = byName.get(m.name);
            if (!entry) byName.set(m.name, (entry = { name: m.name, endpoints: [] }));
            entry.endpoints.push({
              id: e.id, name: e.name, node: e.nodeName, kind: e.kind, health: e.cooldownUntilMs ? 'cooldown' : e.health, priority: e.priority,
              ...(m.loaded !== undefined ? { loaded: m.loaded } : {}), ...(m.vramBytes !== undefined ? { vramBytes: m.vramBytes } : {}),
              ...(m.sizeBytes !== undefined ? { sizeBytes: m.sizeBytes } : {}), ...(m.quantization ? { quantization: m.quantization } : {}),
              ...(m.contextLength ? { contextLength: m.contextLength } : {}),
            });
          }
        }
        return { ts: need().ctx.gw.clock(), models: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)) };
      },
    },
    'hearth.models.refresh': {
      role: 'operator', scope: 'operator.read',
      handler: async () => {
        await need().inventory.refresh();
        return need().inventory.status();
      },
    },
    'hearth.models.add': {
      role: 'operator', scope: 'operator.admin',
      handler: async (p) => {
        const { repo: r, ctx: c, inventory: inv } = need();
        let url: string;
        try {
          url = normaliseUrl(p.url);
        } catch (err) {
          throw invalidRequest(`invalid endpoint URL: ${(err as Error).message}; pass e.g. http://127.0.0.1:11434`);
        }
        const nodeId = p.nodeId ?? null;
        if (nodeId !== null && !c.gw.nodes.entry(nodeId)) throw invalidRequest(`unknown node ${nodeId}; see \`hearth nodes list\``);
        const rows = r.endpoints();
        const id = endpointId(nodeId, url);
        const machine = nodeId === null ? 'gateway' : c.gw.nodes.entry(nodeId)?.displayName ?? nodeId.slice(0, 8);
        const name = p.name ?? `${machine}/${p.kind ?? 'model'}:${new URL(url).port || (url.startsWith('https') ? '443' : '80')}`;
        if (rows.some((e) => e.name === name && e.id !== id)) throw invalidRequest(`an endpoint is already named ${name}; pass another --name`);
        const prior = rows.find((e) => e.id === id);
        const row: EndpointRow = {
          id, url, nodeId, kind: p.kind ?? prior?.kind ?? null, name, source: 'configured', createdAtMs: prior?.createdAtMs ?? c.gw.clock(),
          priority: p.priority ?? prior?.priority ?? rows.reduce((m, e) => Math.max(m, e.priority), 0) + 1,
        };
        r.put(row);
        if (p.priority !== undefined) {
          // Priority N puts it N-th; everything else keeps its order around it.
          const order = r.endpoints().map((e) => e.id).filter((x) => x !== id);
          order.splice(p.priority - 1, 0, id);
          r.reorder(order);
        }
        await inv.refresh();
        return { endpoint: inv.view(r.endpoints().find((e) => e.id === id)!) };
      },
    },
    'hearth.models.remove': {
      role: 'operator', scope: 'operator.admin',
      handler: (p) => {
        const row = resolve(p.endpoint);
        need().repo.remove(row.id);
        need().inventory.forget(row.id);
        changed();
        return { removed: row.id, name: row.name, note: row.source === 'discovered' ? 'it comes back on the next refresh while the server still answers on its default port' : undefined };
      },
    },
    'hearth.models.reorder': {
      role: 'operator', scope: 'operator.write',
      handler: (p) => {
        const ids = p.ids.map((x) => resolve(x).id);
        need().repo.reorder(ids);
        changed();
        return need().inventory.status();
      },
    },
    'hearth.models.setPriority': {
      role: 'operator', scope: 'operator.write',
      handler: (p) => {
        const row = resolve(p.endpoint);
        const order = need().repo.endpoints().map((e) => e.id).filter((x) => x !== row.id);
        order.splice(p.priority - 1, 0, row.id);
        need().repo.reorder(order);
        changed();
        return need().inventory.status();
      },
    },
    'hearth.models.settings': {
      role: 'operator', scope: 'operator.admin',
      handler: (p) => {
        for (const [k, v] of Object.entries(p)) need().ctx.settings.set(k, v);
        if (p.refreshIntervalMs !== undefined) {
          need().inventory.stop();
          need().inventory.start();
        }
        return settings();
      },
    },
    'hearth.models.keys.create': {
      role: 'operator', scope: 'operator.admin',
      handler: (p) => {
        try {
          return need().auth.createKey(p.name);
        } catch (err) {
          throw invalidRequest((err as Error).message);
        }
      },
    },
    'hearth.models.keys.list': {
      role: 'operator', scope: 'operator.admin',
      handler: () => ({ keys: need().repo.keys().map((k) => ({ id: k.id, name: k.name, createdAtMs: k.createdAtMs, lastUsedAtMs: k.lastUsedAtMs })) }),
    },
    'hearth.models.keys.revoke': {
      role: 'operator', scope: 'operator.admin',
      handler: (p) => {
        if (!need().auth.revokeKey(p.name)) throw invalidRequest(`no key named ${p.name}; see \`hearth models key list\``);
        return { revoked: p.name };
      },
    },
    'hearth.models.uiKey': {
      role: 'operator', scope: 'operator.write',
      handler: () => need().auth.uiKey(),
    },
  });

  const api = createApiRoutes({
    get auth() { return need().auth; },
    get inventory() { return need().inventory; },
    ctx: () => ctx,
  } as Parameters<typeof createApiRoutes>[0]);

  return {
    name: 'models',
    migrations: MODELS_MIGRATIONS,
    methods,
    settings: [
      { key: 'refreshIntervalMs', schema: modelSettingSchema('refreshIntervalMs'), default: DEFAULTS.refreshIntervalMs, description: 'how often every model endpoint is probed, in ms (`hearth models config` applies it at once)', restart: true },
      { key: 'cooldownMs', schema: modelSettingSchema('cooldownMs'), default: DEFAULTS.cooldownMs, description: 'how long a failing endpoint is skipped by routing, in ms' },
      { key: 'probeTimeoutMs', schema: modelSettingSchema('probeTimeoutMs'), default: DEFAULTS.probeTimeoutMs, description: 'how long one endpoint probe may take, in ms' },
      { key: 'firstByteTimeoutMs', schema: modelSettingSchema('firstByteTimeoutMs'), default: DEFAULTS.firstByteTimeoutMs, description: "how long a relayed request may wait for the model's first byte, in ms" },
    ],
    alertSources: [
      { prefix: 'models.endpoint.down:', severity: 'warning', description: 'a model endpoint stopped answering while requests used it; clears when it answers again' },
    ],
    events: { 'hearth.models.changed': { operators: 'operator.read', nodes: false, ui: true } },
    routes: api,
    start(c) {
      ctx = c;
      repo = createModelsRepo(c.gw.store.db);
      auth = new ApiAuth({ secret, repo, clock: c.gw.clock });
      inventory = new Inventory(c, repo, settings);
      inventory.start();
    },
    stop() {
      inventory?.stop();
      ctx = undefined;
    },
    health(): ModuleHealth {
      if (!inventory) return { state: 'disabled', summary: 'models module not started' };
      if (!inventory.scanned) return { state: 'starting', summary: 'looking for local model servers (first scan running)' };
      const s = inventory.status();
      const up = s.endpoints.filter((e) => e.health === 'up');
      const bad = s.endpoints.filter((e) => e.health !== 'up' && e.health !== 'unknown');
      const warnings = bad.filter((e) => e.requests > 0 || e.source === 'configured').map((e) => `model endpoint ${e.name} (${e.url}) is ${e.health}${e.error ? `: ${e.error}` : ''}`);
      for (const e of up) if (e.cooldownUntilMs) warnings.push(`model endpoint ${e.name} (${e.url}) is cooling down after a failed request; requests go to the next endpoint`);
      const summary = s.endpoints.length === 0
        ? 'no local model servers found (looked for Ollama, LM Studio, vLLM, llama.cpp); add one with `hearth models add URL`'
        : `${up.length}/${s.endpoints.length} endpoints up, ${s.liveModels} models`;
      return { state: s.endpoints.length === 0 ? 'disabled' : warnings.length > 0 || (up.length === 0) ? 'degraded' : 'ok', summary, warnings, endpoints: s.endpoints.length, liveModels: s.liveModels };
    },
  };
}
