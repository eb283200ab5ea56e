// The run screen: the timeout starts at the default on every node and says when it differs;
// a node that cannot run says why (Approve when approval is why); history pages by cursor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { ingestNodeList } from '../../src-renderer/state/nodes-store.ts';
import { HISTORY_PAGE_SIZE, loadHistory } from '../../src-renderer/state/runs-store.ts';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { appServices } from './app-services.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';

const node = (id: string, extra: Partial<NodeEntry> = {}): NodeEntry => ({
  nodeId: id, displayName: id, caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, ...extra,
});

/** 45 audit records, newest first, paged like the gateway (cursor = index of the next one). */
const AUDIT = Array.from({ length: 45 }, (_, i) => ({ id: `r${i}`, nodeId: 'n1', command: 'system.run', argv: ['echo', String(i)], exitCode: 0, timedOut: false, durationMs: 1, finishedAtMs: 2, startedAtMs: 10_000 - i, requestedBy: 'me' }));
function auditPage(p: { limit?: number; before?: string }) {
  const start = p.before ? Number(p.before) : 0;
  const limit = p.limit ?? 50;
  const items = AUDIT.slice(start, start + limit);
  return start + limit < AUDIT.length ? { items, nextBefore: String(start + limit) } : { items };
}

function services(lang: 'en' | 'zh-CN' = 'en') {
  const invoke = vi.fn(async (method: string, params?: unknown) => {
    if (method === 'node.invoke') return { ok: true, payload: { exitCode: 0, timedOut: false, success: true, stdout: 'ok\n', stderr: '', error: null } };
    if (method === 'hearth.invocations.list') return auditPage(params as { limit?: number; before?: string });
    return {};
  });
  const s = appServices({ lang, invoke });
  return { s, invoke };
}

const renderApp = (s: AppServices) => render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('run screen', () => {
  it('the timeout starts at 30 s on each node, shows when it was changed, and resets on another node', async () => {
    const { s, invoke } = services();
    ingestNodeList(s.stores.nodes, [node('n1'), node('n2')], 0);
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    expect((screen.getByTestId('run-timeout') as HTMLInputElement).value).toBe('30');
    expect(screen.getByTestId('run-timeout-hint').textContent).toBe('Default timeout: 30 s.');
    fireEvent.change(screen.getByTestId('run-timeout'), { target: { value: '120' } });
    expect(screen.getByTestId('run-timeout-hint').textContent).toContain('Timeout 120 s for runs on this node (default 30 s).');
    fireEvent.change(screen.getByTestId('run-command'), { target: { value: 'true' } });
    fireEvent.click(screen.getByTestId('run-submit'));
    await waitFor(() => expect(within(screen.getByTestId('run-result')).getByTestId('exit-code').textContent).toBe('exit 0'));
    const call = invoke.mock.calls.find((c) => c[0] === 'node.invoke') as unknown as [string, { params: { timeoutMs: number } }];
    expect(call[1].params.timeoutMs).toBe(120_000);
    // Still remembered (and said) for the next run on this node...
    expect((screen.getByTestId('run-timeout') as HTMLInputElement).value).toBe('120');
    // ...but another node starts from the default.
    await act(async () => { window.location.hash = '#/nodes/n2'; window.dispatchEvent(new HashChangeEvent('hashchange')); });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('n2'));
    expect((screen.getByTestId('run-timeout') as HTMLInputElement).value).toBe('30');
    fireEvent.change(screen.getByTestId('run-timeout'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('run-timeout-reset'));
    expect((screen.getByTestId('run-timeout') as HTMLInputElement).value).toBe('30');
  });

  it('shell syntax is said before Run, and one tap runs the line through sh -c', async () => {
    const { s, invoke } = services('zh-CN');
    ingestNodeList(s.stores.nodes, [node('n1', { platform: 'linux' })], 0);
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    fireEvent.change(screen.getByTestId('run-command'), { target: { value: 'uname -a' } });
    expect(screen.queryByTestId('run-shell-hint')).toBeNull();
    fireEvent.change(screen.getByTestId('run-command'), { target: { value: 'for i in 1 2; do echo $i; done' } });
    expect(screen.getByTestId('run-shell-hint').textContent).toContain('“for”是命令解释器的语法');
    fireEvent.click(screen.getByTestId('run-use-shell'));
    expect((screen.getByTestId('run-command') as HTMLInputElement).value).toBe(`sh -c 'for i in 1 2; do echo $i; done'`);
    expect(screen.queryByTestId('run-shell-hint')).toBeNull();
    fireEvent.click(screen.getByTestId('run-submit'));
    await waitFor(() => expect(invoke.mock.calls.some((c) => c[0] === 'node.invoke')).toBe(true));
    const call = invoke.mock.calls.find((c) => c[0] === 'node.invoke') as unknown as [string, { params: { command: string[] } }];
    expect(call[1].params.command).toEqual(['sh', '-c', 'for i in 1 2; do echo $i; done']);
  });

  it('Overview counts the same machines as its diagram: one waiting to join is one of them', () => {
    const { s } = services();
    ingestNodeList(s.stores.nodes, [node('n1'), node('n2', { connected: false })], 0);
    s.stores.pending.setState({ devices: [{ requestId: 'd1', deviceId: 'newbox', publicKey: 'k', displayName: 'newbox', role: 'node', roles: ['node'], scopes: [], silent: false, isRepair: false, ts: 1 }] });
    window.location.hash = '#/';
    renderApp(s);
    expect(screen.getByTestId('count-online').textContent).toBe('1/3');
    expect(screen.getByTestId('topo-gateway').textContent).toContain('1/3 online · 1 waiting');
  });

  it('an exec approval (--exec ask) is counted on Overview and the Nodes tab, and offered on its node page', async () => {
    const { s, invoke } = services('zh-CN');
    ingestNodeList(s.stores.nodes, [node('n1'), node('n2')], 0);
    const ask = { id: 'ex1', nodeId: 'n1', nodeName: 'n1', argv: ['uname', '-a'], createdAtMs: Date.now(), expiresAtMs: Date.now() + 120_000 };
    s.stores.pending.setState({ exec: [ask] });
    window.location.hash = '#/';
    const view = renderApp(s);
    expect(screen.getByTestId('count-pending').textContent).toBe('1');
    expect(screen.getByTestId('pending-badge').textContent).toBe('1');
    view.unmount();
    window.location.hash = '#/nodes/n2';
    const other = renderApp(s);
    expect(screen.queryByTestId('pending-exec')).toBeNull();
    other.unmount();
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    const card = screen.getByTestId('pending-exec');
    expect(card.textContent).toContain('uname -a');
    await act(async () => { fireEvent.click(within(card).getByText('允许一次')); });
    expect(invoke).toHaveBeenCalledWith('exec.approval.resolve', { id: 'ex1', decision: 'allow-once' });
    await waitFor(() => expect(screen.queryByTestId('pending-exec')).toBeNull());
  });

  it('a node awaiting approval shows why and an Approve button that approves its request', async () => {
    const { s, invoke } = services();
    ingestNodeList(s.stores.nodes, [node('n1', { approvalState: 'pending-approval' })], 0);
    s.stores.pending.setState({ nodes: [{ requestId: 'np1', nodeId: 'n1', caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 1 }] });
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    expect(screen.queryByTestId('run-submit')).toBeNull();
    expect(screen.getByTestId('run-blocked').getAttribute('data-reason')).toBe('awaiting-approval');
    await act(async () => { fireEvent.click(screen.getByTestId('run-approve')); });
    expect(invoke).toHaveBeenCalledWith('node.pair.approve', { requestId: 'np1' });
  });

  it('offline, no system.run and gateway unreachable each say so, in Chinese too', () => {
    const { s } = services('zh-CN');
    ingestNodeList(s.stores.nodes, [node('off', { connected: false, lastSeenAtMs: Date.now() - 5 * 60_000, hostStats: { cpuCount: 2, loadAverage: [1, 1, 1], memoryTotalBytes: 10, memoryFreeBytes: 5, diskTotalBytes: 10, diskAvailableBytes: 5, updatedAtMs: Date.now() - 5 * 60_000 } }), node('bare', { commands: ['system.which'] })], 0);
    window.location.hash = '#/nodes/off';
    const view = renderApp(s);
    expect(screen.getByTestId('run-blocked').textContent).toContain('这个节点离线（最后在线：5 分钟前）');
    expect(screen.getByTestId('stats-stale')).toBeTruthy();
    view.unmount();
    window.location.hash = '#/nodes/bare';
    const v2 = renderApp(s);
    expect(screen.getByTestId('run-blocked').getAttribute('data-reason')).toBe('no-system-run');
    v2.unmount();
    s.stores.connection.setState({ state: { status: 'reconnecting', attempt: 1, retryAtMs: Date.now() + 1000, failure: { kind: 'unreachable', retry: true, message: 'socket closed' } } });
    renderApp(s);
    expect(screen.getByTestId('run-blocked').getAttribute('data-reason')).toBe('gateway-unreachable');
    expect(screen.getByTestId('node-state').getAttribute('data-state')).toBe('unknown');
  });
});

describe('history paging', () => {
  it('walks older and newer pages of 20 with the gateway cursor', async () => {
    const { s, invoke } = services();
    const inv: Invoker = { invoke: invoke as Invoker['invoke'] };
    await loadHistory(s.stores.runs, inv, 'n1');
    const ids = () => s.stores.runs.getState().history['n1']!.map((r) => r.id);
    expect(ids()).toEqual(AUDIT.slice(0, 20).map((r) => r.id));
    expect(invoke).toHaveBeenLastCalledWith('hearth.invocations.list', { limit: HISTORY_PAGE_SIZE, nodeId: 'n1' });
    await loadHistory(s.stores.runs, inv, 'n1', 'older');
    expect(ids()[0]).toBe('r20');
    await loadHistory(s.stores.runs, inv, 'n1', 'older');
    expect(ids()).toEqual(['r40', 'r41', 'r42', 'r43', 'r44']);
    expect(s.stores.runs.getState().historyPage['n1']!.nextBefore).toBeUndefined();
    // No further page: nothing is asked for.
    const calls = invoke.mock.calls.length;
    await loadHistory(s.stores.runs, inv, 'n1', 'older');
    expect(invoke.mock.calls.length).toBe(calls);
    // A refresh (a run finished) keeps the page; newer goes back one.
    await loadHistory(s.stores.runs, inv, 'n1');
    expect(ids()[0]).toBe('r40');
    await loadHistory(s.stores.runs, inv, 'n1', 'newer');
    expect(ids()[0]).toBe('r20');
  });

  it('the node screen shows one page with Newer / Older buttons', async () => {
    const { s } = services();
    ingestNodeList(s.stores.nodes, [node('n1')], 0);
    window.location.hash = '#/nodes/n1';
    renderApp(s);
    await waitFor(() => expect(screen.getAllByTestId('history-item')).toHaveLength(20));
    expect((screen.getByTestId('history-newer') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => { fireEvent.click(screen.getByTestId('history-older')); });
    await waitFor(() => expect(screen.getByTestId('history-page').textContent).toBe('Page 2 · 20 per page'));
    expect(screen.getAllByTestId('history-item')[0]!.textContent).toContain('echo 20');
  });
});
