/**
 * Which nodes are connected right now: one live session per node id (a newer connection of the
 * same node replaces the older one), with the capabilities it declared and the last host stats.
 * Persists the connect / disconnect times in the node's surface row.
 */
import type { HostInterface, HostStats } from '../../../../src-shared/protocol/types.ts';
import type { Store } from '../../store/index.ts';
import type { NodeSurfaceRow } from '../../store/node-surfaces.ts';
import type { Broadcaster } from '../broadcaster.ts';
import type { Session } from '../session.ts';
import { boundText } from './node-input.ts';

const INTERFACES_KEY = 'nodes.interfaces:';

export interface NodeConnection {
  session: Session;
  caps: string[];
  /** Commands the node declared at connect (normalised). */
  declared: string[];
  /** Commands it may run now: declared ∩ approved. */
  commands: string[];
  pathEnv?: string;
  hostStats?: HostStats;
  connectedAtMs: number;
  /** Gateway clock minus the node's clock as it last reported it (ms; includes one-way latency). */
  clockSkewMs?: number;
}

export class NodeConnections {
  readonly connected = new Map<string, NodeConnection>();
  private readonly store: Store;
  private readonly events: Broadcaster;
  private readonly clock: () => number;

  constructor(store: Store, events: Broadcaster, clock: () => number) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  get(nodeId: string): NodeConnection | undefined {
    return this.connected.get(nodeId);
  }

  get size(): number {
    return this.connected.size;
  }

  /** The surface row of a connecting session, refreshed with who connected and when (not yet stored). */
  connectRow(session: Session, prior: NodeSurfaceRow | undefined, now: number): NodeSurfaceRow {
    const nodeId = session.deviceId!;
    const row: NodeSurfaceRow = {
      ...(prior ?? { nodeId, caps: [], commands: [], createdAtMs: now }),
      clientId: session.client.id, clientMode: session.client.mode, platform: session.client.platform,
      version: session.client.version, lastConnectedAtMs: now, lastSeenAtMs: now, remoteIp: session.remoteIp,
    };
    if (session.client.displayName) row.displayName = boundText(session.client.displayName, 200);
    if (session.client.deviceFamily) row.deviceFamily = boundText(session.client.deviceFamily, 200);
    row.version = boundText(row.version ?? '', 200);
    row.platform = boundText(row.platform ?? '', 200);
    return row;
  }

  /** Makes `conn` the node's live connection, closing an older session of the same node. */
  add(nodeId: string, conn: NodeConnection): void {
    const previous = this.connected.get(nodeId);
    if (previous && previous.session !== conn.session) previous.session.socket.close(1008, 'replaced by a newer connection of the same node');
    this.connected.set(nodeId, conn);
  }

  /** Forgets the session if it is still the node's live one; returns the node id it served. */
  remove(session: Session): string | undefined {
    const nodeId = session.deviceId;
    if (!nodeId || this.connected.get(nodeId)?.session !== session) return undefined;
    this.connected.delete(nodeId);
    const now = this.clock();
    const row = this.store.surfaces.get(nodeId);
    if (row) this.store.disk.bestEffort(() => this.store.surfaces.put({ ...row, lastDisconnectedAtMs: now, lastSeenAtMs: now }));
    return nodeId;
  }

  /** Closes the node's live connection (it must pair again). */
  invalidate(nodeId: string): void {
    this.connected.get(nodeId)?.session.socket.close(4001, 'client invalidated: node removed');
  }

  /** The node's LAN cards, kept in settings so Wake-on-LAN works while the node is offline. */
  setInterfaces(nodeId: string, list: HostInterface[]): void {
    this.store.disk.bestEffort(() => this.store.settings.set(`${INTERFACES_KEY}${nodeId}`, list));
  }

  setClockSkew(nodeId: string, skewMs: number): void {
    const conn = this.connected.get(nodeId);
    if (conn) conn.clockSkewMs = skewMs;
  }

  interfaces(nodeId: string): HostInterface[] | undefined {
    return this.store.settings.get<HostInterface[] | undefined>(`${INTERFACES_KEY}${nodeId}`, undefined);
  }

  setHostStats(nodeId: string, stats: HostStats): void {
    const withTime = { ...stats, updatedAtMs: this.clock() };
    const conn = this.connected.get(nodeId);
    if (conn) conn.hostStats = withTime;
    this.store.disk.bestEffort(() => this.store.surfaces.setHostStats(nodeId, withTime, withTime.updatedAtMs));
    this.events.broadcast('node.hostStats', { nodeId, hostStats: withTime });
  }
}
