/**
 * Turns what a machine found (mount facts, filesystem facts, server check) into a mount's state,
 * with hysteresis on the usage thresholds: warn/crit are entered at the threshold and left only
 * 5 points below it, so a share hovering at 80 % does not flap.
 */
import type { MountStatus, ProbeResult, StorageState } from '../../../src-shared/storage/types.ts';

export const HYSTERESIS_POINTS = 5;

const BROKEN_MOUNT_CODES = new Set(['ENOTCONN', 'ESTALE', 'EIO', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNABORTED']);
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Usage level with hysteresis: `previous` is the last level (ok/warn/crit). */
export function usageLevel(percent: number, warn: number, crit: number, previous: 'ok' | 'warn' | 'crit' = 'ok'): 'ok' | 'warn' | 'crit' {
  if (percent >= crit) return 'crit';
  if (previous === 'crit' && percent >= crit - HYSTERESIS_POINTS) return 'crit';
  if (percent >= warn) return 'warn';
  if ((previous === 'warn' || previous === 'crit') && percent >= warn - HYSTERESIS_POINTS) return 'warn';
  return 'ok';
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${round1(ms / 1000)} s`;
}

export interface Classified {
  state: StorageState;
  usage: 'ok' | 'warn' | 'crit' | undefined;
  fields: Pick<MountStatus, 'fsType' | 'source' | 'mounted' | 'writable' | 'totalBytes' | 'freeBytes' | 'usedPercent' | 'inodesUsedPercent' | 'latencyMs' | 'checkedAtMs' | 'lastError'>;
}

/** Classifies one probe result; `previousUsage` carries the hysteresis. */
export function classify(r: ProbeResult, warn: number, crit: number, deadlineMs: number, previousUsage?: 'ok' | 'warn' | 'crit'): Classified {
  // The space of the filesystem underneath an unmounted share is not the share's: leave it out.
  const space = r.facts.mounted ? r.space : undefined;
  const usedPercent = space && space.usedBytes + space.freeBytes > 0 ? round1((space.usedBytes / (space.usedBytes + space.freeBytes)) * 100) : null;
  const inodesUsedPercent = space?.inodesTotal && space.inodesFree !== null ? round1(((space.inodesTotal - space.inodesFree) / space.inodesTotal) * 100) : null;
  const worstUse = Math.max(usedPercent ?? 0, inodesUsedPercent ?? 0);
  const usage = usedPercent !== null ? usageLevel(worstUse, warn, crit, previousUsage) : undefined;
  const serverDown = r.server !== undefined && !r.server.reachable;
  const serverText = r.server ? `server ${r.server.host}:${r.server.port} ${r.server.reachable ? 'answers' : `does not answer (${r.server.error ?? 'no connection'})`}` : '';

  let state: StorageState;
  let lastError: string | null = null;
  const brokenCode = r.error && BROKEN_MOUNT_CODES.has(r.error.code) ? r.error.code : undefined;
  if (r.hung) {
    state = serverDown ? 'server-unreachable' : 'hung';
    const stuck = Math.max(0, r.checkedAtMs - r.hung.sinceMs);
    lastError = `the filesystem has not answered ${r.hung.step} for ${seconds(Math.max(stuck, deadlineMs))}${serverText ? `; ${serverText}` : ''}`;
  } else if (!r.facts.mounted) {
    state = serverDown ? 'server-unreachable' : r.exists === false ? 'missing' : 'not-mounted';
    lastError = r.exists === false ? `${r.path} does not exist` : `not mounted: ${r.facts.reason ?? 'no mount contains this path'}`;
    if (r.exists === false && r.facts.reason) lastError += ` (${r.facts.reason})`;
    if (serverText) lastError += `; ${serverText}`;
  } else if (r.exists === false) {
    state = serverDown ? 'server-unreachable' : 'missing';
    lastError = `${r.path} does not exist on the mount ${r.facts.mountPoint ?? ''}`.trim();
  } else if (brokenCode) {
    state = serverDown ? 'server-unreachable' : 'not-mounted';
    lastError = `the mount is broken (${r.error!.message})${serverText ? `; ${serverText}` : ''}`;
  } else if (r.error) {
    state = 'missing';
    lastError = `${r.error.step ?? 'probe'} failed: ${r.error.message}`;
  } else if (r.facts.readOnly || (r.writable === false && r.writeError && READ_ONLY_CODES.has(r.writeError.code))) {
    state = 'read-only';
    lastError = r.facts.readOnly ? `${r.facts.mountPoint ?? r.path} is mounted read-only` : `cannot write: ${r.writeError!.message}`;
  } else {
    state = usage ?? 'ok';
    if (r.writable === false && r.writeError) lastError = `write check failed: ${r.writeError.message}`;
    else if (usage === 'crit' || usage === 'warn') {
      lastError = inodesUsedPercent !== null && inodesUsedPercent > (usedPercent ?? 0) ? `inodes ${inodesUsedPercent} % used` : `${usedPercent} % used`;
    }
  }
  return {
    state,
    usage,
    fields: {
      fsType: r.facts.mounted ? (r.facts.fsType ?? null) : null,
      source: r.facts.mounted ? (r.facts.source ?? null) : null,
      mounted: r.hung && r.facts.mounted ? true : r.facts.mounted,
      writable: r.hung ? null : r.facts.readOnly ? false : (r.writable ?? null),
      totalBytes: space?.totalBytes ?? null,
      freeBytes: space?.freeBytes ?? null,
      usedPercent,
      inodesUsedPercent,
      latencyMs: r.hung ? null : (r.latency.totalMs ?? null),
      checkedAtMs: r.checkedAtMs,
      lastError,
    },
  };
}
