/**
 * Numbered schema migrations. Each entry runs once, in order, inside a transaction; the
 * database's `user_version` records how many have run. Never edit a shipped migration: add one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: control plane — settings, devices, tokens, pairing, node surfaces, setup codes, audit log.
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    display_name TEXT,
    label TEXT,
    platform TEXT,
    device_family TEXT,
    client_id TEXT,
    client_mode TEXT,
    roles TEXT NOT NULL,
    scopes TEXT NOT NULL,
    approved_via TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    approved_at_ms INTEGER NOT NULL,
    last_seen_at_ms INTEGER,
    remote_ip TEXT
  );
  CREATE TABLE device_tokens (
    device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_used_at_ms INTEGER,
    rotated_at_ms INTEGER,
    revoked_at_ms INTEGER,
    PRIMARY KEY (device_id, role)
  );
  CREATE TABLE device_pairing_requests (
    request_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
  );
  CREATE TABLE node_surfaces (
    node_id TEXT PRIMARY KEY,
    display_name TEXT,
    version TEXT,
    platform TEXT,
    device_family TEXT,
    client_id TEXT,
    client_mode TEXT,
    caps TEXT NOT NULL,
    commands TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    approved_at_ms INTEGER,
    last_host_stats TEXT,
    last_connected_at_ms INTEGER,
    last_disconnected_at_ms INTEGER,
    last_seen_at_ms INTEGER,
    remote_ip TEXT
  );
  CREATE TABLE node_pairing_requests (
    request_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
  );
  CREATE TABLE bootstrap_tokens (
    token_hash TEXT PRIMARY KEY,
    setup_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    used_by_device_id TEXT,
    used_at_ms INTEGER,
    revoked_at_ms INTEGER
  );
  CREATE TABLE invocations (
    id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    node_name TEXT,
    command TEXT NOT NULL,
    argv TEXT,
    cwd TEXT,
    requested_by TEXT NOT NULL,
    idempotency_key TEXT,
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER,
    duration_ms INTEGER,
    exit_code INTEGER,
    timed_out INTEGER NOT NULL DEFAULT 0,
    ok INTEGER,
    error TEXT
  );
  CREATE INDEX invocations_by_node ON invocations(node_id, started_at_ms DESC);
  CREATE INDEX invocations_by_time ON invocations(started_at_ms DESC);
  `,
  // 2: remember a rejected command surface, so the same node does not re-ask on every reconnect.
  `
  ALTER TABLE node_surfaces ADD COLUMN rejected_surface TEXT;
  ALTER TABLE node_surfaces ADD COLUMN rejected_at_ms INTEGER;
  `,
  // 3: devices an operator removed, rejected or rotated stay out until approved or re-paired with a new code.
  `
  CREATE TABLE device_holds (
    device_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  `,
  // 4: the outcome of each run, so a retried idempotencyKey gets it back after a restart.
  `
  ALTER TABLE invocations ADD COLUMN result_json TEXT;
  CREATE INDEX invocations_by_key ON invocations(idempotency_key, node_id, command);
  `,
  // 5: the key lookup every invoke makes, with its time bound in the index. With only the three
  // key columns SQLite chose invocations_by_node and walked every run of the node in the window,
  // so each invoke got slower as the history grew (0.4 ms per lookup after a few thousand runs).
  `
  DROP INDEX invocations_by_key;
  CREATE INDEX invocations_by_key_time ON invocations(idempotency_key, node_id, command, started_at_ms DESC);
  `,
  // 6: a run its operator cancelled says so in the history (its exit code alone reads as a crash: 143).
  `
  ALTER TABLE invocations ADD COLUMN cancelled INTEGER;
  `,
];
