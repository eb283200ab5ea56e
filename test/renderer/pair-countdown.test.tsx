// The pairing countdown never starts above the code's lifetime: the screen's clock ticks once a
// second, so the render right after a code arrives can see a `now` older than the code's receipt.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore } from '../../src-renderer/state/nodes-store.ts';
import { createPendingStore } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore, remainingMs } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';

const hello = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('pairing countdown', () => {
  it('counts elapsed time only from receipt and never below zero', () => {
    const code = { receivedAtMs: 10_000, ttlMs: 600_000 };
    expect(remainingMs(code, 9_200)).toBe(600_000);
    expect(remainingMs(code, 10_000)).toBe(600_000);
    expect(remainingMs(code, 70_000)).toBe(540_000);
    expect(remainingMs(code, 700_000)).toBe(0);
  });

  it('shows 10:00, not 10:01, for a fresh 10-minute code seen by a clock that ticked before it arrived', async () => {
    const storage = memoryStorage();
    const setup = createSetupStore();
    // The code arrived 800 ms after the screen's clock last ticked.
    setup.setState({ codes: { operator: { profile: 'operator', setupCode: 'abc', expiresAtMs: 0, receivedAtMs: Date.now() + 800, ttlMs: 600_000 } } });
    const s: AppServices = {
      stores: {
        connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(), storage: createStorageStore(),
        runs: createRunsStore(), settings: createSettingsStore(), setup, i18n: createI18nStore(storage, ['en']),
      },
      client: { invoke: vi.fn(async () => ({})) as AppServices['client']['invoke'] },
      session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
    };
    s.stores.connection.setState({ state: { status: 'connected', hello, sinceMs: 0 }, everConnected: true });
    window.location.hash = '#/pair/phone';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    expect((await screen.findByTestId('countdown')).textContent).toBe('Expires in 10:00');
  });
});
