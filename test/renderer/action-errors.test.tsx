// A button's refusal from the gateway in zh-CN: approving a request someone else already
// decided used to print the gateway's English in the alert box under the request.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { PendingRequests } from '../../src-renderer/ui/PendingRequests.tsx';
import { appServices } from './app-services.ts';

afterEach(() => cleanup());

describe('refusals of action buttons in zh-CN', () => {
  it('says in Chinese that the pairing request is gone', async () => {
    const invoke = vi.fn(async () => { throw new Error('unknown or expired device pairing request: d1 (already decided elsewhere, or expired; see device.pair.list)'); });
    const s = appServices({ lang: 'zh-CN', invoke });
    s.stores.pending.setState({ devices: [{ requestId: 'd1', deviceId: 'newbox', publicKey: 'k', displayName: 'newbox', role: 'operator', roles: ['operator'], scopes: [], silent: false, isRepair: false, ts: 1 }] });
    render(<AppProvider value={s}><PendingRequests now={2} /></AppProvider>);
    fireEvent.click(screen.getByText('批准'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('这个配对请求已经不在了（已在别处处理，或已过期）'));
  });

  it('folds a refusal it has no words for under "Technical details" instead of mixing in English', async () => {
    const invoke = vi.fn(async () => { throw new Error('something the UI has never seen'); });
    const s = appServices({ lang: 'zh-CN', invoke });
    s.stores.pending.setState({ nodes: [{ requestId: 'np1', nodeId: 'n1', caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 1 }] });
    render(<AppProvider value={s}><PendingRequests now={2} /></AppProvider>);
    fireEvent.click(screen.getByText('拒绝'));
    await waitFor(() => expect(screen.getByRole('alert').querySelector('details[data-untranslated] summary')?.textContent).toBe('技术细节'));
  });
});
