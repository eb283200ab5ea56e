/**
 * The alerts module's tables (applied through module migrations, namespace `alerts`). One row per
 * occurrence: a key that clears and comes back later gets a new row, so the table is the history.
 * At most one row per key is active (pending or open), enforced by a partial unique index.
 */
export const ALERT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'open', 'cleared')),
    raised_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    open_due_at_ms INTEGER,
    clear_due_at_ms INTEGER,
    clear_after_ms INTEGER NOT NULL DEFAULT 0,
    cleared_at_ms INTEGER,
    clear_reason TEXT,
    acknowledged_at_ms INTEGER,
    count INTEGER NOT NULL DEFAULT 1
  );
  CREATE UNIQUE INDEX alerts_active_key ON alerts(key) WHERE state != 'cleared';
  CREATE INDEX alerts_updated ON alerts(updated_at_ms);`,
];
