/**
 * An in-memory alert bus for unit tests of sources: de-duplicates by key and tells subscribers about raises and
 * clears. The gateway itself uses the persisted bus (alerts/sqlite-bus.ts: hysteresis, history, ack).
 */
import type { Alert, AlertBus, AlertInput } from '../modules/types.ts';

export function createMemoryAlertBus(clock: () => number = Date.now): AlertBus {
  const openAlerts = new Map<string, Alert>();
  const listeners = new Set<(a: Alert, change: 'raised' | 'updated' | 'cleared') => void>();
  const emit = (a: Alert, change: 'raised' | 'updated' | 'cleared') => {
    for (const l of listeners) {
      try {
        l(a, change);
      } catch {
        // A failing listener must not stop the others or the source.
      }
    }
  };
  return {
    raise(input: AlertInput) {
      const now = clock();
      const prior = openAlerts.get(input.key);
      if (prior && prior.message === input.message && prior.severity === input.severity) return;
      const alert: Alert = { ...input, state: 'open', raisedAtMs: prior?.raisedAtMs ?? now, updatedAtMs: now };
      openAlerts.set(input.key, alert);
      emit(alert, prior ? 'updated' : 'raised');
    },
    clear(key: string) {
      const prior = openAlerts.get(key);
      if (!prior) return;
      openAlerts.delete(key);
      const now = clock();
      emit({ ...prior, state: 'cleared', updatedAtMs: now, clearedAtMs: now }, 'cleared');
    },
    open: () => [...openAlerts.values()].sort((a, b) => b.raisedAtMs - a.raisedAtMs),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
