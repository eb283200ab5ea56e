/**
 * One machine's model servers: the usual ports on loopback plus the URLs configured for it, all
 * probed in parallel. The gateway runs this for itself and every Hearth node for its own loopback.
 */
import { httpGet } from './http-get.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, identify, probeEndpoint, type ProbeOptions } from './probe.ts';
import { portsFromEnv, type EndpointKind, type ProbeResult } from './types.ts';

export interface ScanTarget {
  url: string;
  /** Known kind: probe it directly. Absent: identify what answers. */
  kind?: EndpointKind | null;
  /** Configured targets are always reported; discovered ports only when something answers. */
  configured?: boolean;
}

export function normaliseUrl(raw: string): string {
  const u = new URL(raw);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${raw}: only http:// and https:// model servers are supported`);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
}

export function defaultTargets(ports = portsFromEnv()): (ScanTarget & { hint: EndpointKind })[] {
  return ports.map((p) => ({ url: `http://127.0.0.1:${p.port}`, hint: p.kind }));
}

export async function scanMachine(targets: readonly ScanTarget[], opts: ProbeOptions = {}, ports = portsFromEnv()): Promise<ProbeResult[]> {
  const byUrl = new Map<string, ScanTarget & { hint?: EndpointKind }>();
  for (const t of defaultTargets(ports)) byUrl.set(t.url, t);
  for (const t of targets) {
    const prior = byUrl.get(t.url);
    byUrl.set(t.url, { ...prior, ...t, ...(t.kind ? { kind: t.kind } : prior?.kind ? { kind: prior.kind } : {}) });
  }
  const results = await Promise.all([...byUrl.values()].map(async (t): Promise<ProbeResult | undefined> => {
    if (t.kind) return probeEndpoint(t.url, t.kind, opts);
    const found = await identify(t.url, t.hint ?? 'openai', opts);
    if (found || !t.configured) return found;
    return { url: t.url, kind: t.hint ?? 'openai', health: 'down', models: [], error: await notAModelServer(t.url, opts), checkedAtMs: Date.now() };
  }));
  return results.filter((r): r is ProbeResult => r !== undefined);
}

/**
 * Why a configured URL is no model server. `identify` gives undefined both when nothing listens
 * and when something else answers; the usual case is a server that is not started, which must
 * not read "something answers there".
 */
async function notAModelServer(url: string, opts: ProbeOptions): Promise<string> {
  const o = await httpGet(`${url.replace(/\/+$/, '')}/v1/models`, opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, opts.signal);
  if (!o.ok && o.reason === 'refused') return `nothing answers there (${o.message}); start the model server, or check the URL and port`;
  if (!o.ok) return `${o.message}; check the URL`;
  return 'something answers there, but not like a model server (no /v1/models or /api/tags); check the URL';
}
