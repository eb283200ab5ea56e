// What the topology draws per machine: pending devices drawn and counted, offline not live,
// everything unknown while the gateway is unreachable.
import { describe, expect, it } from 'vitest';
import type { NodeEntry, PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { topologyCounts, topologyNodes } from '../../src-renderer/ui/topology-model.ts';

const node = (id: string, extra: Partial<NodeEntry> = {}): NodeEntry => ({
  nodeId: id, displayName: id, caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, path: 'lan', rttMs: 3, ...extra,
});
const device = (id: string, extra: Partial<PendingDeviceRequest> = {}): PendingDeviceRequest => ({
  requestId: `req-${id}`, deviceId: id, publicKey: 'k', displayName: id, role: 'node', roles: ['node'], scopes: [], silent: false, isRepair: false, ts: 1, ...extra,
});

describe('topologyNodes', () => {
  it('draws a device waiting to join as a node, with its Approve target, and counts it', () => {
    const list = topologyNodes({
      nodes: [node('a'), node('b', { connected: false, lastSeenAtMs: 500 })],
      pendingDevices: [device('c'), device('phone', { role: 'operator', roles: ['operator'] })],
      pendingNodes: [],
      gatewayOnline: true,
    });
    expect(list.map((n) => [n.id, n.tone])).toEqual([['a', 'ok'], ['b', 'off'], ['c', 'pending']]);
    expect(list[2]).toMatchObject({ listed: false, approve: { kind: 'device', requestId: 'req-c' } });
    expect(list[1]).toMatchObject({ lastSeenAtMs: 500, path: undefined });
    expect(topologyCounts(list)).toEqual({ online: 1, total: 3, waiting: 1 });
  });

  it('a listed node with a pending command request is pending (not online), approved by node.pair', () => {
    const pendingNodes: PendingNodeRequest[] = [{ requestId: 'np1', nodeId: 'a', caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 1 }];
    const list = topologyNodes({ nodes: [node('a', { approvalState: 'pending-approval' })], pendingDevices: [], pendingNodes, gatewayOnline: true });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ tone: 'pending', approve: { kind: 'node', requestId: 'np1' } });
  });

  it('while the gateway is unreachable every state is unknown and no path is shown as live', () => {
    const list = topologyNodes({ nodes: [node('a'), node('b', { connected: false })], pendingDevices: [device('c')], pendingNodes: [], gatewayOnline: false });
    expect(list.map((n) => n.tone)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(list[0]!.path).toBeUndefined();
    expect(topologyCounts(list).online).toBe(0);
  });
});
