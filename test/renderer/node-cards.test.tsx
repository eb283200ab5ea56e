// Node cards offer "Run a command" only where the run screen can run; an offline machine that
// reported a network card gets Wake instead (as its node page does), in both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
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
import type { HelloOk, NodeEntry } from '../../src-shared/protocol/types.ts';

const hello = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;
const node = (id: string, extra: Partial<NodeEntry>): NodeEntry => ({
  nodeId: id, displayName: id, platform: 'linux', caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, ...extra,
});
const nic = { name: 'eth0', mac: '02:00:00:00:00:01', address: '192.168.1.20', netmask: '255.255.255.0' };

function renderNodes(lang: 'en' | 'zh-CN') {
  const invoke = vi.fn(async (method: string) => (method === 'hearth.nodes.wake' ? { alreadyOnline: false, sent: [{ mac: nic.mac }] } : {}));
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(), storage: createStorageStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: createSetupStore(), i18n: createI18nStore(storage, [lang]),
    },
    client: { invoke: invoke as AppServices['client']['invoke'] },
    session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
  };
  s.stores.connection.setState({ state: { status: 'connected', hello, sinceMs: 0 }, everConnected: true });
  ingestNodeList(s.stores.nodes, [
    node('up', {}),
    node('asleep', { connected: false, lastSeenAtMs: Date.now() - 60_000, interfaces: [nic] }),
    node('gone', { connected: false, lastSeenAtMs: Date.now() - 60_000 }),
  ], 0);
  window.location.hash = '#/nodes';
  render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
  return invoke;
}

const card = async (name: string) => (await screen.findAllByTestId('node-card')).find((c) => c.dataset.name === name)!;

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('node cards', () => {
  it('offer Run only on an online node, Wake on an offline one with a known network card', async () => {
    const invoke = renderNodes('en');
    const up = await card('up');
    expect(within(up).getByTestId('node-card-open').textContent).toBe('Run a command');
    expect(within(up).queryByText('Wake')).toBeNull();

    const asleep = await card('asleep');
    expect(asleep.textContent).not.toContain('Run a command');
    expect(within(asleep).getByTestId('node-card-open').textContent).toBe('Details');
    fireEvent.click(within(asleep).getByText('Wake'));
    await waitFor(() => expect(within(asleep).getByTestId('wake-outcome').textContent).toContain('Wake packet sent (1)'));
    expect(invoke).toHaveBeenCalledWith('hearth.nodes.wake', { node: 'asleep' });

    // Never reported a network card: no Wake on the card (its page explains why Wake may not reach it).
    const gone = await card('gone');
    expect(gone.textContent).not.toContain('Run a command');
    expect(within(gone).queryByText('Wake')).toBeNull();
  });

  it('say it in Chinese', async () => {
    renderNodes('zh-CN');
    expect(within(await card('up')).getByTestId('node-card-open').textContent).toBe('运行命令');
    const asleep = await card('asleep');
    expect(asleep.textContent).not.toContain('运行命令');
    expect(within(asleep).getByTestId('node-card-open').textContent).toBe('查看详情');
    expect(within(asleep).getByText('唤醒')).toBeTruthy();
  });
});
