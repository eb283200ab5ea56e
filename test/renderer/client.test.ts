// The reconnecting client against an in-memory gateway: connect, events, drop and recovery,
// pairing-required retries, and refusals that stop retrying.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayClient, type ConnectionState } from '../../src-renderer/client/gateway-client.ts';
import { identityFromSeed, signerFor } from '../../src-renderer/identity/browser-identity.ts';
import { FakeGateway } from './fake-gateway.ts';

const signer = signerFor(identityFromSeed(new Uint8Array(32).fill(3)));
const plan = () => ({
  client: { id: 'openclaw-control-ui' as const, version: 't', platform: 'web', mode: 'ui' as const },
  role: 'operator' as const, scopes: ['operator.admin'], auth: { deviceToken: 'tok' }, device: signer,
});

const clients: GatewayClient[] = [];
function makeClient(gw: FakeGateway, extra: Partial<ConstructorParameters<typeof GatewayClient>[0]> = {}) {
  const c = new GatewayClient({ url: 'ws://x/', plan, socketFactory: gw.factory, backoff: { initialMs: 10, maxMs: 40, jitter: 0.5 }, pairingRetryMs: 15, ...extra });
  clients.push(c);
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
});

function statuses(c: GatewayClient): ConnectionState['status'][] {
  const seen: ConnectionState['status'][] = [];
  c.subscribe((s) => seen.push(s.status));
  return seen;
}

// The first connect loads the contract's generated validators (≈0.5 MB): seconds on a loaded CI machine.
const CONNECT_MS = 10_000;

describe('GatewayClient', () => {
  it('connects with a signed operator connect and delivers events to subscribers', async () => {
    const gw = new FakeGateway();
    const c = makeClient(gw);
    const events: unknown[] = [];
    c.on('node.hostStats', (p) => events.push(p));
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    const params = gw.connects[0]!;
    expect(params['role']).toBe('operator');
    expect((params['client'] as Record<string, unknown>)['id']).toBe('openclaw-control-ui');
    expect((params['device'] as Record<string, unknown>)['id']).toBe(signer.deviceId);
    expect((params['device'] as Record<string, unknown>)['nonce']).toBe('n-1');
    // A payload in the contract's shape (the client drops events that do not match it).
    const stats = { nodeId: 'a', hostStats: { cpuCount: 2, loadAverage: [0.1, 0.2, 0.3], memoryTotalBytes: 8, memoryFreeBytes: 4, diskTotalBytes: 100, diskAvailableBytes: 50 } };
    gw.emit('node.hostStats', stats);
    // Frames right behind hello-ok are held until a task after the connect resolved (so the
    // caller's subscriptions are in place): delivered, in order, a moment later.
    await vi.waitFor(() => expect(events).toEqual([stats]), { timeout: 2_000 });
  });

  it('invoke() rejects at once while disconnected, and calls through when connected', async () => {
    const gw = new FakeGateway();
    gw.methods['node.list'] = () => ({ ts: 1, nodes: [] });
    const c = makeClient(gw);
    await expect(c.invoke('node.list')).rejects.toThrow(/not connected/);
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    await expect(c.invoke('node.list', {})).resolves.toEqual({ ts: 1, nodes: [] });
  });

  it('goes to reconnecting when the link drops and recovers by itself, keeping subscriptions', async () => {
    const gw = new FakeGateway();
    const c = makeClient(gw);
    const seen = statuses(c);
    let hellos = 0;
    c.onHello(() => hellos++);
    const events: unknown[] = [];
    c.on('presence', (p) => events.push(p));
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    gw.up = false;
    gw.drop();
    await vi.waitFor(() => expect(c.getState().status).toBe('reconnecting'));
    const st = c.getState();
    expect(st.status === 'reconnecting' && st.failure.kind).toBe('unreachable');
    // Several failed attempts while the gateway is down, then it comes back.
    await vi.waitFor(() => expect(gw.sockets.length).toBeGreaterThanOrEqual(3));
    gw.up = true;
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    expect(hellos).toBe(2);
    gw.emit('presence', { presence: [] });
    expect(events).toHaveLength(1);
    expect(seen).toContain('reconnecting');
  });

  it('keeps retrying while pairing is pending and connects once approved', async () => {
    const gw = new FakeGateway();
    let approved = false;
    gw.answer = () => approved ? { ok: true } : {
      ok: false, error: { code: 'NOT_PAIRED', message: 'pairing required', details: { code: 'PAIRING_REQUIRED', requestId: 'req-1' } },
    };
    const c = makeClient(gw);
    c.start();
    await vi.waitFor(() => {
      const s = c.getState();
      expect(s.status === 'reconnecting' && s.failure.kind === 'pairing-required' && s.failure.requestId).toBe('req-1');
    });
    approved = true;
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    expect(gw.connects.length).toBeGreaterThanOrEqual(2);
  });

  it('stops on a refused setup code and reports it', async () => {
    const gw = new FakeGateway();
    gw.answer = () => ({
      ok: false, error: { code: 'INVALID_REQUEST', message: 'unauthorized: setup code invalid', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } },
    });
    const c = makeClient(gw);
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('rejected'));
    const s = c.getState();
    expect(s.status === 'rejected' && s.failure.kind).toBe('setup-code-invalid');
    const n = gw.connects.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(gw.connects.length).toBe(n);
  });

  it('stays idle without credentials', async () => {
    const gw = new FakeGateway();
    const c = makeClient(gw, { plan: () => undefined });
    c.start();
    expect(c.getState().status).toBe('idle');
    expect(gw.sockets).toHaveLength(0);
  });

  it('closes a silent connection after two tick intervals and reconnects', async () => {
    const gw = new FakeGateway();
    const c = makeClient(gw, { watchdogMs: 10 });
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    // Pretend nothing arrived for a minute.
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await vi.waitFor(() => expect(gw.sockets.length).toBeGreaterThanOrEqual(2));
    spy.mockRestore();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
  });

  it('keeps a connection whose gateway announces an absurdly short tick interval (it was closed at every look)', async () => {
    const gw = new FakeGateway();
    gw.tickIntervalMs = 1;
    const c = makeClient(gw, { watchdogMs: 10 });
    c.start();
    await vi.waitFor(() => expect(c.getState().status).toBe('connected'), { timeout: CONNECT_MS });
    await new Promise((r) => setTimeout(r, 300)); // 30 looks of the watchdog, silent for 150 times the announced tick
    expect(gw.sockets).toHaveLength(1);
    expect(c.getState().status).toBe('connected');
  });
});
