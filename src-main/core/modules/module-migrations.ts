/**
 * Per-module schema steps. The store's own numbered migrations stay in store/migrations.ts; each
 * feature module appends to its own list, tracked by module name in `module_schema`, so two
 * modules written in parallel never fight over a migration number.
 */
import type { Db } from '../store/db.ts';

export function applyModuleMigrations(db: Db, module: string, steps: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS module_schema (module TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const row = db.prepare<[string], { version: number }>('SELECT version FROM module_schema WHERE module = ?').get(module);
  const current = row?.version ?? 0;
  if (current > steps.length) {
    throw new Error(`the ${module} tables are at version ${current}, newer than this Hearth understands (${steps.length}); upgrade Hearth or use another --state-dir`);
  }
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      db.exec(steps[v]!);
      db.prepare('INSERT INTO module_schema (module, version) VALUES (?, ?) ON CONFLICT(module) DO UPDATE SET version = excluded.version').run(module, v + 1);
    })();
  }
}
