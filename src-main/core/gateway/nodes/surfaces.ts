/**
 * Command surfaces: which commands and caps each node may use. A node that declares more than
 * was approved gets a pending `node.pair` request; the operator approves or rejects it, and the
 * decision applies to the live connection at once. A rejected surface is not asked for again
 * until the node changes it.
 */
import { randomUUID } from 'node:crypto';
import { shortFingerprint } from '../../../../src-shared/protocol/device-auth.ts';
import type { PendingNodeRequest } from '../../../../src-shared/protocol/types.ts';
import type { Store } from '../../store/index.ts';
import type { NodeSurfaceRow } from '../../store/node-surfaces.ts';
import type { Broadcaster } from '../broadcaster.ts';
import { boundNames, boundText } from './node-input.ts';
import { effectiveCommands, requiredApproveScopes, storableCommands, surfaceCovered, surfaceKey } from './surface-rules.ts';
import type { Session } from '../session.ts';
import type { NodeConnection, NodeConnections } from './connections.ts';

export interface DeclaredSurface {
  caps: string[];
  commands: string[];
  pathEnv?: string;
}

export class CommandSurfaces {
  private readonly store: Store;
  private readonly events: Broadcaster;
  private readonly clock: () => number;
  private readonly connections: NodeConnections;

  constructor(store: Store, events: Broadcaster, clock: () => number, connections: NodeConnections) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.connections = connections;
  }

  /** Registers an admitted node session; opens a surface request when its commands are not yet approved. */
  attach(session: Session, declared: DeclaredSurface, autoApproveSurface: boolean): NodeConnection {
    const nodeId = session.deviceId!;
    const now = this.clock();
    // Bounded (node-input.ts): a node's declarations end up in node.list for every operator.
    const commands = storableCommands(boundNames(declared.commands));
    const caps = [...new Set(boundNames(declared.caps))].sort();
    const prior = this.store.surfaces.get(nodeId);
    const row = this.connections.connectRow(session, prior, now);
    const covered = prior?.approvedAtMs !== undefined && surfaceCovered(commands, prior.commands) && caps.every((c) => prior.caps.includes(c));
    if (!covered && autoApproveSurface) {
      row.commands = commands;
      row.caps = caps;
      row.approvedAtMs = now;
      // A fresh setup code approves this surface: an earlier rejection no longer applies.
      delete row.rejectedSurface;
      delete row.rejectedAtMs;
    }
    // A full disk must not keep a node from connecting: its row is refreshed when space is back.
    this.store.disk.bestEffort(() => this.store.surfaces.put(row));
    const approved = row.approvedAtMs !== undefined ? row.commands : undefined;
    const conn: NodeConnection = { session, caps, declared: commands, commands: effectiveCommands(commands, approved), connectedAtMs: now };
    if (declared.pathEnv !== undefined) conn.pathEnv = boundText(declared.pathEnv, 8192);
    if (row.lastHostStats) conn.hostStats = row.lastHostStats;
    this.connections.add(nodeId, conn);
    const rejected = row.rejectedSurface !== undefined && row.rejectedSurface === surfaceKey(caps, commands);
    if (!covered && !autoApproveSurface && !rejected) this.store.disk.bestEffort(() => this.request(conn, row));
    else if (covered || autoApproveSurface) this.store.disk.bestEffort(() => this.store.requests.node.removeForNode(nodeId));
    return conn;
  }

  private request(conn: NodeConnection, row: NodeSurfaceRow): void {
    const nodeId = row.nodeId;
    const existing = this.store.requests.node.byNode(nodeId);
    if (existing && existing.commands.join() === conn.declared.join() && existing.caps.join() === conn.caps.join()) return;
    const req: PendingNodeRequest = {
      requestId: randomUUID(), nodeId, clientId: conn.session.client.id, clientMode: conn.session.client.mode,
      caps: conn.caps, commands: conn.declared, requiredApproveScopes: requiredApproveScopes(conn.declared), ts: this.clock(),
      fingerprint: shortFingerprint(nodeId),
      // What the user is asked about: the commands not approved before (all of them the first time).
      newCommands: conn.declared.filter((cmd) => !(row.approvedAtMs !== undefined ? row.commands : []).includes(cmd)),
    };
    const c = conn.session.client;
    if (c.displayName) req.displayName = c.displayName;
    if (c.platform) req.platform = c.platform;
    if (c.version) req.version = c.version;
    if (c.deviceFamily) req.deviceFamily = c.deviceFamily;
    this.store.requests.node.put(req);
    this.events.broadcast('node.pair.requested', req);
  }

  /** Approves a pending surface; returns the node id, or undefined for an unknown request. */
  approve(requestId: string): { requestId: string; nodeId: string } | undefined {
    const req = this.store.requests.node.byId(requestId);
    if (!req) return undefined;
    const now = this.clock();
    const row = this.store.surfaces.get(req.nodeId) ?? { nodeId: req.nodeId, caps: [], commands: [], createdAtMs: now };
    const updated: NodeSurfaceRow = { ...row, caps: req.caps, commands: req.commands, approvedAtMs: now };
    delete updated.rejectedSurface;
    delete updated.rejectedAtMs;
    this.store.transaction(() => {
      this.store.surfaces.put(updated);
      this.store.requests.node.remove(requestId);
    });
    // Applied live: the connected session's commands change in place (no reconnect).
    const conn = this.connections.get(req.nodeId);
    if (conn) conn.commands = effectiveCommands(conn.declared, updated.commands);
    this.events.broadcast('node.pair.resolved', { requestId, nodeId: req.nodeId, decision: 'approved', ts: now }, { subject: req.nodeId });
    return { requestId, nodeId: req.nodeId };
  }

  reject(requestId: string): { requestId: string; nodeId: string } | undefined {
    const req = this.store.requests.node.byId(requestId);
    if (!req) return undefined;
    const now = this.clock();
    this.store.transaction(() => {
      this.store.requests.node.remove(requestId);
      const row = this.store.surfaces.get(req.nodeId);
      if (row) this.store.surfaces.put({ ...row, rejectedSurface: surfaceKey(req.caps, req.commands), rejectedAtMs: now });
    });
    this.events.broadcast('node.pair.resolved', { requestId, nodeId: req.nodeId, decision: 'rejected', ts: now }, { subject: req.nodeId });
    return { requestId, nodeId: req.nodeId };
  }

  /** Forgets a node's surface and pending request; returns whether a surface existed. */
  forget(nodeId: string): boolean {
    return this.store.transaction(() => {
      this.store.requests.node.removeForNode(nodeId);
      return this.store.surfaces.remove(nodeId);
    });
  }

  isPending(nodeId: string): boolean {
    return this.store.requests.node.byNode(nodeId) !== undefined;
  }
}
