// Alerts in the UI: the header badge counts open alerts, the screen lists them with Acknowledge,
// events keep it live, and both languages render.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { ackAllAlerts, applyAlertEvent, createAlertsStore, refreshAlerts } from '../../src-renderer/state/alerts-store.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore } from '../../src-renderer/state/nodes-store.ts';
import { createPendingStore } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import type { Alert } from '../../src-shared/protocol/alerts.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';

const hello = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;

const offline: Alert = { id: '7', key: 'node.offline:n1', source: 'alerts', severity: 'warning', message: 'node laptop has been offline for more than 1 min', state: 'open', raisedAtMs: Date.now() - 120_000, updatedAtMs: Date.now() - 120_000 };

function services(lang: 'en' | 'zh-CN' = 'en') {
  const invoke = vi.fn(async (method: string) => {
    if (method === 'hearth.alerts.list') return { ts: 1, open: 1, unacknowledged: 1, alerts: [offline] };
    if (method === 'hearth.alerts.ack') return { acknowledged: [{ ...offline, acknowledgedAtMs: 1 }, { ...offline, id: '8', key: 'gateway.disk', message: 'disk', acknowledgedAtMs: 1 }] };
    return {};
  });
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: createSetupStore(), i18n: createI18nStore(storage, [lang]),
      alerts: createAlertsStore(), storage: createStorageStore(),
    },
    client: { invoke: invoke as AppServices['client']['invoke'] },
    session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
  };
  s.stores.connection.setState({ state: { status: 'connected', hello, sinceMs: 0 }, everConnected: true });
  return { s, invoke };
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('alerts', () => {
  it('badge, list, acknowledge, then a cleared event empties it', async () => {
    const { s, invoke } = services();
    await refreshAlerts(s.stores.alerts!, s.client);
    window.location.hash = '#/alerts';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    expect(screen.getByTestId('alerts-badge').textContent).toContain('1');
    expect(screen.getByTestId('alert-row').textContent).toContain('node laptop has been offline');
    fireEvent.click(screen.getByTestId('alert-ack'));
    await waitFor(() => expect(screen.getByTestId('alert-acked')).toBeTruthy());
    expect(invoke).toHaveBeenCalledWith('hearth.alerts.ack', { id: '7' });
    expect(screen.getByTestId('alerts-badge').className).toContain('quiet');
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'cleared', alert: { ...offline, state: 'cleared', clearedAtMs: Date.now() } }));
    expect(screen.queryByTestId('alerts-badge')).toBeNull();
    expect(screen.getByTestId('alerts-none')).toBeTruthy();
  });

  it('two or more waiting: one button acknowledges them all (hearth.alerts.ack {all}); with one left it goes', async () => {
    const { s, invoke } = services('zh-CN');
    window.location.hash = '#/alerts';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: offline }));
    expect(screen.queryByTestId('alerts-ack-all')).toBeNull();
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: { ...offline, id: '8', key: 'gateway.disk', message: 'disk' } }));
    expect(screen.getByTestId('alerts-ack-all').textContent).toBe('全部确认（2 条）');
    fireEvent.click(screen.getByTestId('alerts-ack-all'));
    await waitFor(() => expect(screen.getAllByTestId('alert-acked')).toHaveLength(2));
    expect(invoke).toHaveBeenCalledWith('hearth.alerts.ack', { all: true });
    expect(screen.queryByTestId('alerts-ack-all')).toBeNull();
    // One raised while the answer was on its way is not marked: the gateway did not acknowledge it.
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: { ...offline, id: '9', key: 'pairing.device:x', message: 'new' } }));
    await act(async () => { await ackAllAlerts(s.stores.alerts!, s.client); });
    expect(s.stores.alerts!.getState().open.find((a) => a.key === 'pairing.device:x')?.acknowledgedAtMs).toBeUndefined();
  });

  it('raised events add alerts live, and zh-CN renders', async () => {
    const { s } = services('zh-CN');
    window.location.hash = '#/alerts';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: { ...offline, severity: 'critical' } }));
    expect(screen.getByTestId('alert-row').textContent).toContain('严重');
    expect(screen.getByText('确认')).toBeTruthy();
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'updated', alert: { ...offline, message: 'changed' } }));
    expect(screen.getAllByTestId('alert-row')).toHaveLength(1);
  });

  it('zh-CN: an alert whose sentence has no translation still says what it is about', async () => {
    const { s } = services('zh-CN');
    window.location.hash = '#/alerts';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: { ...offline, id: '10', key: 'config.reload', source: 'config', message: 'a sentence no template knows' } }));
    expect(screen.getByTestId('alert-untranslated').textContent).toBe('来自配置的告警；说明暂时只有英文原文（见下方）。');
    expect(screen.getByTestId('alert-row').textContent).toContain('a sentence no template knows');
    // A translated one needs no such line.
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'cleared', alert: { ...offline, id: '10', key: 'config.reload', state: 'cleared', clearedAtMs: Date.now() } }));
    act(() => applyAlertEvent(s.stores.alerts!, { change: 'raised', alert: { ...offline, message: 'node laptop has been offline for more than 1 min; check that its machine is on and its Hearth node is running' } }));
    expect(screen.getByTestId('alert-row').textContent).toContain('节点 laptop 已离线超过 1 分钟');
    expect(screen.queryByTestId('alert-untranslated')).toBeNull();
    // Each open alert leads to the screen that deals with it.
    expect(screen.getByTestId('alert-link').getAttribute('href')).toBe('#/nodes/n1');
    expect(screen.getByTestId('alert-link').textContent).toBe('查看这个节点 →');
  });
});
