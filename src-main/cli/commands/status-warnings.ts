/** What `hearth status` warns about, as a pure function of the payloads it read. */

/** The parts of Hearth's `status` payload the CLI reads; all optional (an OpenClaw gateway lacks them). */
export interface StatusPayload {
  runtimeVersion?: string;
  gateway?: {
    url?: string;
    bind?: string;
    host?: string;
    port?: number;
    loopbackOnly?: boolean;
    authMode?: string;
    autoApproveLocal?: boolean;
    uptimeMs?: number;
    /** hearth.json reload state: a refused edit, changes waiting for a restart. */
    config?: { warnings?: unknown };
  };
  nodes?: { total: number; connected: number; pendingApproval?: number };
  pairing?: { pendingDevices: number; pendingNodes: number };
  eventLoop?: { degraded?: boolean; delayP99Ms?: number };
  [k: string]: unknown;
}

export interface WarningInput {
  status: StatusPayload;
  health?: { ok?: boolean } & Record<string, unknown>;
  readyz?: { status: number; body: unknown };
  /** The node list, when read: names the offline nodes. */
  nodes?: { nodes: readonly { displayName?: string; nodeId: string; paired: boolean; connected: boolean }[] };
}

/** "laptop, mac and 2 more" — enough names to recognise without flooding a line. */
function someNames(names: string[]): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** Paired nodes that are not connected: one warning naming them. */
export function offlineNodesWarning(r: Pick<WarningInput, 'status' | 'nodes'>): string | undefined {
  const offline = r.nodes?.nodes.filter((n) => n.paired && !n.connected).map((n) => n.displayName ?? n.nodeId.slice(0, 12));
  if (offline) {
    if (offline.length === 0) return undefined;
    const verb = offline.length === 1 ? 'is' : 'are';
    return `${offline.length === 1 ? 'node' : `${offline.length} nodes`} ${someNames(offline)} ${verb} offline; start \`hearth node run\` (or its service) on ${offline.length === 1 ? 'that machine' : 'those machines'}`;
  }
  const n = r.status.nodes;
  if (n && n.total > n.connected) return `${n.total - n.connected} of ${n.total} nodes are offline; see \`hearth nodes list\``;
  return undefined;
}

/** One sentence per problem, each naming what to do. */
export function statusWarnings(r: WarningInput): string[] {
  const w: string[] = [];
  const g = r.status.gateway;
  if (g?.loopbackOnly === false) {
    w.push(`bound to ${g.bind ?? 'a non-loopback address'}${g.host ? ` (${g.host})` : ''}: reachable from the network; prefer loopback plus a tailnet or SSH tunnel`);
    if (g.autoApproveLocal) w.push('loopback auto-approval is on while exposed: an SSH tunnel counts as loopback, so anyone with the tunnel pairs without being asked');
  }
  if (g?.authMode === 'none') {
    w.push(g.loopbackOnly === false ? 'no token or password while exposed; run `hearth setup` and restart the gateway' : 'no token: any local process can control the gateway; run `hearth setup` to add one');
  }
  // The status payload carries it for a plain `status`; `health` repeats it for --deep.
  const cfg = g?.config?.warnings ?? (r.health?.['configReload'] as { warnings?: unknown } | undefined)?.warnings;
  if (Array.isArray(cfg)) for (const line of cfg) if (typeof line === 'string') w.push(line);
  const offline = offlineNodesWarning(r);
  if (offline) w.push(offline);
  if (r.status.pairing && r.status.pairing.pendingDevices + r.status.pairing.pendingNodes > 0) {
    w.push('pairing requests are waiting; review them with `hearth nodes pending`');
  }
  if (r.status.nodes?.pendingApproval) w.push('some nodes cannot run commands until approved; `hearth nodes approve --latest`');
  if (r.status.eventLoop?.degraded) w.push(`the gateway's event loop is lagging (p99 ${r.status.eventLoop.delayP99Ms ?? '?'} ms); the machine may be overloaded`);
  const disk = (r.health?.['hearth'] as { stateDisk?: { state?: string; message?: string } } | undefined)?.stateDisk;
  if (disk?.state === 'full') w.push(`${disk.message ?? 'the state disk is full: new runs are refused'}; free space on that filesystem`);
  else if (r.health && r.health.ok === false) w.push('health reports not ok');
  const modules = (r.health?.['hearth'] as { modules?: Record<string, { warnings?: unknown }> } | undefined)?.modules ?? {};
  for (const [name, m] of Object.entries(modules)) {
    if (Array.isArray(m.warnings)) for (const line of m.warnings) if (typeof line === 'string') w.push(`${name}: ${line}`);
  }
  if (r.readyz && r.readyz.status !== 200) w.push(`/readyz answered ${r.readyz.status === 0 ? 'nothing' : `HTTP ${r.readyz.status}`}; the HTTP side may be down or behind a proxy`);
  return w;
}

/** What a feature module reports under `health.hearth.modules` (storage, tunnels, …). */
export interface ModuleHealthView {
  state: string;
  summary: string;
  warnings?: string[];
}

/** The modules block of a `health` payload; empty when absent (an OpenClaw gateway). */
export function moduleHealth(health: Record<string, unknown> | undefined): Record<string, ModuleHealthView> {
  const mods = (health?.['hearth'] as { modules?: unknown } | undefined)?.modules;
  if (!mods || typeof mods !== 'object') return {};
  const out: Record<string, ModuleHealthView> = {};
  for (const [k, v] of Object.entries(mods as Record<string, unknown>)) {
    const m = v as Partial<ModuleHealthView> | null;
    if (m && typeof m.state === 'string' && typeof m.summary === 'string') out[k] = { state: m.state, summary: m.summary, ...(Array.isArray(m.warnings) ? { warnings: m.warnings.filter((x) => typeof x === 'string') } : {}) };
  }
  return out;
}

/** One line per module: `storage: degraded — 3 mounts: 2 ok, 1 hung`. */
export function moduleLines(health: Record<string, unknown> | undefined): string[] {
  return Object.entries(moduleHealth(health)).map(([name, m]) => `${name}: ${m.state} — ${m.summary}`);
}
