/** Connection and session state for the UI: the client's state plus the login notice. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionState } from '../client/gateway-client.ts';
import type { LoginNotice } from '../session/session.ts';

export interface ConnectionSlice {
  state: ConnectionState;
  notice: LoginNotice | undefined;
  /** Whether this browser has ever connected in this page's life (drives "reconnecting" vs "connecting"). */
  everConnected: boolean;
  deviceId: string;
  fingerprint: string;
}

export type ConnectionStore = StoreApi<ConnectionSlice>;

/** Creates the connection store. */
export function createConnectionStore(deviceId: string, fingerprint: string): ConnectionStore {
  return createStore<ConnectionSlice>(() => ({
    state: { status: 'idle' },
    notice: undefined,
    everConnected: false,
    deviceId,
    fingerprint,
  }));
}

/** Feeds client states into the store. */
export function applyConnectionState(store: ConnectionStore, state: ConnectionState): void {
  store.setState((s) => ({ state, everConnected: s.everConnected || state.status === 'connected' }));
}
