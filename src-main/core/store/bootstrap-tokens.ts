/** Setup-code bootstrap tokens: hashed, 10-minute, bound to the first device that redeems them. */
import type { Db } from './db.ts';

export type BootstrapProfile = 'node' | 'operator' | 'limited' | 'voice-node';

export interface BootstrapTokenRow {
  tokenHash: string;
  setupId: string;
  profile: BootstrapProfile;
  createdAtMs: number;
  expiresAtMs: number;
  usedByDeviceId?: string;
  usedAtMs?: number;
  revokedAtMs?: number;
}

interface Raw {
  token_hash: string; setup_id: string; profile: string; created_at_ms: number; expires_at_ms: number;
  used_by_device_id: string | null; used_at_ms: number | null; revoked_at_ms: number | null;
}

export function createBootstrapTokenRepo(db: Db) {
  const get = db.prepare<[string], Raw>('SELECT * FROM bootstrap_tokens WHERE token_hash = ?');
  const put = db.prepare('INSERT INTO bootstrap_tokens (token_hash, setup_id, profile, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)');
  const use = db.prepare<[string, number, string]>('UPDATE bootstrap_tokens SET used_by_device_id = ?, used_at_ms = ? WHERE token_hash = ? AND used_by_device_id IS NULL');
  const purge = db.prepare<[number]>('DELETE FROM bootstrap_tokens WHERE expires_at_ms < ?');
  return {
    get(tokenHash: string): BootstrapTokenRow | undefined {
      const r = get.get(tokenHash);
      if (!r) return undefined;
      const row: BootstrapTokenRow = { tokenHash: r.token_hash, setupId: r.setup_id, profile: r.profile as BootstrapProfile, createdAtMs: r.created_at_ms, expiresAtMs: r.expires_at_ms };
      if (r.used_by_device_id !== null) row.usedByDeviceId = r.used_by_device_id;
      if (r.used_at_ms !== null) row.usedAtMs = r.used_at_ms;
      if (r.revoked_at_ms !== null) row.revokedAtMs = r.revoked_at_ms;
      return row;
    },
    put(row: { tokenHash: string; setupId: string; profile: BootstrapProfile; createdAtMs: number; expiresAtMs: number }): void {
      put.run(row.tokenHash, row.setupId, row.profile, row.createdAtMs, row.expiresAtMs);
    },
    /** Binds the token to a device; false when another device got there first. */
    bind(tokenHash: string, deviceId: string, atMs: number): boolean {
      return use.run(deviceId, atMs, tokenHash).changes > 0;
    },
    /** Drops codes that expired more than a day ago (kept a while for clear error messages). */
    purge(nowMs: number): void {
      purge.run(nowMs - 24 * 3600_000);
    },
  };
}
export type BootstrapTokenRepo = ReturnType<typeof createBootstrapTokenRepo>;
