/**
 * What `hearth status` warns about, as a pure function of the payloads it read. The payloads are
 * the contract's types: the client has checked them against the contract on arrival.
 */
import type { HealthResult, StatusResult } from '../../../src-shared/protocol/contract/index.ts';

/** `status` as the contract describes it (every Hearth part optional: an OpenClaw gateway lacks them). */
export type StatusPayload = StatusResult;

export interface WarningInput {
  status: StatusPayload;
  health?: HealthResult;
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
  w.push(...(g?.config?.warnings ?? r.health?.configReload?.warnings ?? []));
  const offline = offlineNodesWarning(r);
  if (offline) w.push(offline);
  if (r.status.pairing && r.status.pairing.pendingDevices + r.status.pairing.pendingNodes > 0) {
    w.push('pairing requests are waiting; review them with `hearth nodes pending`');
  }
  if (r.status.nodes?.pendingApproval) w.push('some nodes cannot run commands until approved; `hearth nodes approve --latest`');
  if (r.status.eventLoop?.degraded) w.push(`the gateway's event loop is lagging (p99 ${r.status.eventLoop.delayP99Ms ?? '?'} ms); the machine may be overloaded`);
  const disk = r.health?.hearth?.stateDisk;
  if (disk?.state === 'full') w.push(`${disk.message ?? 'the state disk is full: new runs are refused'}; free space on that filesystem`);
  else if (r.health && r.health.ok === false) w.push('health reports not ok');
  for (const [name, m] of Object.entries(r.health?.hearth?.modules ?? {})) for (const line of m.warnings ?? []) w.push(`${name}: ${line}`);
  if (r.readyz && r.readyz.status !== 200) w.push(`/readyz answered ${r.readyz.status === 0 ? 'nothing' : `HTTP ${r.readyz.status}`}; the HTTP side may be down or behind a proxy`);
  return w;
}

/** One line per module (`health.hearth.modules`): `storage: degraded — 3 mounts: 2 ok, 1 hung`; none from an OpenClaw gateway. */
export function moduleLines(health: HealthResult | undefined): string[] {
  return Object.entries(health?.hearth?.modules ?? {}).map(([name, m]) => `${name}: ${m.state} — ${m.summary}`);
}
