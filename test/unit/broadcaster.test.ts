// Broadcast audiences and per-connection seq: each session counts its own events; per-node
// events reach only the node concerned; UI-only events skip one-shot CLI connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Broadcaster } from '../../src-main/core/gateway/broadcaster.ts';
import type { Session } from '../../src-main/core/gateway/session.ts';
import { coreModules } from '../../src-main/core/modules/catalog.ts';

// The audiences the gateway gives the broadcaster: those the core modules declare.
async function broadcaster(): Promise<Broadcaster> {
  const b = new Broadcaster();
  for (const mod of await coreModules({ alertBus: () => { throw new Error('unused'); } })) b.addAudiences(mod.events ?? {});
  return b;
}

function session(role: 'operator' | 'node', opts: { deviceId?: string; scopes?: string[]; mode?: string } = {}) {
  const sent: Record<string, unknown>[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (s: string) => sent.push(JSON.parse(s) as Record<string, unknown>) };
  const s = {
    connId: 'c', socket, role, client: { id: 'cli', mode: opts.mode ?? 'ui', platform: 'linux', version: '1' }, scopes: opts.scopes ?? [],
    deviceId: opts.deviceId, remoteIp: '127.0.0.1', isLocal: true, protocol: 4, connectedAtMs: 0, seq: 0, principal: 'p',
  } as unknown as Session;
  return { s, sent };
}

test('seq counts per connection; the frame carries stateVersion when asked', async () => {
  const b = await broadcaster();
  const a = session('operator', { scopes: ['operator.read'] });
  const c = session('operator', { scopes: ['operator.admin'] });
  b.add(a.s);
  b.broadcast('tick', { ts: 1 });
  b.add(c.s);
  b.stateVersion.presence = 7;
  b.broadcast('presence', { presence: [] }, { stateVersion: true });
  assert.deepEqual(a.sent.map((f) => f['seq']), [1, 2]);
  assert.deepEqual(c.sent, [{ type: 'event', event: 'presence', payload: { presence: [] }, stateVersion: { presence: 7, health: 0 }, seq: 1 }]);
});

test('node.pair.resolved reaches pairing operators and only the node it is about', async () => {
  const b = await broadcaster();
  const op = session('operator', { scopes: ['operator.pairing'] });
  const reader = session('operator', { scopes: ['operator.read'] });
  const n1 = session('node', { deviceId: 'n1' });
  const n2 = session('node', { deviceId: 'n2' });
  for (const x of [op, reader, n1, n2]) b.add(x.s);
  b.broadcast('node.pair.resolved', { requestId: 'q', nodeId: 'n1', decision: 'approved', ts: 1 }, { subject: 'n1' });
  assert.deepEqual([op.sent.length, reader.sent.length, n1.sent.length, n2.sent.length], [1, 0, 1, 0]);
});

test('UI-only events skip CLI connections; nodes get ticks but not pairing requests', async () => {
  const b = await broadcaster();
  const cli = session('operator', { scopes: ['operator.admin'], mode: 'cli' });
  const ui = session('operator', { scopes: ['operator.admin'] });
  const n = session('node', { deviceId: 'n' });
  for (const x of [cli, ui, n]) b.add(x.s);
  b.broadcast('hearth.invocation', { id: 'r', nodeId: 'n' });
  b.broadcast('device.pair.requested', { requestId: 'q', deviceId: 'd', publicKey: 'k', role: 'operator', roles: ['operator'], scopes: [], silent: false, isRepair: false, ts: 1 });
  b.broadcast('tick', { ts: 2 });
  assert.deepEqual(cli.sent.map((f) => f['event']), ['device.pair.requested', 'tick']);
  assert.deepEqual(ui.sent.map((f) => f['event']), ['hearth.invocation', 'device.pair.requested', 'tick']);
  assert.deepEqual(n.sent.map((f) => f['event']), ['tick']);
});
