// The Wake button on an offline node: shown only while the node is offline, calls
// hearth.nodes.wake with the node id, reports the result, in both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { WakeButton } from '../../src-renderer/ui/WakeButton.tsx';

function services(lang: 'en' | 'zh-CN', invoke: (m: string, p?: unknown) => Promise<unknown>): AppServices {
  const storage = memoryStorage();
  return {
    stores: { i18n: createI18nStore(storage, [lang]) } as unknown as AppServices['stores'],
    client: { invoke: invoke as AppServices['client']['invoke'] },
    session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
  };
}

afterEach(() => cleanup());

describe('wake button', () => {
  it('asks the gateway to wake that node and says the packet went out', async () => {
    const invoke = vi.fn(async () => ({ alreadyOnline: false, sent: [{ mac: '02:00:00:00:00:01' }] }));
    render(<AppProvider value={services('en', invoke)}><WakeButton nodeId="n1" canWake /></AppProvider>);
    expect(screen.getByTestId('wake').textContent).toContain('Wake-on-LAN packet from the gateway');
    fireEvent.click(screen.getByText('Wake'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Wake packet sent (1). The machine appears here once its node reconnects.'));
    expect(invoke).toHaveBeenCalledWith('hearth.nodes.wake', { node: 'n1' });
  });

  it('shows the gateway\'s refusal, and speaks Chinese', async () => {
    const invoke = vi.fn(async () => { throw new Error('laptop never reported a network card with a MAC address (it does while connected); give its MAC, and enable Wake-on-LAN in its firmware and OS'); });
    render(<AppProvider value={services('zh-CN', invoke)}><WakeButton nodeId="n1" canWake={false} /></AppProvider>);
    expect(screen.getByTestId('wake').textContent).toContain('从未报告过网卡');
    fireEvent.click(screen.getByText('唤醒'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('laptop 从未报告过带 MAC 地址的网卡（它在连接时会报告）；请提供它的 MAC 地址，并在它的固件和系统里启用网络唤醒'));
  });
});
