// Component tests: the screens render from stores, actions call the client, language switches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore, ingestNodeList } from '../../src-renderer/state/nodes-store.ts';
import { createPendingStore } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';

const hello = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;

function services(lang: 'en' | 'zh-CN' = 'en') {
  const invoke = vi.fn(async (method: string) => {
    if (method === 'node.invoke') return { ok: true, payload: { exitCode: 0, timedOut: false, success: true, stdout: 'Linux box 6.1\n', stderr: '', error: null } };
    if (method === 'hearth.settings.get') return { autoApproveLocal: true };
    if (method === 'device.pair.list') return { pending: [], paired: [] };
    if (method === 'hearth.invocations.list') return { items: [] };
    return {};
  });
  const session = { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() };
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(), storage: createStorageStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: createSetupStore(), i18n: createI18nStore(storage, [lang]),
    },
    client: { invoke: invoke as AppServices['client']['invoke'] },
    session, storage,
  };
  return { s, invoke, session };
}

function renderApp(s: AppServices) {
  return render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('App', () => {
  it('shows the login screen with both ways in, and a plain-words notice', () => {
    const { s, session } = services();
    s.stores.connection.setState({ notice: { via: 'bootstrap', failure: { kind: 'setup-code-invalid', retry: false, message: 'x' } } });
    renderApp(s);
    expect(screen.getByTestId('login-notice').textContent).toMatch(/expired, was already used/);
    fireEvent.change(screen.getByTestId('token-input'), { target: { value: 'T' } });
    fireEvent.click(screen.getByText('Sign in with the token'));
    expect(session.loginWithToken).toHaveBeenCalledWith('T');
  });

  it('shows the pairing wait with the fingerprint and request id', () => {
    const { s } = services();
    s.stores.connection.setState({ state: { status: 'reconnecting', attempt: 1, retryAtMs: Date.now() + 2000, failure: { kind: 'pairing-required', retry: true, message: 'm', requestId: 'req-42' } } });
    renderApp(s);
    const box = screen.getByTestId('pairing-required');
    expect(box.textContent).toContain('ABCD-EF01-2345');
    expect(box.textContent).toContain('req-42');
  });

  it('lists nodes, runs a command on one and shows its output', async () => {
    const { s, invoke } = services();
    s.stores.connection.setState({ state: { status: 'connected', hello, sinceMs: 0 }, everConnected: true });
    ingestNodeList(s.stores.nodes, [{ nodeId: 'n1', displayName: 'laptop', platform: 'linux', caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true }], 0);
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    fireEvent.change(screen.getByTestId('run-command'), { target: { value: "sh -c 'uname -a'" } });
    fireEvent.click(screen.getByTestId('run-submit'));
    await waitFor(() => expect(screen.getByTestId('stdout').textContent).toContain('Linux box'));
    const call = invoke.mock.calls.find((c) => c[0] === 'node.invoke') as unknown as [string, Record<string, unknown>];
    expect(call[1]['params']).toMatchObject({ command: ['sh', '-c', 'uname -a'] });
    expect(screen.getByTestId('exit-code').textContent).toBe('exit 0');
  });

  it('switches to Chinese from settings and keeps the choice', async () => {
    const { s } = services();
    s.stores.connection.setState({ state: { status: 'connected', hello, sinceMs: 0 }, everConnected: true });
    window.location.hash = '#/settings';
    renderApp(s);
    await act(async () => {
      fireEvent.click(screen.getByTestId('lang-zh-CN'));
    });
    expect(screen.getByText('设置', { selector: 'h1' })).toBeTruthy();
    expect(screen.getAllByText('节点').length).toBeGreaterThan(0);
    expect(s.storage.getItem('hearth.lang')).toBe('zh-CN');
  });

  it('shows the reconnecting banner after the link drops', () => {
    const { s } = services();
    s.stores.connection.setState({ state: { status: 'reconnecting', attempt: 2, retryAtMs: Date.now() + 3000, failure: { kind: 'unreachable', retry: true, message: 'm' } }, everConnected: true });
    renderApp(s);
    expect(screen.getByTestId('reconnecting').textContent).toMatch(/Reconnecting/);
  });
});
