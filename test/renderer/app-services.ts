// The services the phone UI's App runs on, for renderer tests: fresh stores, an invoke the test
// supplies, a stub session, and (by default) a connection that has said hello-ok.
import { vi } from 'vitest';
import type { AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore } from '../../src-renderer/state/nodes-store.ts';
import { createPendingStore } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';

export const HELLO = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;

/** Marks the services' connection as connected (hello-ok received). */
export function markConnected(s: AppServices): void {
  s.stores.connection.setState({ state: { status: 'connected', hello: HELLO, sinceMs: 0 }, everConnected: true });
}

export function appServices(opts: { lang?: 'en' | 'zh-CN'; invoke?: (method: string, params?: unknown) => Promise<unknown>; setup?: AppServices['stores']['setup']; connected?: boolean } = {}): AppServices {
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(), storage: createStorageStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: opts.setup ?? createSetupStore(), i18n: createI18nStore(storage, [opts.lang ?? 'en']),
    },
    client: { invoke: (opts.invoke ?? vi.fn(async () => ({}))) as AppServices['client']['invoke'] },
    session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
  };
  if (opts.connected !== false) markConnected(s);
  return s;
}
