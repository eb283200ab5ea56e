/**
 * The alerts a mount raises through the alert bus: one for usage (warning at the warn threshold,
 * critical at crit, cleared 5 points below — the hysteresis lives in classify.ts) and one for its
 * condition (not mounted, read-only, hung, server unreachable, missing). Each names the machine
 * and the mount, and says what to do.
 */
import type { AlertSink } from '../modules/types.ts';
import type { MountStatus } from '../../../src-shared/storage/types.ts';

const SOURCE = 'storage';

export const usageKey = (id: string) => `storage.usage:${id}`;
export const conditionKey = (id: string) => `storage.state:${id}`;

function where(s: MountStatus): string {
  return `${s.name} (${s.path}) on ${s.nodeName ?? s.node}`;
}

const STATE_TEXT: Record<string, string> = { 'not-mounted': 'not mounted', 'server-unreachable': 'unreachable' };

const ADVICE: Record<string, string> = {
  'not-mounted': 'mount it again (check the share and the credentials on that machine)',
  missing: 'check that the path exists and the share is mounted',
  'read-only': 'check the share permissions or remount it read-write',
  hung: 'the file server stopped answering; check it, then remount (umount -l / fusermount -uz) if it does not recover',
  'server-unreachable': 'the file server does not answer on the network; check that it is on and reachable',
};

/** Raises or clears this mount's alerts for `status` (`usage` is the hysteresis level). */
export function applyAlerts(alerts: AlertSink, id: string, status: MountStatus, usage: 'ok' | 'warn' | 'crit' | undefined): void {
  const details = { mount: status.name, node: status.node, nodeName: status.nodeName, path: status.path, state: status.state, usedPercent: status.usedPercent };
  if (usage === 'warn' || usage === 'crit') {
    const pct = Math.max(status.usedPercent ?? 0, status.inodesUsedPercent ?? 0);
    const limit = usage === 'crit' ? status.crit : status.warn;
    const what = (status.inodesUsedPercent ?? 0) > (status.usedPercent ?? 0) ? 'inodes' : 'space';
    const days = status.fullInDays != null ? `, full in about ${Math.max(1, Math.round(status.fullInDays))} days` : '';
    alerts.raise({
      key: usageKey(id), source: SOURCE, severity: usage === 'crit' ? 'critical' : 'warning', details,
      message: `Storage ${where(status)} is ${pct} % full (${what}; threshold ${limit} %${days}); free some space`,
    });
  } else if (usage === 'ok') {
    alerts.clear(usageKey(id), 'usage back under the threshold');
  }
  const advice = ADVICE[status.state];
  if (advice) {
    // The state in words, and the error without repeating it ("is not mounted: not mounted: …").
    const stateText = STATE_TEXT[status.state] ?? status.state;
    const error = status.lastError?.startsWith(`${stateText}: `) ? status.lastError.slice(stateText.length + 2) : status.lastError;
    alerts.raise({
      key: conditionKey(id), source: SOURCE, severity: status.state === 'read-only' ? 'warning' : 'critical', details,
      message: `Storage ${where(status)} is ${stateText}${error ? `: ${error}` : ''}; ${advice}`,
    });
  } else if (status.state !== 'unknown') {
    alerts.clear(conditionKey(id), `state ${status.state}`);
  }
}

/** Clears both alerts of a removed mount. */
export function clearAlerts(alerts: AlertSink, id: string): void {
  alerts.clear(usageKey(id), 'mount removed');
  alerts.clear(conditionKey(id), 'mount removed');
}
