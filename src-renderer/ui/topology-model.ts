/**
 * What the topology shows for each machine, from the node list, the pending pairing requests and
 * the link to the gateway. A node that waits for approval is drawn even before it is in
 * `node.list` (a new device asking to join as a node); an offline node shows when it was last
 * seen, never its last CPU figure as if live; while the gateway itself is unreachable every
 * node's state is unknown.
 */
import type { NodeEntry, PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';

/**
 * The diagram's states. Each has its own colour AND its own marker shape and words, so they read
 * apart without colour: online = filled circle (green), pending = hollow diamond (blue, dashed
 * box), offline = hollow circle (grey), unknown = question mark (grey), unreachable = triangle
 * (vermillion).
 */
export type TopoTone = 'ok' | 'pending' | 'off' | 'unknown' | 'err';

/** The request that approving this node answers. */
export interface ApproveTarget { kind: 'device' | 'node'; requestId: string }

export interface TopoNode {
  id: string;
  name: string;
  tone: TopoTone;
  /** In node.list (has a detail page); false for a device request not yet admitted. */
  listed: boolean;
  approve: ApproveTarget | undefined;
  lastSeenAtMs: number | undefined;
  /** Path and round trip, only while connected and the gateway is reachable. */
  path: string | undefined;
  rttMs: number | undefined;
}

export interface TopoInput {
  nodes: NodeEntry[];
  pendingDevices: PendingDeviceRequest[];
  pendingNodes: PendingNodeRequest[];
  gatewayOnline: boolean;
}

/** A device request that asks to join as a node. */
export function isNodeDeviceRequest(d: PendingDeviceRequest): boolean {
  return d.role === 'node' || (d.roles ?? []).includes('node');
}

/** The pending request (if any) whose approval admits this node, device requests first. */
export function approveTargetFor(nodeId: string, pendingDevices: PendingDeviceRequest[], pendingNodes: PendingNodeRequest[]): ApproveTarget | undefined {
  const dev = pendingDevices.find((d) => d.deviceId === nodeId && isNodeDeviceRequest(d));
  if (dev) return { kind: 'device', requestId: dev.requestId };
  const node = pendingNodes.find((n) => n.nodeId === nodeId);
  return node ? { kind: 'node', requestId: node.requestId } : undefined;
}

/** The machines to draw, in order: listed nodes (online first), then devices waiting to join. */
export function topologyNodes({ nodes, pendingDevices, pendingNodes, gatewayOnline }: TopoInput): TopoNode[] {
  const out: TopoNode[] = nodes.map((n) => {
    const approve = approveTargetFor(n.nodeId, pendingDevices, pendingNodes);
    const pending = approve !== undefined || n.approvalState !== 'approved';
    const tone: TopoTone = !gatewayOnline ? 'unknown' : pending ? 'pending' : n.connected ? 'ok' : 'off';
    const live = gatewayOnline && n.connected;
    return {
      id: n.nodeId, name: n.displayName ?? n.nodeId.slice(0, 8), tone, listed: true, approve,
      lastSeenAtMs: n.connected ? undefined : n.lastSeenAtMs ?? n.lastDisconnectedAtMs,
      path: live ? n.path : undefined, rttMs: live ? n.rttMs : undefined,
    };
  });
  const known = new Set(nodes.map((n) => n.nodeId));
  const extra = [
    ...pendingDevices.filter(isNodeDeviceRequest).map((d) => ({ id: d.deviceId, name: d.displayName ?? d.clientId ?? d.deviceId.slice(0, 8), approve: { kind: 'device' as const, requestId: d.requestId } })),
    ...pendingNodes.map((p) => ({ id: p.nodeId, name: p.displayName ?? p.nodeId.slice(0, 8), approve: { kind: 'node' as const, requestId: p.requestId } })),
  ];
  for (const e of extra) {
    if (known.has(e.id)) continue;
    known.add(e.id);
    out.push({ ...e, tone: gatewayOnline ? 'pending' : 'unknown', listed: false, lastSeenAtMs: undefined, path: undefined, rttMs: undefined });
  }
  return out;
}

/** The gateway box's counts: online of all drawn machines, and how many wait for approval. */
export function topologyCounts(list: TopoNode[]): { online: number; total: number; waiting: number } {
  return { online: list.filter((n) => n.tone === 'ok').length, total: list.length, waiting: list.filter((n) => n.tone === 'pending').length };
}
