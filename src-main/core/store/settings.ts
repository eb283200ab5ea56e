/** Key/value settings persisted as JSON (loopback auto-approval, UI preferences, role, …). */
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

export function createSettingsRepo(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const del = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  return {
    get<T>(key: string, fallback: T): T {
      const r = get.get(key);
      return r ? parseJson<T>(r.value, fallback) : fallback;
    },
    set(key: string, value: unknown): void {
      put.run(key, JSON.stringify(value));
    },
    delete(key: string): void {
      del.run(key);
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
