// Stores fed by a fake invoker and by event payloads shaped like the gateway's (SPEC §7, §10).
import { describe, expect, it } from 'vitest';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { applyHostStats, applyPresence, createNodesStore, ingestNodeList, MAX_SAMPLES, toSample } from '../../src-renderer/state/nodes-store.ts';
import { applyPairEvent, createPendingStore, decide, refreshPending } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore, loadHistory, runCommand } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore, deviceAction, loadSettings, setAutoApprove } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore, mintSetupCode } from '../../src-renderer/state/setup-store.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';

const stats = { cpuCount: 4, loadAverage: [2, 1, 1], memoryTotalBytes: 1000, memoryFreeBytes: 250, diskTotalBytes: 100, diskAvailableBytes: 10 };
const node = (id: string, extra: Partial<NodeEntry> = {}): NodeEntry => ({
  nodeId: id, displayName: id, caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [],
  approvalState: 'approved', paired: true, connected: true, ...extra,
});

/** An invoker answering from a table; records calls; unknown methods fail like the gateway. */
function fakeInvoker(table: Record<string, (p: unknown) => unknown>) {
  const calls: { method: string; params: unknown }[] = [];
  const inv: Invoker = {
    invoke: async <T,>(method: string, params?: unknown) => {
      calls.push({ method, params });
      const f = table[method];
      if (!f) throw new Error(`unknown method: ${method}`);
      return f(params) as T;
    },
  };
  return { inv, calls };
}

describe('nodes store', () => {
  it('turns host stats into fractions', () => {
    expect(toSample(stats, 5)).toEqual({ t: 5, load: 0.5, mem: 0.75, disk: 0.9 });
  });

  it('ingests node.list, appends hostStats events, and caps the ring', () => {
    const s = createNodesStore();
    ingestNodeList(s, [node('b', { connected: false }), node('a', { hostStats: { ...stats, updatedAtMs: 1 } })], 0);
    expect(s.getState().nodes.map((n) => n.nodeId)).toEqual(['a', 'b']);
    expect(s.getState().samples['a']).toHaveLength(1);
    for (let i = 2; i < MAX_SAMPLES + 10; i++) applyHostStats(s, { nodeId: 'a', hostStats: { ...stats, updatedAtMs: i } }, i);
    expect(s.getState().samples['a']).toHaveLength(MAX_SAMPLES);
    expect(s.getState().nodes[0]!.hostStats?.updatedAtMs).toBe(MAX_SAMPLES + 9);
  });

  it('applies presence: a node disconnect flips it offline with last-seen', () => {
    const s = createNodesStore();
    ingestNodeList(s, [node('a')], 0);
    applyPresence(s, { presence: [{ mode: 'node', deviceId: 'a', instanceId: 'a', reason: 'disconnect', ts: 1234 }] });
    expect(s.getState().nodes[0]).toMatchObject({ connected: false, lastSeenAtMs: 1234 });
  });
});

describe('pending store', () => {
  it('lists both kinds, follows events, and approves each with its own method', async () => {
    const { inv, calls } = fakeInvoker({
      'device.pair.list': () => ({ pending: [{ requestId: 'd1', deviceId: 'x', role: 'operator', roles: [], scopes: [], publicKey: 'k', silent: false, isRepair: false, ts: 1 }], paired: [] }),
      'node.pair.list': () => ({ pending: [{ requestId: 'n1', nodeId: 'y', caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 1 }], paired: [] }),
      'device.pair.approve': () => ({}),
      'node.pair.reject': () => ({}),
    });
    const s = createPendingStore();
    await refreshPending(s, inv);
    expect(s.getState().devices).toHaveLength(1);
    expect(s.getState().nodes).toHaveLength(1);
    applyPairEvent(s, 'node.pair.requested', { requestId: 'n2', nodeId: 'z', caps: [], commands: [], requiredApproveScopes: [], ts: 2 });
    expect(s.getState().nodes).toHaveLength(2);
    applyPairEvent(s, 'node.pair.resolved', { requestId: 'n2', nodeId: 'z', decision: 'approved', ts: 3 });
    expect(s.getState().nodes).toHaveLength(1);
    expect(await decide(s, inv, 'device', 'd1', 'approve')).toBe(true);
    expect(await decide(s, inv, 'node', 'n1', 'reject')).toBe(true);
    expect(calls.slice(-2)).toEqual([{ method: 'device.pair.approve', params: { requestId: 'd1' } }, { method: 'node.pair.reject', params: { requestId: 'n1' } }]);
    expect(s.getState()).toMatchObject({ devices: [], nodes: [], busy: {} });
  });

  it('keeps the request and records the error when a decision fails', async () => {
    const { inv } = fakeInvoker({});
    const s = createPendingStore();
    applyPairEvent(s, 'device.pair.requested', { requestId: 'd1', deviceId: 'x', role: 'node', roles: [], scopes: [], publicKey: 'k', silent: false, isRepair: false, ts: 1 });
    expect(await decide(s, inv, 'device', 'd1', 'approve')).toBe(false);
    expect(s.getState().devices).toHaveLength(1);
    expect(s.getState().errors['d1']).toMatch(/unknown method/);
  });
});

describe('runs store', () => {
  it('runs system.run via node.invoke with a random idempotency key and records the result', async () => {
    const { inv, calls } = fakeInvoker({
      'node.invoke': () => ({ ok: true, payloadJSON: JSON.stringify({ exitCode: 0, timedOut: false, success: true, stdout: 'Linux\n', stderr: '', error: null }) }),
    });
    const s = createRunsStore();
    const r = await runCommand(s, inv, 'n1', { argv: ['uname', '-a'], cwd: '/tmp', timeoutMs: 5000 });
    const p = calls[0]!.params as Record<string, unknown>;
    expect(p).toMatchObject({ nodeId: 'n1', command: 'system.run', params: { command: ['uname', '-a'], cwd: '/tmp', timeoutMs: 5000 } });
    expect(typeof p['idempotencyKey']).toBe('string');
    expect(r).toMatchObject({ status: 'done', exitCode: 0, stdout: 'Linux\n' });
    expect(s.getState().live['n1']![0]!.status).toBe('done');
  });

  it('records a failed invoke as a failed run', async () => {
    const { inv } = fakeInvoker({});
    const s = createRunsStore();
    const r = await runCommand(s, inv, 'n1', { argv: ['true'] });
    expect(r.status).toBe('failed');
    expect(r.connectionLost).toBe(false);
  });

  it('marks a run whose connection to the gateway went away mid-run (said in the UI\'s words, not the socket\'s)', async () => {
    const { inv } = fakeInvoker({ 'node.invoke': () => { throw new ConnectionLostError('connection closed (1006)', 1006, undefined, true); } });
    const s = createRunsStore();
    const r = await runCommand(s, inv, 'n1', { argv: ['sleep', '9'] });
    expect(r).toMatchObject({ status: 'failed', connectionLost: true });
  });

  it('loads history, and marks it unavailable on an older gateway', async () => {
    const s = createRunsStore();
    await loadHistory(s, fakeInvoker({}).inv, 'n1');
    expect(s.getState().historyStatus['n1']).toBe('unavailable');
    const { inv } = fakeInvoker({
      'hearth.invocations.list': () => ({ items: [
        { id: 'i1', nodeId: 'n1', nodeName: 'lap', command: ['ls'], cwd: null, exitCode: 0, timedOut: false, durationMs: 12, startedAtMs: 1, requestedBy: 'me', error: null },
        // The gateway's audit shape: command is the node command, argv the command line.
        { id: 'i2', nodeId: 'n1', command: 'system.run', argv: ['uname', '-a'], exitCode: 0, timedOut: false, durationMs: 5, finishedAtMs: 6, startedAtMs: 1, requestedBy: 'me' },
        // Cancelled by its operator: the kill's exit code is not the outcome.
        { id: 'i3', nodeId: 'n1', command: 'system.run', argv: ['sleep', '60'], exitCode: 143, timedOut: false, durationMs: 900, finishedAtMs: 901, startedAtMs: 1, requestedBy: 'me', cancelled: true },
      ] }),
    });
    await loadHistory(s, inv, 'n1');
    expect(s.getState().historyStatus['n1']).toBe('ok');
    expect(s.getState().history['n1']![0]).toMatchObject({ command: ['ls'], exitCode: 0, status: 'done' });
    expect(s.getState().history['n1']![1]).toMatchObject({ command: ['uname', '-a'], status: 'done' });
    expect(s.getState().history['n1']![2]).toMatchObject({ command: ['sleep', '60'], status: 'cancelled' });
  });
});

describe('settings and setup stores', () => {
  it('reads and writes auto-approval, rolling back on failure', async () => {
    const s = createSettingsStore();
    const { inv } = fakeInvoker({ 'hearth.settings.get': () => ({ autoApproveLocal: true }) });
    await loadSettings(s, inv);
    expect(s.getState().settings?.autoApproveLocal).toBe(true);
    await setAutoApprove(s, inv, false);
    expect(s.getState().settings?.autoApproveLocal).toBe(true);
    expect(s.getState().error).toMatch(/unknown method/);
    const none = createSettingsStore();
    await loadSettings(none, fakeInvoker({}).inv);
    expect(none.getState().settingsAvailable).toBe(false);
  });

  it('runs device actions with the right methods and reloads', async () => {
    const s = createSettingsStore();
    const { inv, calls } = fakeInvoker({
      'device.pair.rename': () => ({}), 'device.token.revoke': () => ({}), 'device.token.rotate': () => ({}), 'device.pair.remove': () => ({}),
      'device.pair.list': () => ({ pending: [], paired: [] }),
    });
    await deviceAction(s, inv, 'd', { type: 'rename', label: 'Phone' });
    await deviceAction(s, inv, 'd', { type: 'revoke', role: 'operator' });
    await deviceAction(s, inv, 'd', { type: 'rotate', role: 'node' });
    await deviceAction(s, inv, 'd', { type: 'remove' });
    expect(calls.filter((c) => c.method !== 'device.pair.list')).toEqual([
      { method: 'device.pair.rename', params: { deviceId: 'd', label: 'Phone' } },
      { method: 'device.token.revoke', params: { deviceId: 'd', role: 'operator' } },
      { method: 'device.token.rotate', params: { deviceId: 'd', role: 'node' } },
      { method: 'device.pair.remove', params: { deviceId: 'd' } },
    ]);
  });

  it('mints setup codes per profile', async () => {
    const s = createSetupStore();
    const { inv, calls } = fakeInvoker({ 'device.pair.setupCode': () => ({ setupCode: 'abc', expiresAtMs: 1_600_000 }) });
    await mintSetupCode(s, inv, 'node', () => 1_000_000);
    expect(calls[0]!.params).toEqual({ bootstrapProfile: 'node' });
    expect(s.getState().codes.node).toMatchObject({ setupCode: 'abc', ttlMs: 600_000, receivedAtMs: 1_000_000 });
  });
});
