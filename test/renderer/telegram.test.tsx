// The Telegram section of the settings screen and exec approvals in the pending list: rendered
// from the gateway's answers, actions call the same methods the CLI does, both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore } from '../../src-renderer/state/nodes-store.ts';
import { applyPairEvent, createPendingStore, refreshPending } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';

const hello = { type: 'hello-ok', protocol: 4, server: { version: '0.1.0', connId: 'c' }, features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 }, auth: { method: 'token', role: 'operator', scopes: [] }, policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30000 } } as HelloOk;

const approval = { id: 'a1b2c3d4-0000-4000-8000-000000000001', nodeId: 'f'.repeat(64), nodeName: 'laptop', argv: ['sh', '-c', 'echo hi'], cwd: '/tmp', env: { GREETING: 'hi' }, createdAtMs: Date.now(), expiresAtMs: Date.now() + 100_000 };

function services(lang: 'en' | 'zh-CN' = 'en', lastError = 'Telegram refused polling (409 Conflict …)') {
  let owners = [{ userId: 42, username: 'alice', name: 'Alice', lang: 'en' }];
  let codes = [{ code: 'K7QX3M9P', userId: 43, username: 'bob', name: 'Bob', expiresAtMs: Date.now() + 3_000_000 }];
  const invoke = vi.fn(async (method: string, params?: unknown) => {
    switch (method) {
      case 'hearth.telegram.status': return { state: 'conflict', bot: { username: 'hearth_home_bot', firstName: 'Hearth' }, owners: owners.length, pending: codes.length, lastUpdateAtMs: null, lastError, mutedUntilMs: null };
      case 'hearth.telegram.pending': return { pending: codes };
      case 'hearth.telegram.users': return { owners };
      case 'hearth.telegram.approve': {
        const c = codes.find((x) => x.code === (params as { code: string }).code)!;
        codes = [];
        owners = [...owners, { userId: c.userId, username: c.username, name: c.name, lang: 'en' }];
        return { owner: owners.at(-1) };
      }
      case 'exec.approval.list': return { pending: [approval], recent: [], timeoutMs: 120000 };
      case 'exec.approval.resolve': return { ...approval, state: (params as { decision: string }).decision };
      case 'device.pair.list': return { pending: [], paired: [] };
      case 'node.pair.list': return { pending: [], paired: [] };
      case 'node.list': return { ts: 1, nodes: [] };
      case 'hearth.settings.get': return { autoApproveLocal: true };
      default: return {};
    }
  });
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD-EF01-2345'), nodes: createNodesStore(), pending: createPendingStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: createSetupStore(), storage: createStorageStore(), i18n: createI18nStore(storage, [lang]),
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

describe('Telegram settings', () => {
  it('shows the state, bot, last error, codes and owners; admitting a code calls hearth.telegram.approve', async () => {
    const { s, invoke } = services();
    window.location.hash = '#/settings';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    await waitFor(() => expect(screen.getByTestId('telegram-state').textContent).toBe('Conflict: another poller uses this token'));
    expect(screen.getByText('@hearth_home_bot')).toBeTruthy();
    expect(screen.getByTestId('telegram-error').textContent).toMatch(/409 Conflict/);
    expect(screen.getByTestId('telegram-code').textContent).toMatch(/K7QX3M9P.*@bob/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    });
    expect(invoke).toHaveBeenCalledWith('hearth.telegram.approve', { code: 'K7QX3M9P' }, { timeoutMs: 30_000 });
    await waitFor(() => expect(screen.getAllByTestId('telegram-owner').length).toBe(2));
  });

  it('reads in Chinese', async () => {
    const { s } = services('zh-CN');
    window.location.hash = '#/settings';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    await waitFor(() => expect(screen.getByTestId('telegram-state').textContent).toBe('冲突：另一个程序在用这个令牌轮询'));
    expect(screen.getByText('Telegram 机器人')).toBeTruthy();
    expect(screen.getByRole('button', { name: '批准' })).toBeTruthy();
  });

  it('shows the last polling error of the bot in Chinese', async () => {
    const { s } = services('zh-CN', "Telegram refused polling (409 Conflict: terminated by other getUpdates request): another program is polling this bot token, or a webhook is set for it. Stop the other Hearth gateway or bot using the same token (or remove the webhook with the Bot API's deleteWebhook), then Hearth resumes by itself");
    window.location.hash = '#/settings';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    await waitFor(() => expect(screen.getByTestId('telegram-error').textContent).toContain('Telegram 拒绝了轮询（409 Conflict: terminated by other getUpdates request）：另一个程序在用这个机器人令牌轮询'));
  });
});

describe('exec approvals in the pending list', () => {
  it('lists what would run and answers with exec.approval.resolve; events add and remove entries', async () => {
    const { s, invoke } = services();
    await refreshPending(s.stores.pending, s.client);
    expect(s.stores.pending.getState().exec.map((a) => a.id)).toEqual([approval.id]);
    window.location.hash = '#/nodes';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    const card = await screen.findByTestId('pending-exec');
    expect(card.textContent).toMatch(/laptop/);
    expect(card.textContent).toMatch(/sh -c 'echo hi'|sh -c "echo hi"/);
    expect(card.textContent).toMatch(/\/tmp/);
    expect(card.textContent).toMatch(/GREETING=hi/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Always allow' }));
    });
    expect(invoke).toHaveBeenCalledWith('exec.approval.resolve', { id: approval.id, decision: 'allow-always' });
    expect(s.stores.pending.getState().exec).toEqual([]);
    act(() => applyPairEvent(s.stores.pending, 'exec.approval.requested', approval));
    expect(s.stores.pending.getState().exec.length).toBe(1);
    act(() => applyPairEvent(s.stores.pending, 'exec.approval.resolved', { ...approval, state: 'deny' }));
    expect(s.stores.pending.getState().exec.length).toBe(0);
  });
});
