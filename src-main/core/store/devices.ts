/** Approved devices and their device tokens (stored as SHA-256 hashes, never in the clear). */
import type { ApprovedVia, DeviceTokenSummary, PairedDevice } from '../../../src-shared/protocol/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

/** A stored device: the paired-device entry without what is derived at read time. */
export type DeviceRow = Omit<PairedDevice, 'role' | 'tokens' | 'nodeSurface' | 'connected'>;

export interface TokenRow {
  deviceId: string;
  role: string;
  tokenHash: string;
  scopes: string[];
  createdAtMs: number;
  lastUsedAtMs?: number;
  rotatedAtMs?: number;
  revokedAtMs?: number;
}

interface RawDevice {
  device_id: string; public_key: string; display_name: string | null; label: string | null; platform: string | null;
  device_family: string | null; client_id: string | null; client_mode: string | null; roles: string; scopes: string;
  approved_via: string; created_at_ms: number; approved_at_ms: number; last_seen_at_ms: number | null; remote_ip: string | null;
}

interface RawToken {
  device_id: string; role: string; token_hash: string; scopes: string; created_at_ms: number;
  last_used_at_ms: number | null; rotated_at_ms: number | null; revoked_at_ms: number | null;
}

function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}

function toDevice(r: RawDevice): DeviceRow {
  const d: DeviceRow = {
    deviceId: r.device_id, publicKey: r.public_key, roles: parseJson(r.roles, []), scopes: parseJson(r.scopes, []),
    approvedVia: r.approved_via as ApprovedVia, createdAtMs: r.created_at_ms, approvedAtMs: r.approved_at_ms,
  };
  const optional = {
    displayName: opt(r.display_name), label: opt(r.label), platform: opt(r.platform), deviceFamily: opt(r.device_family),
    clientId: opt(r.client_id), clientMode: opt(r.client_mode), lastSeenAtMs: opt(r.last_seen_at_ms), remoteIp: opt(r.remote_ip),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
  return d;
}

function toToken(r: RawToken): TokenRow {
  const t: TokenRow = { deviceId: r.device_id, role: r.role, tokenHash: r.token_hash, scopes: parseJson(r.scopes, []), createdAtMs: r.created_at_ms };
  if (r.last_used_at_ms !== null) t.lastUsedAtMs = r.last_used_at_ms;
  if (r.rotated_at_ms !== null) t.rotatedAtMs = r.rotated_at_ms;
  if (r.revoked_at_ms !== null) t.revokedAtMs = r.revoked_at_ms;
  return t;
}

export function tokenSummary(t: TokenRow): DeviceTokenSummary {
  const s: DeviceTokenSummary = { role: t.role, scopes: t.scopes, createdAtMs: t.createdAtMs };
  if (t.lastUsedAtMs !== undefined) s.lastUsedAtMs = t.lastUsedAtMs;
  if (t.rotatedAtMs !== undefined) s.rotatedAtMs = t.rotatedAtMs;
  if (t.revokedAtMs !== undefined) s.revokedAtMs = t.revokedAtMs;
  return s;
}

export function createDeviceRepo(db: Db) {
  const get = db.prepare<[string], RawDevice>('SELECT * FROM devices WHERE device_id = ?');
  const all = db.prepare<[], RawDevice>('SELECT * FROM devices ORDER BY approved_at_ms');
  const upsert = db.prepare(`INSERT INTO devices (device_id, public_key, display_name, label, platform, device_family, client_id, client_mode, roles, scopes, approved_via, created_at_ms, approved_at_ms, last_seen_at_ms, remote_ip)
    VALUES (@deviceId, @publicKey, @displayName, @label, @platform, @deviceFamily, @clientId, @clientMode, @roles, @scopes, @approvedVia, @createdAtMs, @approvedAtMs, @lastSeenAtMs, @remoteIp)
    ON CONFLICT(device_id) DO UPDATE SET public_key = excluded.public_key, display_name = excluded.display_name, label = excluded.label,
      platform = excluded.platform, device_family = excluded.device_family, client_id = excluded.client_id, client_mode = excluded.client_mode,
      roles = excluded.roles, scopes = excluded.scopes, approved_via = excluded.approved_via, approved_at_ms = excluded.approved_at_ms,
      last_seen_at_ms = excluded.last_seen_at_ms, remote_ip = excluded.remote_ip`);
  const del = db.prepare<[string]>('DELETE FROM devices WHERE device_id = ?');
  const seen = db.prepare<[number, string | null, string]>('UPDATE devices SET last_seen_at_ms = ?, remote_ip = COALESCE(?, remote_ip) WHERE device_id = ?');
  const label = db.prepare<[string, string]>('UPDATE devices SET label = ? WHERE device_id = ?');
  const tokGet = db.prepare<[string, string], RawToken>('SELECT * FROM device_tokens WHERE device_id = ? AND role = ?');
  const tokAll = db.prepare<[string], RawToken>('SELECT * FROM device_tokens WHERE device_id = ? ORDER BY role');
  const tokPut = db.prepare(`INSERT INTO device_tokens (device_id, role, token_hash, scopes, created_at_ms, rotated_at_ms)
    VALUES (@deviceId, @role, @tokenHash, @scopes, @createdAtMs, @rotatedAtMs)
    ON CONFLICT(device_id, role) DO UPDATE SET token_hash = excluded.token_hash, scopes = excluded.scopes,
      rotated_at_ms = excluded.rotated_at_ms, revoked_at_ms = NULL`);
  const tokUsed = db.prepare<[number, string, string]>('UPDATE device_tokens SET last_used_at_ms = ? WHERE device_id = ? AND role = ?');
  const tokRevoke = db.prepare<[number, string, string]>('UPDATE device_tokens SET revoked_at_ms = ? WHERE device_id = ? AND role = ?');

  return {
    get(deviceId: string): DeviceRow | undefined {
      const r = get.get(deviceId);
      return r ? toDevice(r) : undefined;
    },
    list(): DeviceRow[] {
      return all.all().map(toDevice);
    },
    put(d: DeviceRow): void {
      upsert.run({
        deviceId: d.deviceId, publicKey: d.publicKey, displayName: d.displayName ?? null, label: d.label ?? null,
        platform: d.platform ?? null, deviceFamily: d.deviceFamily ?? null, clientId: d.clientId ?? null, clientMode: d.clientMode ?? null,
        roles: JSON.stringify(d.roles), scopes: JSON.stringify(d.scopes), approvedVia: d.approvedVia, createdAtMs: d.createdAtMs,
        approvedAtMs: d.approvedAtMs, lastSeenAtMs: d.lastSeenAtMs ?? null, remoteIp: d.remoteIp ?? null,
      });
    },
    remove(deviceId: string): boolean {
      return del.run(deviceId).changes > 0;
    },
    markSeen(deviceId: string, atMs: number, remoteIp?: string): void {
      seen.run(atMs, remoteIp ?? null, deviceId);
    },
    rename(deviceId: string, newLabel: string): boolean {
      return label.run(newLabel, deviceId).changes > 0;
    },
    token(deviceId: string, role: string): TokenRow | undefined {
      const r = tokGet.get(deviceId, role);
      return r ? toToken(r) : undefined;
    },
    tokens(deviceId: string): TokenRow[] {
      return tokAll.all(deviceId).map(toToken);
    },
    putToken(t: { deviceId: string; role: string; tokenHash: string; scopes: string[]; createdAtMs: number; rotatedAtMs?: number }): void {
      tokPut.run({ deviceId: t.deviceId, role: t.role, tokenHash: t.tokenHash, scopes: JSON.stringify(t.scopes), createdAtMs: t.createdAtMs, rotatedAtMs: t.rotatedAtMs ?? null });
    },
    touchToken(deviceId: string, role: string, atMs: number): void {
      tokUsed.run(atMs, deviceId, role);
    },
    revokeToken(deviceId: string, role: string, atMs: number): boolean {
      return tokRevoke.run(atMs, deviceId, role).changes > 0;
    },
  };
}
export type DeviceRepo = ReturnType<typeof createDeviceRepo>;
