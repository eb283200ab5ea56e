// Node cards offer "Run a command" only where the run screen can run; an offline machine that
// reported a network card gets Wake instead (as its node page does), in both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { ingestNodeList } from '../../src-renderer/state/nodes-store.ts';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { appServices } from './app-services.ts';

const node = (id: string, extra: Partial<NodeEntry>): NodeEntry => ({
  nodeId: id, displayName: id, platform: 'linux', caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, ...extra,
});
const nic = { name: 'eth0', mac: '02:00:00:00:00:01', address: '192.168.1.20', netmask: '255.255.255.0' };

function renderNodes(lang: 'en' | 'zh-CN') {
  const invoke = vi.fn(async (method: string) => (method === 'hearth.nodes.wake' ? { alreadyOnline: false, sent: [{ mac: nic.mac }] } : {}));
  const s = appServices({ lang, invoke });
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
