/**
 * Whether a node can run a command right now, and if not, why — so the run screen shows the
 * reason (and Approve when approval is it) instead of a Run button that can only fail.
 */
import type { NodeEntry, PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { approveTargetFor, type ApproveTarget } from './topology-model.ts';

export type RunBlock =
  | { reason: 'gateway-unreachable' }
  | { reason: 'awaiting-approval'; approve: ApproveTarget | undefined }
  | { reason: 'offline'; lastSeenAtMs: number | undefined }
  | { reason: 'no-system-run' }
  | { reason: 'exec-denied' };

export interface RunAvailabilityInput {
  node: Pick<NodeEntry, 'nodeId' | 'connected' | 'approvalState' | 'commands' | 'lastSeenAtMs' | 'lastDisconnectedAtMs'>;
  gatewayOnline: boolean;
  pendingDevices: PendingDeviceRequest[];
  pendingNodes: PendingNodeRequest[];
  /** The error of this node's latest run (this page's or the history's), if it failed. */
  latestRunError: string | null | undefined;
}

/** The node's own refusal when its exec policy is "deny" (agent/exec/policy.ts deniedMessage). */
const DENY_POLICY = /exec denied by this node's policy \(deny\)/;

/** undefined = it can run; otherwise the first reason that blocks it, most fundamental first. */
export function runBlock({ node, gatewayOnline, pendingDevices, pendingNodes, latestRunError }: RunAvailabilityInput): RunBlock | undefined {
  if (!gatewayOnline) return { reason: 'gateway-unreachable' };
  const approve = approveTargetFor(node.nodeId, pendingDevices, pendingNodes);
  if (approve || node.approvalState !== 'approved') return { reason: 'awaiting-approval', approve };
  if (!node.connected) return { reason: 'offline', lastSeenAtMs: node.lastSeenAtMs ?? node.lastDisconnectedAtMs };
  if (!node.commands.includes('system.run')) return { reason: 'no-system-run' };
  // The gateway does not know a node's exec policy; its last answer does. A later run after the
  // policy changed is still possible ("Try again").
  if (latestRunError && DENY_POLICY.test(latestRunError)) return { reason: 'exec-denied' };
  return undefined;
}
