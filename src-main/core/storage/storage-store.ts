/**
 * The storage module's tables: configured mounts, their last status, and usage samples — raw
 * samples for two days and hourly aggregates for 90 days (the downsampled history the charts and
 * the forecast read).
 */
import type { Db } from '../store/db.ts';
import type { MountStatus, StorageKind } from '../../../src-shared/storage/types.ts';

export const STORAGE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE storage_mounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     node_id TEXT,
     path TEXT NOT NULL,
     kind TEXT NOT NULL,
     warn REAL NOT NULL,
     crit REAL NOT NULL,
     server TEXT,
     created_at_ms INTEGER NOT NULL,
     last_status TEXT,
     last_source TEXT,
     last_fs_type TEXT,
     UNIQUE (node_id, path)
   );
   CREATE TABLE storage_samples (
     mount_id TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     used_bytes INTEGER,
     total_bytes INTEGER,
     used_percent REAL,
     state TEXT NOT NULL
   );
   CREATE INDEX storage_samples_by_mount ON storage_samples (mount_id, at_ms);
   CREATE TABLE storage_hourly (
     mount_id TEXT NOT NULL,
     hour_ms INTEGER NOT NULL,
     used_bytes_sum REAL NOT NULL,
     used_percent_sum REAL NOT NULL,
     n INTEGER NOT NULL,
     total_bytes INTEGER,
     worst_state TEXT NOT NULL,
     PRIMARY KEY (mount_id, hour_ms)
   );`,
];

export const RAW_KEEP_MS = 2 * 86_400_000;
export const HISTORY_KEEP_MS = 90 * 86_400_000;
const HOUR_MS = 3_600_000;

export interface MountRow {
  id: string;
  name: string;
  /** null: the gateway's own machine. */
  nodeId: string | null;
  path: string;
  kind: StorageKind;
  warn: number;
  crit: number;
  server: string | null;
  createdAtMs: number;
  lastStatus: MountStatus | null;
  lastSource: string | null;
  lastFsType: string | null;
}

interface RawRow {
  id: string; name: string; node_id: string | null; path: string; kind: string; warn: number; crit: number; server: string | null;
  created_at_ms: number; last_status: string | null; last_source: string | null; last_fs_type: string | null;
}

function fromRaw(r: RawRow): MountRow {
  let lastStatus: MountStatus | null;
  try {
    lastStatus = r.last_status ? (JSON.parse(r.last_status) as MountStatus) : null;
  } catch {
    lastStatus = null;
  }
  return {
    id: r.id, name: r.name, nodeId: r.node_id, path: r.path, kind: r.kind as StorageKind, warn: r.warn, crit: r.crit, server: r.server,
    createdAtMs: r.created_at_ms, lastStatus, lastSource: r.last_source, lastFsType: r.last_fs_type,
  };
}

/** A point of the usage history. */
export interface HistoryPoint {
  atMs: number;
  usedPercent: number | null;
  usedBytes: number | null;
  totalBytes: number | null;
  state: string;
}

export function createStorageStore(db: Db) {
  const all = db.prepare<[], RawRow>('SELECT * FROM storage_mounts ORDER BY name');
  const insert = db.prepare('INSERT INTO storage_mounts (id, name, node_id, path, kind, warn, crit, server, created_at_ms) VALUES (@id, @name, @nodeId, @path, @kind, @warn, @crit, @server, @createdAtMs)');
  const update = db.prepare('UPDATE storage_mounts SET name = @name, path = @path, kind = @kind, warn = @warn, crit = @crit, server = @server WHERE id = @id');
  const del = db.prepare<[string]>('DELETE FROM storage_mounts WHERE id = ?');
  const delSamples = db.prepare<[string]>('DELETE FROM storage_samples WHERE mount_id = ?');
  const delHourly = db.prepare<[string]>('DELETE FROM storage_hourly WHERE mount_id = ?');
  const setStatus = db.prepare<[string, string | null, string | null, string]>(
    'UPDATE storage_mounts SET last_status = ?, last_source = COALESCE(?, last_source), last_fs_type = COALESCE(?, last_fs_type) WHERE id = ?',
  );
  const addSample = db.prepare('INSERT INTO storage_samples (mount_id, at_ms, used_bytes, total_bytes, used_percent, state) VALUES (?, ?, ?, ?, ?, ?)');
  const addHourly = db.prepare(`INSERT INTO storage_hourly (mount_id, hour_ms, used_bytes_sum, used_percent_sum, n, total_bytes, worst_state)
     VALUES (@id, @hour, @used, @pct, 1, @total, @state)
     ON CONFLICT (mount_id, hour_ms) DO UPDATE SET used_bytes_sum = used_bytes_sum + excluded.used_bytes_sum,
       used_percent_sum = used_percent_sum + excluded.used_percent_sum, n = n + 1, total_bytes = excluded.total_bytes,
       worst_state = CASE WHEN excluded.worst_state = 'ok' THEN worst_state ELSE excluded.worst_state END`);
  const rawSince = db.prepare<[string, number], { at_ms: number; used_bytes: number | null; total_bytes: number | null; used_percent: number | null; state: string }>(
    'SELECT at_ms, used_bytes, total_bytes, used_percent, state FROM storage_samples WHERE mount_id = ? AND at_ms >= ? ORDER BY at_ms',
  );
  const hourlySince = db.prepare<[string, number], { hour_ms: number; used_bytes_sum: number; used_percent_sum: number; n: number; total_bytes: number | null; worst_state: string }>(
    'SELECT hour_ms, used_bytes_sum, used_percent_sum, n, total_bytes, worst_state FROM storage_hourly WHERE mount_id = ? AND hour_ms >= ? ORDER BY hour_ms',
  );
  const pruneRaw = db.prepare<[number]>('DELETE FROM storage_samples WHERE at_ms < ?');
  const pruneHourly = db.prepare<[number]>('DELETE FROM storage_hourly WHERE hour_ms < ?');

  return {
    list: (): MountRow[] => all.all().map(fromRaw),
    add(row: Omit<MountRow, 'lastStatus' | 'lastSource' | 'lastFsType'>): void {
      insert.run(row);
    },
    update(row: Pick<MountRow, 'id' | 'name' | 'path' | 'kind' | 'warn' | 'crit' | 'server'>): void {
      update.run(row);
    },
    remove: db.transaction((id: string) => {
      delSamples.run(id);
      delHourly.run(id);
      del.run(id);
    }),
    saveStatus(id: string, status: MountStatus): void {
      setStatus.run(JSON.stringify(status), status.mounted ? status.source : null, status.mounted ? status.fsType : null, id);
    },
    /** Records a sample: raw, and into its hour's aggregate (usage only when known). */
    addSample: db.transaction((id: string, atMs: number, usedBytes: number | null, totalBytes: number | null, usedPercent: number | null, state: string) => {
      addSample.run(id, atMs, usedBytes, totalBytes, usedPercent, state);
      if (usedBytes !== null && usedPercent !== null) {
        addHourly.run({ id, hour: Math.floor(atMs / HOUR_MS) * HOUR_MS, used: usedBytes, pct: usedPercent, total: totalBytes, state });
      }
    }),
    /** History since `sinceMs`: raw samples while they are kept, hourly averages before that. */
    history(id: string, sinceMs: number, nowMs: number): HistoryPoint[] {
      const rawFrom = nowMs - RAW_KEEP_MS;
      const points: HistoryPoint[] = [];
      if (sinceMs < rawFrom) {
        for (const h of hourlySince.all(id, sinceMs)) {
          if (h.hour_ms + HOUR_MS > rawFrom) break;
          points.push({ atMs: h.hour_ms + HOUR_MS / 2, usedBytes: Math.round(h.used_bytes_sum / h.n), usedPercent: Math.round((h.used_percent_sum / h.n) * 10) / 10, totalBytes: h.total_bytes, state: h.worst_state });
        }
      }
      for (const r of rawSince.all(id, Math.max(sinceMs, points.length ? rawFrom : sinceMs))) {
        points.push({ atMs: r.at_ms, usedBytes: r.used_bytes, usedPercent: r.used_percent, totalBytes: r.total_bytes, state: r.state });
      }
      return points;
    },
    /** Drops raw samples older than two days and aggregates older than 90 days. */
    prune(nowMs: number): void {
      pruneRaw.run(nowMs - RAW_KEEP_MS);
      pruneHourly.run(nowMs - HISTORY_KEEP_MS);
    },
  };
}
export type StorageStore = ReturnType<typeof createStorageStore>;
