/** Source: pairing requests waiting for an operator (new devices and nodes, and nodes asking for new commands). */
import type { PendingDeviceRequest, PendingNodeRequest } from '../../../../src-shared/protocol/types.ts';
import type { AlertHistoryBus } from '../sqlite-bus.ts';

export const PAIRING_PREFIX = 'pairing.';

export interface PairingInput {
  bus: AlertHistoryBus;
  devices: () => PendingDeviceRequest[];
  nodes: () => PendingNodeRequest[];
}

export function reconcilePairing(i: PairingInput): void {
  const keep = new Set<string>();
  for (const r of i.devices()) {
    const key = `${PAIRING_PREFIX}device:${r.requestId}`;
    keep.add(key);
    const who = r.displayName ?? r.clientId ?? r.deviceId.slice(0, 12);
    i.bus.raise({
      key, source: 'alerts', severity: 'warning',
      message: `${who}${r.platform && !who.includes(r.platform) ? ` (${r.platform})` : ''} asks to pair as ${r.role}${r.fingerprint ? `, fingerprint ${r.fingerprint}` : ''}; approve with \`hearth devices approve ${r.requestId}\` or reject it`,
      details: { kind: 'device', requestId: r.requestId, deviceId: r.deviceId, role: r.role, fingerprint: r.fingerprint },
    });
  }
  for (const r of i.nodes()) {
    const key = `${PAIRING_PREFIX}node:${r.requestId}`;
    keep.add(key);
    const who = r.displayName ?? r.nodeId.slice(0, 12);
    // What the user is asked about: only the commands it was not approved for before.
    const asked = r.newCommands ?? r.commands;
    const cmds = asked.length > 4 ? `${asked.slice(0, 4).join(', ')} and ${asked.length - 4} more` : asked.join(', ') || 'no commands';
    i.bus.raise({
      key, source: 'alerts', severity: 'warning',
      message: `node ${who} asks to run ${cmds}; approve with \`hearth nodes approve ${r.requestId}\` or reject it`,
      details: { kind: 'node', requestId: r.requestId, nodeId: r.nodeId, commands: r.commands },
    });
  }
  for (const key of i.bus.activeKeys(PAIRING_PREFIX)) {
    if (!keep.has(key)) i.bus.clear(key, 'request resolved');
  }
}
