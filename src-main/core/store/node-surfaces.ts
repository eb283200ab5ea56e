/** Approved node command surfaces and what the gateway last knew of each node. */
import type { HostStats } from '../../../src-shared/protocol/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

export interface NodeSurfaceRow {
  nodeId: string;
  displayName?: string;
  version?: string;
  platform?: string;
  deviceFamily?: string;
  clientId?: string;
  clientMode?: string;
  caps: string[];
  commands: string[];
  createdAtMs: number;
  /** Undefined while the surface was never approved (node known, commands pending). */
  approvedAtMs?: number;
  lastHostStats?: HostStats;
  lastConnectedAtMs?: number;
  lastDisconnectedAtMs?: number;
  lastSeenAtMs?: number;
  remoteIp?: string;
  /** Key of the surface an operator rejected (see surfaceKey), and when. */
  rejectedSurface?: string;
  rejectedAtMs?: number;
}

interface Raw {
  node_id: string; display_name: string | null; version: string | null; platform: string | null; device_family: string | null;
  client_id: string | null; client_mode: string | null; caps: string; commands: string; created_at_ms: number;
  approved_at_ms: number | null; last_host_stats: string | null; last_connected_at_ms: number | null;
  last_disconnected_at_ms: number | null; last_seen_at_ms: number | null; remote_ip: string | null;
  rejected_surface: string | null; rejected_at_ms: number | null;
}

function toRow(r: Raw): NodeSurfaceRow {
  const row: NodeSurfaceRow = { nodeId: r.node_id, caps: parseJson(r.caps, []), commands: parseJson(r.commands, []), createdAtMs: r.created_at_ms };
  const o: Record<string, unknown> = {
    displayName: r.display_name, version: r.version, platform: r.platform, deviceFamily: r.device_family, clientId: r.client_id,
    clientMode: r.client_mode, approvedAtMs: r.approved_at_ms, lastHostStats: parseJson(r.last_host_stats, null),
    lastConnectedAtMs: r.last_connected_at_ms, lastDisconnectedAtMs: r.last_disconnected_at_ms, lastSeenAtMs: r.last_seen_at_ms, remoteIp: r.remote_ip,
    rejectedSurface: r.rejected_surface, rejectedAtMs: r.rejected_at_ms,
  };
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) (row as unknown as Record<string, unknown>)[k] = v;
  return row;
}

export function createNodeSurfaceRepo(db: Db) {
  const get = db.prepare<[string], Raw>('SELECT * FROM node_surfaces WHERE node_id = ?');
  const all = db.prepare<[], Raw>('SELECT * FROM node_surfaces ORDER BY created_at_ms');
  const put = db.prepare(`INSERT INTO node_surfaces (node_id, display_name, version, platform, device_family, client_id, client_mode, caps, commands, created_at_ms, approved_at_ms, last_host_stats, last_connected_at_ms, last_disconnected_at_ms, last_seen_at_ms, remote_ip, rejected_surface, rejected_at_ms)
    VALUES (@nodeId, @displayName, @version, @platform, @deviceFamily, @clientId, @clientMode, @caps, @commands, @createdAtMs, @approvedAtMs, @lastHostStats, @lastConnectedAtMs, @lastDisconnectedAtMs, @lastSeenAtMs, @remoteIp, @rejectedSurface, @rejectedAtMs)
    ON CONFLICT(node_id) DO UPDATE SET display_name = excluded.display_name, version = excluded.version, platform = excluded.platform,
      device_family = excluded.device_family, client_id = excluded.client_id, client_mode = excluded.client_mode, caps = excluded.caps,
      commands = excluded.commands, approved_at_ms = excluded.approved_at_ms, last_host_stats = excluded.last_host_stats,
      last_connected_at_ms = excluded.last_connected_at_ms, last_disconnected_at_ms = excluded.last_disconnected_at_ms,
      last_seen_at_ms = excluded.last_seen_at_ms, remote_ip = excluded.remote_ip,
      rejected_surface = excluded.rejected_surface, rejected_at_ms = excluded.rejected_at_ms`);
  const del = db.prepare<[string]>('DELETE FROM node_surfaces WHERE node_id = ?');
  const stats = db.prepare<[string, number, string]>('UPDATE node_surfaces SET last_host_stats = ?, last_seen_at_ms = ? WHERE node_id = ?');

  return {
    get: (nodeId: string) => {
      const r = get.get(nodeId);
      return r ? toRow(r) : undefined;
    },
    list: () => all.all().map(toRow),
    put(row: NodeSurfaceRow): void {
      put.run({
        nodeId: row.nodeId, displayName: row.displayName ?? null, version: row.version ?? null, platform: row.platform ?? null,
        deviceFamily: row.deviceFamily ?? null, clientId: row.clientId ?? null, clientMode: row.clientMode ?? null,
        caps: JSON.stringify(row.caps), commands: JSON.stringify(row.commands), createdAtMs: row.createdAtMs,
        approvedAtMs: row.approvedAtMs ?? null, lastHostStats: row.lastHostStats ? JSON.stringify(row.lastHostStats) : null,
        lastConnectedAtMs: row.lastConnectedAtMs ?? null, lastDisconnectedAtMs: row.lastDisconnectedAtMs ?? null,
        lastSeenAtMs: row.lastSeenAtMs ?? null, remoteIp: row.remoteIp ?? null,
        rejectedSurface: row.rejectedSurface ?? null, rejectedAtMs: row.rejectedAtMs ?? null,
      });
    },
    remove: (nodeId: string) => del.run(nodeId).changes > 0,
    setHostStats(nodeId: string, s: HostStats, atMs: number): void {
      stats.run(JSON.stringify(s), atMs, nodeId);
    },
  };
}
export type NodeSurfaceRepo = ReturnType<typeof createNodeSurfaceRepo>;
