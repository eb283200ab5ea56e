/**
 * Alerts as sources raise them and as `hearth.alerts.list` and the `hearth.alert` event carry
 * them (shared by the gateway, the CLI, the UI and notifiers).
 */

/** Alert severities, lowest first. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** What a source says when it raises an alert; `key` de-duplicates (one open alert per key). */
export interface AlertInput {
  /** Stable identity, e.g. `node.offline:<nodeId>` or `tunnel.down`. */
  key: string;
  /** The module that raised it. */
  source: string;
  severity: AlertSeverity;
  /** One line a person reads: what is wrong, where, and what to do. */
  message: string;
  /** Structured facts for UIs and notifiers (node id, mount name, …). */
  details?: Record<string, unknown>;
  /**
   * Hysteresis on the way up: the alert opens (and notifies) only if it is not cleared within
   * this many ms; raising a pending key again keeps the earliest due time. Default 0 (at once).
   */
  raiseAfterMs?: number;
  /**
   * Hysteresis on the way down: a clear takes effect only if the alert is not raised again
   * within this many ms (a flapping source stays one open alert). Default 0 (at once).
   */
  clearAfterMs?: number;
}

/** An alert as stored and shown. */
export interface Alert extends AlertInput {
  /** Row id in the alert history (persisted bus); one key gets a new id each time it opens. */
  id?: string;
  state: 'open' | 'cleared';
  raisedAtMs: number;
  updatedAtMs: number;
  clearedAtMs?: number;
  /** Why it cleared (`resolved`, `node removed`, …). */
  clearReason?: string;
  acknowledgedAtMs?: number;
  /** How often the condition came back (or changed) while the alert stayed open. */
  count?: number;
}

/** `hearth.alert` event payload. */
export interface AlertEvent {
  change: 'raised' | 'updated' | 'cleared';
  alert: Alert;
}

/** `hearth.alerts.list` result. */
export interface AlertsListResult {
  ts: number;
  /** Open alerts right now, and how many of them nobody acknowledged. */
  open: number;
  unacknowledged: number;
  alerts: Alert[];
}

/** `hearth.alerts.ack` result. */
export interface AlertsAckResult {
  acknowledged: Alert[];
}
