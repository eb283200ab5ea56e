/** Simulated nodes for benchmarks: real device identities and signatures, minimal command handling. */
import { generateIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { SocketLike } from '../../src-shared/client/socket.ts';

export interface SimNode {
  deviceId: string;
  conn: GatewayConnection;
}

/**
 * Connects a node that answers every invoke at once with an empty success (a no-op). With `raw`,
 * once admitted it answers as bare as the raw relay's far end (bench/lib/relay-client.ts): parse
 * the frame, send a reply string, read nothing else (the gateway's acknowledgements and ticks
 * are dropped unread). That is the node side of the no-op invoke row, so the row compares the
 * gateway with the relay and not Hearth's client library with a bare socket handler.
 */
export async function connectSimNode(url: string, token: string, name: string, opts: { raw?: boolean } = {}): Promise<SimNode> {
  const id = generateIdentity();
  let socket: SocketLike | undefined;
  const factory = wsSocketFactory();
  const conn = await GatewayConnection.open({
    url, socketFactory: (u) => (socket = factory(u)), role: 'node', caps: ['system'], commands: ['system.run', 'system.which'], auth: { token },
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'bench', displayName: name, deviceFamily: 'Linux' },
    device: signerFor(id), connectTimeoutMs: 30_000,
  });
  if (opts.raw && socket) {
    const ws = socket;
    let n = 0;
    ws.onmessage = (ev) => {
      const f = JSON.parse(String(ev.data)) as { type: string; event?: string; payload?: { id: string; nodeId: string } };
      if (f.type !== 'event' || f.event !== 'node.invoke.request' || !f.payload) return;
      ws.send(JSON.stringify({ type: 'req', id: `r${++n}`, method: 'node.invoke.result', params: { id: f.payload.id, nodeId: f.payload.nodeId, ok: true, payloadJSON: '{"bins":{}}' } }));
    };
    return { deviceId: id.deviceId, conn };
  }
  conn.on('node.invoke.request', (p) => {
    const req = p as { id: string; nodeId: string };
    void conn.call('node.invoke.result', { id: req.id, nodeId: req.nodeId, ok: true, payloadJSON: '{"bins":{}}' }).catch(() => {});
  });
  return { deviceId: id.deviceId, conn };
}
