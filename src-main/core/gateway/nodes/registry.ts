/**
 * The gateway's view of nodes, as one facade over four parts (gateway/nodes/):
 * connections (who is online), command surfaces (what each node may run, approval requests),
 * invoke routing with idempotency, and the invocation audit log. Methods and modules use
 * `gw.nodes`; the parts are reachable for code that needs only one of them.
 */
import type { HostInterface, HostStats, NodeEntry } from '../../../../src-shared/protocol/types.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/index.ts';
import type { Broadcaster } from '../broadcaster.ts';
import { NodeConnections, type NodeConnection } from './connections.ts';
import { NodeEntries } from './entries.ts';
import type { InvokeStreams } from '../invoke-streams.ts';
import { InvokeAudit } from './invoke-audit.ts';
import { InvokeRouter, type InvokeRequest, type InvokeResult, type InvokeResultParams } from './invoke-router.ts';
import { CommandSurfaces, type DeclaredSurface } from './surfaces.ts';
import type { Session } from '../session.ts';

export type { NodeConnection } from './connections.ts';
export type { InvokeRequest, InvokeResult, InvokeResultParams } from './invoke-router.ts';

export class NodeRegistry {
  readonly connections: NodeConnections;
  readonly surfaces: CommandSurfaces;
  readonly entries: NodeEntries;
  readonly router: InvokeRouter;
  readonly audit: InvokeAudit;
  private readonly log: Logger;

  constructor(store: Store, events: Broadcaster, clock: () => number, log: Logger, auditMode: 'durable' | 'batched' = 'durable') {
    this.log = log;
    this.connections = new NodeConnections(store, events, clock);
    this.surfaces = new CommandSurfaces(store, events, clock, this.connections);
    this.entries = new NodeEntries(store, this.connections, clock);
    this.audit = new InvokeAudit(store, events, clock, log, auditMode);
    this.router = new InvokeRouter({
      connections: this.connections, events, audit: this.audit, clock, disk: store.disk,
      isKnown: (id) => this.entries.entry(id) !== undefined,
      isSurfacePending: (id) => this.surfaces.isPending(id),
      onUndecodable: (invokeId, nodeId) => log.warn('a node sent compressed run output that did not decode; that part of the output is lost (the operator is told of the gap) — if it repeats, update Hearth on that node', { invokeId, nodeId }),
    });
  }

  /** Live connections by node id. */
  get connected(): ReadonlyMap<string, NodeConnection> {
    return this.connections.connected;
  }

  /** Registers an admitted node session; opens a surface request when its commands are not yet approved. */
  attach(session: Session, declared: DeclaredSurface, autoApproveSurface: boolean): NodeConnection {
    return this.surfaces.attach(session, declared, autoApproveSurface);
  }

  /** Removes a node session; runs in flight on it fail at once with a clear error. */
  detach(session: Session): void {
    const nodeId = this.connections.remove(session);
    if (nodeId) this.router.failNode(nodeId);
  }

  approveSurface(requestId: string): { requestId: string; node: NodeEntry } | undefined {
    const r = this.surfaces.approve(requestId);
    return r ? { requestId, node: this.entries.entry(r.nodeId)! } : undefined;
  }

  rejectSurface(requestId: string): { requestId: string; nodeId: string } | undefined {
    return this.surfaces.reject(requestId);
  }

  /** Forgets a node's surface; its connection (if any) is closed so it must pair again. */
  remove(nodeId: string): boolean {
    const removed = this.surfaces.forget(nodeId);
    this.connections.invalidate(nodeId);
    return removed;
  }

  setHostStats(nodeId: string, stats: HostStats): void {
    this.connections.setHostStats(nodeId, stats);
  }

  setInterfaces(nodeId: string, list: HostInterface[]): void {
    this.connections.setInterfaces(nodeId, list);
  }

  setClockSkew(nodeId: string, skewMs: number): void {
    this.connections.setClockSkew(nodeId, skewMs);
  }

  isSurfacePending(nodeId: string): boolean {
    return this.surfaces.isPending(nodeId);
  }

  entry(nodeId: string): NodeEntry | undefined {
    return this.entries.entry(nodeId);
  }

  list(): NodeEntry[] {
    return this.entries.list();
  }

  invoke(req: InvokeRequest): Promise<InvokeResult> {
    return this.router.invoke(req);
  }

  handleResult(session: Session, params: InvokeResultParams): void {
    this.router.handleResult(session, params);
  }

  failAll(reason: string): void {
    this.router.failAll(reason);
  }

  /** Streamed runs (live output routing), see invoke-streams.ts. */
  get streams(): InvokeStreams {
    return this.router.streams;
  }

  /** Cancels a run `session` started (`hearth.invoke.cancel`); the invoke id, or undefined. */
  cancelRun(session: Session, by: { invokeId?: string; idempotencyKey?: string }): string | undefined {
    return this.router.cancelRun(session, by);
  }

  /** An operator connection closed: the runs it streamed are cancelled. */
  operatorGone(session: Session): void {
    for (const invokeId of this.router.operatorGone(session)) this.log.info('operator went away; cancelling its streamed run', { invokeId });
  }
}
