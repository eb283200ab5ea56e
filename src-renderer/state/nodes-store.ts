/**
 * Nodes as the gateway reports them (`node.list`), kept live by events: `node.hostStats`
 * appends a sample to a client-side ring per node (for the sparklines), `presence` updates
 * online state and last-seen. No polling.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostStats, NodeEntry, PresenceEntry } from '../../src-shared/protocol/types.ts';
import { errorText, type Invoker } from './invoker.ts';

/** One host-stats sample reduced to fractions (0..1) for charting. */
export interface StatSample {
  t: number;
  /** 1-minute load average divided by CPU count (can exceed 1). */
  load: number;
  mem: number;
  disk: number;
}

export interface NodesSlice {
  nodes: NodeEntry[];
  samples: Record<string, StatSample[]>;
  presence: PresenceEntry[];
  loaded: boolean;
  error: string | undefined;
}

export type NodesStore = StoreApi<NodesSlice>;

/** How many samples each node keeps (an hour at the nodes' 60 s cadence). */
export const MAX_SAMPLES = 60;

export function createNodesStore(): NodesStore {
  return createStore<NodesSlice>(() => ({ nodes: [], samples: {}, presence: [], loaded: false, error: undefined }));
}

/** Converts raw host stats to a chart sample. */
export function toSample(s: HostStats, t: number): StatSample {
  const frac = (used: number, total: number) => (total > 0 ? Math.min(1, Math.max(0, used / total)) : 0);
  return {
    t,
    load: s.cpuCount > 0 ? (s.loadAverage[0] ?? 0) / s.cpuCount : 0,
    mem: frac(s.memoryTotalBytes - s.memoryFreeBytes, s.memoryTotalBytes),
    disk: frac(s.diskTotalBytes - s.diskAvailableBytes, s.diskTotalBytes),
  };
}

function pushSample(list: StatSample[] | undefined, sample: StatSample): StatSample[] {
  const prev = list ?? [];
  if (prev.length > 0 && prev[prev.length - 1]!.t === sample.t) return prev;
  const next = [...prev, sample];
  return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
}

function sortNodes(nodes: NodeEntry[]): NodeEntry[] {
  return [...nodes].sort((a, b) => Number(b.connected) - Number(a.connected) || (a.displayName ?? a.nodeId).localeCompare(b.displayName ?? b.nodeId));
}

/** Replaces the node list (after node.list), seeding samples from each node's latest stats. */
export function ingestNodeList(store: NodesStore, nodes: NodeEntry[], now: number): void {
  store.setState((s) => {
    const samples = { ...s.samples };
    for (const n of nodes) {
      if (n.hostStats) samples[n.nodeId] = pushSample(samples[n.nodeId], toSample(n.hostStats, n.hostStats.updatedAtMs ?? now));
    }
    return { nodes: sortNodes(nodes), samples, loaded: true, error: undefined };
  });
}

/** Applies a `node.hostStats {nodeId, hostStats}` event. */
export function applyHostStats(store: NodesStore, payload: unknown, now: number): void {
  const p = payload as { nodeId?: string; hostStats?: HostStats } | undefined;
  if (!p?.nodeId || !p.hostStats) return;
  const { nodeId, hostStats } = p;
  store.setState((s) => ({
    nodes: s.nodes.map((n) => (n.nodeId === nodeId ? { ...n, hostStats } : n)),
    samples: { ...s.samples, [nodeId]: pushSample(s.samples[nodeId], toSample(hostStats, hostStats.updatedAtMs ?? now)) },
  }));
}

/**
 * Applies a `presence {presence:[…]}` event: node entries (instanceId = deviceId) flip
 * online state and last-seen immediately; the caller also refreshes the list for new nodes.
 */
export function applyPresence(store: NodesStore, payload: unknown): void {
  const list = (payload as { presence?: PresenceEntry[] } | undefined)?.presence;
  if (!Array.isArray(list)) return;
  store.setState((s) => {
    const byDevice = new Map<string, PresenceEntry>();
    for (const e of list) if (e.mode === 'node' && (e.deviceId ?? e.instanceId)) byDevice.set((e.deviceId ?? e.instanceId)!, e);
    const nodes = s.nodes.map((n) => {
      const e = byDevice.get(n.nodeId);
      if (!e) return n;
      const connected = e.reason !== 'disconnect';
      return { ...n, connected, lastSeenAtMs: Math.max(n.lastSeenAtMs ?? 0, e.ts), lastSeenReason: e.reason ?? n.lastSeenReason };
    });
    return { presence: list, nodes: sortNodes(nodes) };
  });
}

/** Fetches `node.list` into the store. */
export async function refreshNodes(store: NodesStore, client: Invoker, now: () => number = Date.now): Promise<void> {
  try {
    const res = await client.invoke('node.list', {});
    ingestNodeList(store, res.nodes ?? [], now());
  } catch (err) {
    store.setState({ error: errorText(err) });
  }
}
