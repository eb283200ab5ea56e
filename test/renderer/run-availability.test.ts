// Why a node cannot run, most fundamental reason first; Approve offered when approval is why.
import { describe, expect, it } from 'vitest';
import type { NodeEntry, PendingDeviceRequest } from '../../src-shared/protocol/types.ts';
import { runBlock } from '../../src-renderer/ui/run-availability.ts';

const node = (extra: Partial<NodeEntry> = {}): NodeEntry => ({
  nodeId: 'n1', caps: [], commands: ['system.run', 'system.which'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, ...extra,
});
const base = { gatewayOnline: true, pendingDevices: [] as PendingDeviceRequest[], pendingNodes: [], latestRunError: undefined };

describe('runBlock', () => {
  it('lets an approved, connected node with system.run run', () => {
    expect(runBlock({ ...base, node: node() })).toBeUndefined();
  });
  it('gateway unreachable comes first', () => {
    expect(runBlock({ ...base, gatewayOnline: false, node: node({ connected: false }) })).toEqual({ reason: 'gateway-unreachable' });
  });
  it('awaiting approval, with the request to approve when there is one', () => {
    expect(runBlock({ ...base, node: node({ approvalState: 'pending-approval' }), pendingNodes: [{ requestId: 'r1', nodeId: 'n1', caps: [], commands: [], requiredApproveScopes: [], ts: 1 }] }))
      .toEqual({ reason: 'awaiting-approval', approve: { kind: 'node', requestId: 'r1' } });
    expect(runBlock({ ...base, node: node({ approvalState: 'pending-approval' }) })).toEqual({ reason: 'awaiting-approval', approve: undefined });
  });
  it('offline, with when it was last seen', () => {
    expect(runBlock({ ...base, node: node({ connected: false, lastSeenAtMs: 42 }) })).toEqual({ reason: 'offline', lastSeenAtMs: 42 });
  });
  it('a node that does not declare system.run', () => {
    expect(runBlock({ ...base, node: node({ commands: ['system.which'] }) })).toEqual({ reason: 'no-system-run' });
  });
  it('a node whose exec policy is deny (learned from its last answer); other refusals do not block', () => {
    const deny = "exec denied by this node's policy (deny): ls — change it with `hearth node run --exec full` or in the node window";
    expect(runBlock({ ...base, node: node(), latestRunError: deny })).toEqual({ reason: 'exec-denied' });
    const allowlist = "exec denied by this node's policy (allowlist): rm … — change it with `hearth node run --exec full` or in the node window";
    expect(runBlock({ ...base, node: node(), latestRunError: allowlist })).toBeUndefined();
  });
});
