/** The app's services and stores, handed to components through one React context. */
import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionStore } from '../state/connection-store.ts';
import type { NodesStore } from '../state/nodes-store.ts';
import type { PendingStore } from '../state/pending-store.ts';
import type { RunsStore } from '../state/runs-store.ts';
import type { SettingsStore } from '../state/settings-store.ts';
import type { SetupStore } from '../state/setup-store.ts';
import { createAlertsStore, type AlertsStore } from '../state/alerts-store.ts';
import type { StorageStore } from '../state/storage-store.ts';
import type { Invoker } from '../state/invoker.ts';
import { translate, type I18nStore, type MessageKey } from '../i18n/i18n.ts';
import type { StorageLike } from '../lib/storage.ts';

export interface AppStores {
  connection: ConnectionStore;
  nodes: NodesStore;
  pending: PendingStore;
  runs: RunsStore;
  settings: SettingsStore;
  setup: SetupStore;
  storage: StorageStore;
  i18n: I18nStore;
  /** Optional so hosts and tests built before alerts still work (an empty store stands in). */
  alerts?: AlertsStore;
}

/** What the login screen and the settings screen may ask of the session. */
export interface SessionActions {
  loginWithToken(token: string): void;
  loginWithSetupCode(input: string): boolean;
  logout(): void;
}

export interface AppServices {
  stores: AppStores;
  client: Invoker;
  session: SessionActions;
  storage: StorageLike;
}

const Ctx = createContext<AppServices | null>(null);

export const AppProvider = Ctx.Provider;

/** The app services; throws outside the provider (a programming error). */
export function useApp(): AppServices {
  const v = useContext(Ctx);
  if (!v) throw new Error('AppProvider missing');
  return v;
}

/** Selects a narrow slice of one store. */
export function useSlice<S, T>(pick: (stores: AppStores) => StoreApi<S>, selector: (s: S) => T): T {
  return useStore(pick(useApp().stores), selector);
}

const NO_ALERTS = createAlertsStore();

/** The alerts store (or an empty one when the host has none). */
export function alertsStoreOf(stores: AppStores): AlertsStore {
  return stores.alerts ?? NO_ALERTS;
}

/** The translate function for the current language. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  return useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars), [lang]);
}
