/**
 * Devices an operator put out: removed, rejected, or whose token was rotated. A hold outlives the
 * device row on purpose — it is what stops loopback auto-approval (or a setup code the device
 * already used) from silently pairing it again. It ends when an operator approves the device,
 * when the device redeems a setup code it has never used, or (rotation only) when it proves the
 * gateway's shared secret.
 */
import type { Db } from './db.ts';

export type HoldReason = 'removed' | 'rejected' | 'token-rotated';

export interface DeviceHold {
  deviceId: string;
  reason: HoldReason;
  atMs: number;
}

export function createDeviceHoldRepo(db: Db) {
  const get = db.prepare<[string], { device_id: string; reason: string; at_ms: number }>('SELECT * FROM device_holds WHERE device_id = ?');
  const put = db.prepare<[string, string, number]>(
    'INSERT INTO device_holds (device_id, reason, at_ms) VALUES (?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET reason = excluded.reason, at_ms = excluded.at_ms',
  );
  const del = db.prepare<[string]>('DELETE FROM device_holds WHERE device_id = ?');
  return {
    get(deviceId: string): DeviceHold | undefined {
      const r = get.get(deviceId);
      return r ? { deviceId: r.device_id, reason: r.reason as HoldReason, atMs: r.at_ms } : undefined;
    },
    put(deviceId: string, reason: HoldReason, atMs: number): void {
      put.run(deviceId, reason, atMs);
    },
    clear(deviceId: string): boolean {
      return del.run(deviceId).changes > 0;
    },
  };
}
export type DeviceHoldRepo = ReturnType<typeof createDeviceHoldRepo>;
