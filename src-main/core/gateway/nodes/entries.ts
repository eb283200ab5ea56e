/**
 * The `NodeEntry` view of a node (node.list / node.describe): the live connection wins, then the
 * stored surface row, then the paired device record.
 */
import type { NodeEntry } from '../../../../src-shared/protocol/types.ts';
import type { Store } from '../../store/index.ts';
import { surfaceKey } from './surface-rules.ts';
import type { NodeConnections } from './connections.ts';

export class NodeEntries {
  private readonly store: Store;
  private readonly connections: NodeConnections;
  private readonly clock: () => number;

  constructor(store: Store, connections: NodeConnections, clock: () => number) {
    this.store = store;
    this.connections = connections;
    this.clock = clock;
  }

  entry(nodeId: string): NodeEntry | undefined {
    const row = this.store.surfaces.get(nodeId);
    const device = this.store.devices.get(nodeId);
    const conn = this.connections.get(nodeId);
    if (!row && !conn && !(device && device.roles.includes('node'))) return undefined;
    const pendingSurface = this.store.requests.node.byNode(nodeId);
    const e: NodeEntry = {
      nodeId, caps: conn?.caps ?? row?.caps ?? [], commands: conn ? conn.commands : row?.approvedAtMs !== undefined ? row.commands : [],
      sessionHost: false, nodePluginTools: [],
      approvalState: pendingSurface ? 'pending-approval'
        : row?.rejectedSurface !== undefined && (!conn || row.rejectedSurface === surfaceKey(conn.caps, conn.declared)) ? 'rejected'
          : row?.approvedAtMs === undefined ? 'pending-approval' : 'approved',
      paired: device !== undefined && device.roles.includes('node'), connected: conn !== undefined,
    };
    const c = conn?.session.client;
    const opt: Partial<NodeEntry> = {
      displayName: device?.label ?? c?.displayName ?? row?.displayName ?? device?.displayName,
      platform: c?.platform ?? row?.platform ?? device?.platform, version: c?.version ?? row?.version,
      clientId: c?.id ?? row?.clientId ?? device?.clientId, clientMode: c?.mode ?? row?.clientMode ?? device?.clientMode,
      deviceFamily: c?.deviceFamily ?? row?.deviceFamily ?? device?.deviceFamily,
      remoteIp: conn?.session.remoteIp ?? row?.remoteIp, hostStats: conn?.hostStats ?? row?.lastHostStats, pathEnv: conn?.pathEnv,
      connectedAtMs: conn?.connectedAtMs, lastConnectedAtMs: row?.lastConnectedAtMs,
      lastDisconnectedAtMs: conn ? undefined : row?.lastDisconnectedAtMs,
      lastSeenAtMs: conn ? this.clock() : row?.lastSeenAtMs ?? device?.lastSeenAtMs,
      lastSeenReason: conn ? 'connect' : row?.lastDisconnectedAtMs ? 'disconnect' : undefined,
      approvedAtMs: row?.approvedAtMs, protocol: conn?.session.protocol,
      path: conn?.session.path, rttMs: conn?.session.rttMs,
      interfaces: this.connections.interfaces(nodeId), clockSkewMs: conn?.clockSkewMs,
    };
    for (const [k, v] of Object.entries(opt)) if (v !== undefined) (e as unknown as Record<string, unknown>)[k] = v;
    return e;
  }

  list(): NodeEntry[] {
    const ids = new Set<string>();
    for (const r of this.store.surfaces.list()) ids.add(r.nodeId);
    for (const d of this.store.devices.list()) if (d.roles.includes('node')) ids.add(d.deviceId);
    for (const id of this.connections.connected.keys()) ids.add(id);
    return [...ids].map((id) => this.entry(id)).filter((e): e is NodeEntry => e !== undefined);
  }
}
