/**
 * Source: the disk holding the gateway's state directory is nearly full (default ≥ 90 % used).
 * Threshold hysteresis: once open, the alert clears only below the threshold minus 2 points,
 * so a disk hovering at the limit is one alert, not a stream.
 */
import { fsAsync } from '../../fs-async.ts';
import type { AlertHistoryBus } from '../sqlite-bus.ts';

export const DISK_KEY = 'gateway.disk';
const CLEAR_MARGIN = 2;

export interface DiskUsage {
  usedPercent: number;
  freeBytes: number;
}

export async function diskUsage(path: string): Promise<DiskUsage> {
  const s = await fsAsync().statfs(path);
  const total = s.blocks * s.bsize;
  const free = s.bavail * s.bsize;
  const usedPercent = total > 0 ? ((s.blocks - s.bavail) / s.blocks) * 100 : 0;
  return { usedPercent, freeBytes: free };
}

/** Whole GiB (one decimal below 10), so the message changes rarely and de-dup holds. */
function gib(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return g < 10 ? `${g.toFixed(1)} GiB` : `${Math.round(g)} GiB`;
}

export function applyDiskUsage(bus: AlertHistoryBus, path: string, u: DiskUsage, thresholdPercent: number): void {
  const open = bus.activeKeys(DISK_KEY).includes(DISK_KEY);
  if (u.usedPercent >= thresholdPercent) {
    const pct = Math.floor(u.usedPercent);
    bus.raise({
      key: DISK_KEY, source: 'alerts', severity: u.usedPercent >= 97 ? 'critical' : 'warning',
      // Rounded so the message (and the de-dup) changes per point, not per byte.
      message: `the gateway's state disk is ${pct} % full (about ${gib(u.freeBytes)} free at ${path}); free space there or move the state dir (--state-dir)`,
      details: { path, usedPercent: pct, thresholdPercent },
    });
  } else if (open && u.usedPercent < thresholdPercent - CLEAR_MARGIN) {
    bus.clear(DISK_KEY, `disk back to ${Math.floor(u.usedPercent)} %`);
  }
}
