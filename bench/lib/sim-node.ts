/** Simulated nodes for benchmarks: real device identities and signatures, minimal command handling. */
import { generateIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';

export interface SimNode {
  deviceId: string;
  conn: GatewayConnection;
}

/** Connects a node that answers every invoke at once with an empty success (a no-op). */
export async function connectSimNode(url: string, token: string, name: string): Promise<SimNode> {
  const id = generateIdentity();
  const conn = await GatewayConnection.open({
    url, socketFactory: wsSocketFactory(), role: 'node', caps: ['system'], commands: ['system.run', 'system.which'], auth: { token },
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'bench', displayName: name, deviceFamily: 'Linux' },
    device: signerFor(id), connectTimeoutMs: 30_000,
  });
  conn.on('node.invoke.request', (p) => {
    const req = p as { id: string; nodeId: string };
    void conn.call('node.invoke.result', { id: req.id, nodeId: req.nodeId, ok: true, payloadJSON: '{"bins":{}}' }).catch(() => {});
  });
  return { deviceId: id.deviceId, conn };
}
