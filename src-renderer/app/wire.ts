/**
 * Connects the client's events to the stores: every (re)connect refreshes the lists (events
 * missed while offline are not replayed), then events keep them current.
 */
import { INTERNAL_REQUESTER_PREFIX } from '../../src-shared/protocol/constants.ts';
import type { GatewayClient } from '../client/gateway-client.ts';
import { applyConnectionState } from '../state/connection-store.ts';
import { applyHostStats, applyPresence, refreshNodes } from '../state/nodes-store.ts';
import { applyPairEvent, refreshPending } from '../state/pending-store.ts';
import { loadHistory } from '../state/runs-store.ts';
import { applyAlertEvent, refreshAlerts } from '../state/alerts-store.ts';
import { applyStorageChanged, refreshStorage } from '../state/storage-store.ts';
import type { AppStores } from './context.tsx';

const PAIR_EVENTS = ['device.pair.requested', 'device.pair.resolved', 'node.pair.requested', 'node.pair.resolved', 'exec.approval.requested', 'exec.approval.resolved'] as const;

/** Subscribes the stores to the client; returns a function undoing it. */
export function wireStores(client: GatewayClient, stores: AppStores, now: () => number = Date.now): () => void {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  // Bursts of presence/pairing events cause one node.list, not one per event.
  const refreshNodesSoon = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshNodes(stores.nodes, client, now), 150);
  };
  const offs = [
    client.subscribe((s) => applyConnectionState(stores.connection, s)),
    client.onHello(() => {
      void refreshNodes(stores.nodes, client, now);
      void refreshPending(stores.pending, client);
      void refreshStorage(stores.storage, client);
      if (stores.alerts) void refreshAlerts(stores.alerts, client);
    }),
    client.on('hearth.storage.changed', (p) => applyStorageChanged(stores.storage, p)),
    client.on('hearth.alert', (p) => { if (stores.alerts) applyAlertEvent(stores.alerts, p); }),
    client.on('node.hostStats', (p) => applyHostStats(stores.nodes, p, now())),
    client.on('presence', (p) => {
      applyPresence(stores.nodes, p);
      refreshNodesSoon();
    }),
    // The audit log changed: refresh the history of that node if a screen has loaded it.
    // (Not for runs the gateway's own modules asked for: history pages leave those out.)
    client.on('hearth.invocation', (p) => {
      const { nodeId, requestedBy } = (p as { nodeId?: string; requestedBy?: string } | undefined) ?? {};
      if (requestedBy?.startsWith(INTERNAL_REQUESTER_PREFIX)) return;
      if (nodeId && stores.runs.getState().historyStatus[nodeId] === 'ok') void loadHistory(stores.runs, client, nodeId);
    }),
    ...PAIR_EVENTS.map((ev) =>
      client.on(ev, (p) => {
        applyPairEvent(stores.pending, ev, p);
        refreshNodesSoon();
      }),
    ),
  ];
  applyConnectionState(stores.connection, client.getState());
  return () => {
    clearTimeout(refreshTimer);
    for (const off of offs) off();
  };
}
