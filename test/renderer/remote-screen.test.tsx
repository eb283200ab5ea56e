// The Remote screen in zh-CN: the tunnel's last error, a failed `wg show` and the loopback
// warning, each in Chinese (the first two were printed as the gateway's or the tool's English).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { RemoteScreen } from '../../src-renderer/screens/Remote.tsx';
import { appServices } from './app-services.ts';

const TUNNEL = {
  configured: true, enabled: true, state: 'backoff', since: 1, lastError: 'cannot reach vps.example:22 (nothing listens on port 22; is sshd running on the VPS?); retrying in 5 s',
  ssh: { user: 'me', host: 'vps.example', port: 22 }, remote: { bind: '127.0.0.1', port: 18789 }, publicBind: false,
  rttMs: null, rttHistory: [], reconnects: 0, bytesIn: 0, bytesOut: 0, history: [],
};
const NET = {
  tailscale: { present: false, peers: [] },
  wireguard: { present: true, interfaces: [], error: 'Unable to access interface: Operation not permitted' },
  addresses: [],
  warnings: ['the gateway is reachable only from this machine (loopback); for a phone: set up the tunnel (`hearth tunnel set`), or restart with --bind tailnet, or pass --public-url'],
};

afterEach(() => cleanup());

describe('Remote screen in zh-CN', () => {
  it('shows the tunnel error, the WireGuard failure and the loopback warning in Chinese', async () => {
    const invoke = vi.fn(async (method: string) => (method === 'hearth.tunnel.status' ? TUNNEL : method === 'hearth.net.status' ? NET : { peers: [] }));
    render(<AppProvider value={appServices({ lang: 'zh-CN', invoke })}><RemoteScreen /></AppProvider>);
    await waitFor(() => expect(screen.getByTestId('tunnel-error').textContent).toBe('连不上 vps.example:22（端口 22 上没有服务在监听；VPS 上的 sshd 在运行吗？）；5 秒后重试'));
    await waitFor(() => expect(screen.getByTestId('wg-error').querySelector('p')?.textContent).toBe('网关读不到它的 WireGuard 接口（家里电脑上的 wg show 执行失败）。'));
    expect(screen.getByTestId('tailnet-card').textContent).toContain('请在家里的电脑上任选一种');
    expect(document.querySelector('[data-untranslated]')).toBeNull();
  });
});
