/**
 * Source: a paired node that has been offline longer than `nodeOfflineAfterMs` (setting, default
 * 60 s). Uses the bus's raise delay, so a node that reconnects in time never alerts; after a
 * gateway restart every node gets the full grace period to come back.
 */
import type { NodeEntry } from '../../../../src-shared/protocol/types.ts';
import type { AlertHistoryBus } from '../sqlite-bus.ts';

export const NODE_OFFLINE_PREFIX = 'node.offline:';

export interface NodeOfflineInput {
  bus: AlertHistoryBus;
  nodes: () => NodeEntry[];
  now: number;
  startedAtMs: number;
  thresholdMs: number;
}

function nodeName(n: NodeEntry): string {
  return n.displayName ?? n.nodeId.slice(0, 12);
}

/** Brings the node-offline alerts in line with the nodes as they are now. */
export function reconcileNodeOffline(i: NodeOfflineInput): void {
  const keep = new Set<string>();
  for (const n of i.nodes()) {
    if (!n.paired) continue;
    const key = NODE_OFFLINE_PREFIX + n.nodeId;
    if (n.connected) continue;
    keep.add(key);
    const since = Math.max(n.lastDisconnectedAtMs ?? n.lastSeenAtMs ?? 0, i.startedAtMs);
    const minutes = Math.max(1, Math.round(i.thresholdMs / 60_000));
    i.bus.raise({
      key, source: 'alerts', severity: 'warning',
      message: `node ${nodeName(n)} has been offline for more than ${i.thresholdMs < 60_000 ? `${Math.round(i.thresholdMs / 1000)} s` : `${minutes} min`}; check that its machine is on and its Hearth node is running`,
      details: { nodeId: n.nodeId, displayName: nodeName(n), since },
      raiseAfterMs: Math.max(0, since + i.thresholdMs - i.now),
    });
  }
  // Back online, or no longer paired: the alert goes.
  for (const key of i.bus.activeKeys(NODE_OFFLINE_PREFIX)) {
    if (!keep.has(key)) i.bus.clear(key, 'node back online');
  }
}
