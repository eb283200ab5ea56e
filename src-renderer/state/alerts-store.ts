/**
 * Alerts from the gateway's alerts module: the open list (badge, screen) and, on demand, the
 * history. `hearth.alert` events keep it live; a reconnect refreshes it (events are not replayed).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Alert, AlertEvent } from '../../src-shared/protocol/alerts.ts';
import { errorText, isUnknownMethod, type Invoker } from './invoker.ts';

export interface AlertsSlice {
  open: Alert[];
  history: Alert[];
  historyLoaded: boolean;
  /** False for a gateway without the alerts module (older or foreign): the UI hides alerts. */
  supported: boolean;
  loaded: boolean;
  busy: Record<string, boolean>;
  error?: string;
}

export type AlertsStore = StoreApi<AlertsSlice>;

export function createAlertsStore(): AlertsStore {
  return createStore<AlertsSlice>(() => ({ open: [], history: [], historyLoaded: false, supported: true, loaded: false, busy: {} }));
}

const byRaised = (a: Alert, b: Alert) => b.raisedAtMs - a.raisedAtMs;

export async function refreshAlerts(store: AlertsStore, client: Invoker, withHistory = store.getState().historyLoaded): Promise<void> {
  try {
    const open = await client.invoke('hearth.alerts.list', { state: 'open' });
    const next: Partial<AlertsSlice> = { open: [...open.alerts].sort(byRaised), loaded: true, supported: true };
    if (withHistory) {
      const all = await client.invoke('hearth.alerts.list', { state: 'all', limit: 100 });
      next.history = all.alerts.filter((a) => a.state === 'cleared');
      next.historyLoaded = true;
    }
    store.setState(next);
  } catch (err) {
    if (isUnknownMethod(err)) store.setState({ supported: false, loaded: true, open: [] });
    else store.setState({ error: errorText(err), loaded: true });
  }
}

/** Applies one `hearth.alert` event. */
export function applyAlertEvent(store: AlertsStore, payload: unknown): void {
  const ev = payload as Partial<AlertEvent> | undefined;
  const a = ev?.alert;
  if (!a || typeof a.key !== 'string') return;
  const s = store.getState();
  const rest = s.open.filter((x) => x.key !== a.key);
  if (ev.change === 'cleared') {
    store.setState({ open: rest, history: s.historyLoaded ? [a, ...s.history.filter((x) => x.id !== a.id)].slice(0, 100) : s.history });
  } else {
    store.setState({ open: [a, ...rest].sort(byRaised) });
  }
}

/** Runs `fn` with `key` marked busy (a button shows it working); a failure goes to `error`. */
async function whileBusy(store: AlertsStore, key: string, fn: () => Promise<void>): Promise<void> {
  store.setState({ busy: { ...store.getState().busy, [key]: true }, error: undefined });
  try {
    await fn();
  } catch (err) {
    store.setState({ error: errorText(err) });
  } finally {
    const busy = { ...store.getState().busy };
    delete busy[key];
    store.setState({ busy });
  }
}

export function ackAlert(store: AlertsStore, client: Invoker, alert: Alert): Promise<void> {
  return whileBusy(store, alert.id ?? alert.key, async () => {
    await client.invoke('hearth.alerts.ack', alert.id ? { id: alert.id } : { key: alert.key });
    const now = Date.now();
    store.setState({ open: store.getState().open.map((x) => (x.key === alert.key && x.acknowledgedAtMs === undefined ? { ...x, acknowledgedAtMs: now } : x)) });
  });
}

/** Key under `busy` while an "acknowledge all" is in flight. */
export const ACK_ALL = '*';

/** Acknowledges every open alert in one call (`hearth.alerts.ack {all: true}`). */
export function ackAllAlerts(store: AlertsStore, client: Invoker): Promise<void> {
  return whileBusy(store, ACK_ALL, async () => {
    const res = await client.invoke('hearth.alerts.ack', { all: true });
    // Only what the gateway acknowledged: an alert raised meanwhile still waits.
    const acked = new Map((res.acknowledged ?? []).map((a) => [a.key, a]));
    store.setState({ open: store.getState().open.map((x) => (x.acknowledgedAtMs === undefined && acked.has(x.key) ? { ...x, acknowledgedAtMs: acked.get(x.key)!.acknowledgedAtMs ?? Date.now() } : x)) });
  });
}
