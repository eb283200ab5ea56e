/**
 * The models module's tables: endpoints it routes to (discovered ones are kept so their priority
 * sticks and a vanished one is still shown) and per-client API keys (only SHA-256 hashes stored).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { EndpointKind } from './types.ts';

export const MODELS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE models_endpoints (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     node_id TEXT,
     kind TEXT,
     name TEXT NOT NULL,
     priority INTEGER NOT NULL,
     source TEXT NOT NULL,
     created_at_ms INTEGER NOT NULL
   );
   CREATE UNIQUE INDEX models_endpoints_where ON models_endpoints (COALESCE(node_id, ''), url);
   CREATE TABLE models_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     hash TEXT NOT NULL UNIQUE,
     created_at_ms INTEGER NOT NULL,
     last_used_at_ms INTEGER
   );`,
];

export interface EndpointRow {
  id: string;
  url: string;
  nodeId: string | null;
  /** Null: work it out on each probe. */
  kind: EndpointKind | null;
  name: string;
  priority: number;
  source: 'discovered' | 'configured' | 'openclaw';
  createdAtMs: number;
}

export interface KeyRow {
  id: string;
  name: string;
  hash: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
}

/** Stable id of an endpoint: where it runs and its URL. */
export function endpointId(nodeId: string | null, url: string): string {
  return createHash('sha256').update(`${nodeId ?? 'gateway'} ${url}`).digest('hex').slice(0, 12);
}

interface RawEndpoint { id: string; url: string; node_id: string | null; kind: string | null; name: string; priority: number; source: string; created_at_ms: number }
interface RawKey { id: string; name: string; hash: string; created_at_ms: number; last_used_at_ms: number | null }

export function createModelsRepo(db: Db) {
  const all = db.prepare<[], RawEndpoint>('SELECT * FROM models_endpoints ORDER BY priority, created_at_ms');
  const insert = db.prepare('INSERT INTO models_endpoints (id, url, node_id, kind, name, priority, source, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, priority = excluded.priority, source = excluded.source');
  const del = db.prepare<[string]>('DELETE FROM models_endpoints WHERE id = ?');
  const setPriority = db.prepare<[number, string]>('UPDATE models_endpoints SET priority = ? WHERE id = ?');
  const setKind = db.prepare<[string, string]>('UPDATE models_endpoints SET kind = ? WHERE id = ?');
  const keys = db.prepare<[], RawKey>('SELECT * FROM models_keys ORDER BY created_at_ms');
  const insertKey = db.prepare('INSERT INTO models_keys (id, name, hash, created_at_ms) VALUES (?, ?, ?, ?)');
  const delKey = db.prepare<[string]>('DELETE FROM models_keys WHERE name = ?');
  const touchKey = db.prepare<[number, string]>('UPDATE models_keys SET last_used_at_ms = ? WHERE id = ?');
  const toRow = (r: RawEndpoint): EndpointRow => ({
    id: r.id, url: r.url, nodeId: r.node_id, kind: (r.kind as EndpointKind | null) ?? null, name: r.name, priority: r.priority,
    source: r.source as EndpointRow['source'], createdAtMs: r.created_at_ms,
  });
  return {
    endpoints: (): EndpointRow[] => all.all().map(toRow),
    put(e: EndpointRow): void {
      insert.run(e.id, e.url, e.nodeId, e.kind, e.name, e.priority, e.source, e.createdAtMs);
    },
    remove: (id: string): boolean => del.run(id).changes > 0,
    /** Priorities 1..n in the given order; ids not listed keep their relative order after them. */
    reorder(ids: readonly string[]): void {
      db.transaction(() => {
        const rest = all.all().map((r) => r.id).filter((id) => !ids.includes(id));
        [...ids, ...rest].forEach((id, i) => setPriority.run(i + 1, id));
      })();
    },
    setPriority: (id: string, priority: number) => setPriority.run(priority, id),
    setKind: (id: string, kind: EndpointKind) => setKind.run(kind, id),
    keys: (): KeyRow[] => keys.all().map((k) => ({ id: k.id, name: k.name, hash: k.hash, createdAtMs: k.created_at_ms, lastUsedAtMs: k.last_used_at_ms })),
    addKey: (k: { id: string; name: string; hash: string; createdAtMs: number }) => insertKey.run(k.id, k.name, k.hash, k.createdAtMs),
    removeKey: (name: string): boolean => delKey.run(name).changes > 0,
    touchKey: (id: string, at: number) => touchKey.run(at, id),
  };
}
export type ModelsRepo = ReturnType<typeof createModelsRepo>;
