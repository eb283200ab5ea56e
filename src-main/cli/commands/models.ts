/** `hearth models list | status | refresh | add | remove | priority | key create|list|revoke` over hearth.models.*. */
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import type { EndpointKind, EndpointView, ModelsStatus } from '../../core/models/types.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { resolveNode } from '../../../src-shared/client/resolve-node.ts';
import { httpUrlFor } from '../settings.ts';
import type { ParamsOf } from '../../../src-shared/protocol/contract/index.ts';
import { listNodes, type ClientCommandFlags } from './nodes.ts';


const bytes = (n: number | undefined): string => {
  if (n === undefined) return '-';
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
};

function healthText(e: EndpointView, now: number): string {
  if (e.cooldownUntilMs) return `cooling down ${Math.ceil((e.cooldownUntilMs - now) / 1000)} s`;
  return e.health;
}

export function endpointsTable(endpoints: readonly EndpointView[], now: number): string[] {
  return formatTable(
    ['#', 'ENDPOINT', 'MACHINE', 'KIND', 'VERSION', 'HEALTH', 'LATENCY', 'MODELS', 'URL'],
    endpoints.map((e) => [
      String(e.priority), e.name, e.nodeName, e.kind, e.version ?? '-', healthText(e, now),
      e.latencyMs !== undefined ? `${e.latencyMs} ms` : '-', String(e.models.length), e.url,
    ]),
  );
}

export async function modelsListCommand(flags: ClientCommandFlags): Promise<void> {
  const list = await withGateway(clientSettingsFrom(flags), ['operator.read'], (c) => c.call('hearth.models.list', {}));
  if (flags.json) return printJson(list);
  if (list.models.length === 0) {
    return out('No models found. Start Ollama, LM Studio, vLLM or llama.cpp on this machine or a node, or add a server: `hearth models add http://HOST:PORT`.');
  }
  const rows: string[][] = [];
  for (const m of list.models) {
    for (const e of m.endpoints) {
      rows.push([
        m.name, `${e.priority}. ${e.name}`, e.health, e.loaded === undefined ? '-' : e.loaded ? 'loaded' : 'on disk',
        e.vramBytes !== undefined ? bytes(e.vramBytes) : '-', bytes(e.sizeBytes), e.quantization ?? '-', e.contextLength ? String(e.contextLength) : '-',
      ]);
    }
  }
  await out(...formatTable(['MODEL', 'ENDPOINT', 'HEALTH', 'STATE', 'VRAM', 'SIZE', 'QUANT', 'CONTEXT'], rows));
}

async function printStatus(s: ModelsStatus, flags: ClientCommandFlags): Promise<void> {
  if (flags.json) return printJson(s);
  const now = Date.now();
  if (s.endpoints.length === 0) {
    return out('No model endpoints yet (looked for Ollama :11434, LM Studio :1234, vLLM :8000 and llama.cpp :8080 on the gateway and every node).', 'Add one: `hearth models add http://HOST:PORT [--node NODE]`.');
  }
  const lines = endpointsTable(s.endpoints, now);
  for (const e of s.endpoints) if (e.error && e.health !== 'up') lines.push(`  ${e.name}: ${e.error}`);
  lines.push('', `${s.liveModels} models live; refreshed ${formatAge(s.lastRefreshMs, now)}, every ${s.refreshIntervalMs / 1000} s; a failing endpoint is left out for ${s.cooldownMs / 1000} s.`);
  lines.push(`OpenAI-compatible endpoint: ${httpUrlFor(clientSettingsFrom(flags).url)}/v1 (Authorization: Bearer <gateway token or \`hearth models key create NAME\`>)`);
  await out(...lines);
}

export async function modelsStatusCommand(flags: ClientCommandFlags): Promise<void> {
  await printStatus(await withGateway(clientSettingsFrom(flags), ['operator.read'], (c) => c.call('hearth.models.status', {})), flags);
}

export async function modelsRefreshCommand(flags: ClientCommandFlags): Promise<void> {
  await printStatus(await withGateway(clientSettingsFrom(flags), ['operator.read'], (c) => c.call('hearth.models.refresh', {})), flags);
}

const KINDS: readonly EndpointKind[] = ['ollama', 'openai', 'lmstudio', 'vllm', 'llamacpp'];

export async function modelsAddCommand(url: string, flags: ClientCommandFlags & { node?: string; kind?: string; name?: string; priority?: string }): Promise<void> {
  if (flags.kind !== undefined && !KINDS.includes(flags.kind as EndpointKind)) throw new CliError(`unknown --kind ${flags.kind}; use one of ${KINDS.join(', ')}`);
  const priority = flags.priority !== undefined ? Number(flags.priority) : undefined;
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 1)) throw new CliError(`--priority must be a whole number from 1 (tried first); got ${flags.priority}`);
  try {
    new URL(url);
  } catch {
    throw new CliError(`${url} is not a URL; pass e.g. http://127.0.0.1:11434`);
  }
  const r = await withGateway(clientSettingsFrom(flags), ['operator.admin'], async (c: GatewayConnection) => {
    const params: ParamsOf<'hearth.models.add'> = { url };
    if (flags.node) params.nodeId = resolveNode(flags.node, (await listNodes(c)).nodes).nodeId;
    if (flags.kind) params.kind = flags.kind as EndpointKind;
    if (flags.name) params.name = flags.name;
    if (priority !== undefined) params.priority = priority;
    return c.call('hearth.models.add', params);
  });
  if (flags.json) return printJson(r);
  const e = r.endpoint;
  await out(`Added ${e.name} (${e.url} on ${e.nodeName}), priority ${e.priority}: ${e.health}${e.error ? ` — ${e.error}` : ''}, ${e.models.length} models.`);
}

export async function modelsRemoveCommand(endpoint: string, flags: ClientCommandFlags): Promise<void> {
  const r = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (c) => c.call('hearth.models.remove', { endpoint }));
  if (flags.json) return printJson(r);
  await out(`Removed ${r.name}.${r.note ? ` Note: ${r.note}.` : ''}`);
}

export async function modelsPriorityCommand(endpoint: string, priority: string, flags: ClientCommandFlags): Promise<void> {
  const p = Number(priority);
  if (!Number.isInteger(p) || p < 1) throw new CliError(`priority must be a whole number from 1 (tried first); got ${priority}`);
  const s = await withGateway(clientSettingsFrom(flags), ['operator.write'], (c) => c.call('hearth.models.setPriority', { endpoint, priority: p }));
  await printStatus(s, flags);
}

export async function modelsKeyCreateCommand(name: string, flags: ClientCommandFlags): Promise<void> {
  const k = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (c) => c.call('hearth.models.keys.create', { name }));
  if (flags.json) return printJson(k);
  await out(`API key ${k.name} (shown once; only its hash is kept):`, k.key, '', `Use it as: Authorization: Bearer ${k.key.slice(0, 8)}…  against ${httpUrlFor(clientSettingsFrom(flags).url)}/v1`);
}

export async function modelsKeyListCommand(flags: ClientCommandFlags): Promise<void> {
  const r = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (c) => c.call('hearth.models.keys.list', {}));
  if (flags.json) return printJson(r);
  if (r.keys.length === 0) return out('No API keys. Create one: `hearth models key create NAME`.');
  const now = Date.now();
  await out(...formatTable(['NAME', 'CREATED', 'LAST USED'], r.keys.map((k) => [k.name, formatAge(k.createdAtMs, now), k.lastUsedAtMs ? formatAge(k.lastUsedAtMs, now) : 'never'])));
}

export async function modelsKeyRevokeCommand(name: string, flags: ClientCommandFlags): Promise<void> {
  const r = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (c) => c.call('hearth.models.keys.revoke', { name }));
  if (flags.json) return printJson(r);
  await out(`Revoked ${r.revoked}; clients using it now get 401.`);
}

const MS = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
function parseMs(flag: string, v: string): number {
  const m = MS.exec(v.trim());
  if (!m) throw new CliError(`${flag} takes a duration like 60s, 500ms or 2m; got ${v}`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'm' ? n * 60_000 : m[2] === 'ms' ? n : n * 1000);
}

export async function modelsConfigCommand(flags: ClientCommandFlags & { cooldown?: string; refresh?: string; probeTimeout?: string; firstByteTimeout?: string }): Promise<void> {
  const params: Record<string, number> = {};
  if (flags.cooldown !== undefined) params['cooldownMs'] = parseMs('--cooldown', flags.cooldown);
  if (flags.refresh !== undefined) params['refreshIntervalMs'] = parseMs('--refresh', flags.refresh);
  if (flags.probeTimeout !== undefined) params['probeTimeoutMs'] = parseMs('--probe-timeout', flags.probeTimeout);
  if (flags.firstByteTimeout !== undefined) params['firstByteTimeoutMs'] = parseMs('--first-byte-timeout', flags.firstByteTimeout);
  const s = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (c) => c.call('hearth.models.settings', params));
  if (flags.json) return printJson(s);
  await out(`Cooldown after a failed request: ${s['cooldownMs']! / 1000} s; refresh every ${s['refreshIntervalMs']! / 1000} s; probe timeout ${s['probeTimeoutMs']} ms; first-byte timeout ${s['firstByteTimeoutMs']! / 1000} s.`);
}
