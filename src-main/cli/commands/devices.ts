/** `hearth devices list | approve | reject | remove | rotate` over device.pair.* and device.token.rotate. */
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import { shortFingerprint } from '../../../src-shared/protocol/device-auth.ts';
import type { PairedDevice } from '../../../src-shared/protocol/types.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { collectPending } from '../../../src-shared/client/pending.ts';
import { decisionLine, pendingTable, resolvePending, type ClientCommandFlags } from './nodes.ts';


/** How a device was approved, in plain words (the wire values are OpenClaw's). */
export function approvedViaText(via: string): string {
  switch (via) {
    case 'owner': return 'by you';
    case 'silent': return 'automatically (this machine)';
    case 'bootstrap': return 'setup code';
    case 'trusted-cidr': return 'trusted network';
    case 'ssh-verified': return 'SSH check';
    default: return via;
  }
}

/** Table rows for paired devices. */
export function pairedTable(paired: readonly PairedDevice[], now: number): string[] {
  return formatTable(
    ['NAME', 'ROLE', 'FINGERPRINT', 'APPROVED', 'LAST SEEN', 'CONNECTED'],
    paired.map((d) => [
      d.label ?? d.displayName ?? d.clientId ?? '-',
      (d.roles?.length ? d.roles : [d.role]).join(','),
      shortFingerprint(d.deviceId),
      approvedViaText(d.approvedVia),
      d.connected ? 'now' : formatAge(d.lastSeenAtMs, now),
      d.connected ? 'yes' : 'no',
    ]),
  );
}

export async function devicesListCommand(flags: ClientCommandFlags): Promise<void> {
  const list = await withGateway(clientSettingsFrom(flags), ['operator.pairing'], (conn) => conn.call('device.pair.list', {}));
  if (flags.json) return printJson(list);
  const now = Date.now();
  const lines = ['Paired devices:', ...(list.paired.length ? pairedTable(list.paired, now).map((l) => `  ${l}`) : ['  (none)'])];
  const pending = collectPending(list, undefined, false);
  lines.push('', 'Pending requests:', ...(pending.length ? pendingTable(pending, now).map((l) => `  ${l}`) : ['  (none)']));
  if (pending.length) lines.push('', 'Approve with `hearth devices approve <request>` (or --latest).');
  await out(...lines);
}

export async function devicesDecideCommand(decision: 'approve' | 'reject', requestId: string | undefined, flags: ClientCommandFlags & { latest?: boolean }): Promise<void> {
  const { item, payload } = await withGateway(clientSettingsFrom(flags), ['operator.pairing', 'operator.admin'], (conn) =>
    resolvePending(conn, decision, requestId, flags.latest === true, 'devices'),
  );
  if (flags.json) return printJson(payload);
  await out(decisionLine(decision, item, payload));
}

/** Finds a paired device by id, unique id prefix / fingerprint, or name. */
export function resolveDevice(query: string, paired: readonly PairedDevice[]): PairedDevice {
  const q = query.trim();
  const hex = /^[0-9a-f-]+$/i.test(q) ? q.toLowerCase().replace(/-/g, '') : undefined;
  const tiers: ((d: PairedDevice) => boolean)[] = [
    (d) => d.deviceId === q.toLowerCase(),
    (d) => (d.label ?? d.displayName) === q,
    (d) => hex !== undefined && hex !== '' && d.deviceId.startsWith(hex),
  ];
  const describe = (d: PairedDevice) => `${d.label ?? d.displayName ?? '-'} (${shortFingerprint(d.deviceId)})`;
  for (const t of tiers) {
    const found = paired.filter(t);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new CliError(`"${q}" matches ${found.length} devices: ${found.map(describe).join('; ')}; pass more of the device id`);
  }
  throw new CliError(`no paired device "${q}"; \`hearth devices list\` shows them`);
}

async function withDevice<T>(flags: ClientCommandFlags, query: string, fn: (conn: GatewayConnection, d: PairedDevice) => Promise<T>): Promise<{ device: PairedDevice; result: T }> {
  return withGateway(clientSettingsFrom(flags), ['operator.pairing', 'operator.admin'], async (conn) => {
    const list = await conn.call('device.pair.list', {});
    const device = resolveDevice(query, list.paired);
    return { device, result: await fn(conn, device) };
  });
}

export async function devicesRemoveCommand(query: string, flags: ClientCommandFlags): Promise<void> {
  const { device, result } = await withDevice(flags, query, (conn, d) => conn.call('device.pair.remove', { deviceId: d.deviceId }));
  if (flags.json) return printJson(result);
  await out(
    `Removed ${device.label ?? device.displayName ?? device.deviceId} (${shortFingerprint(device.deviceId)}).`,
    'It stays out — loopback auto-approval does not re-admit it — until you approve its next pairing request (`hearth devices approve`) or it connects with a new setup code (`hearth qr`).',
  );
}

export async function devicesRotateCommand(query: string, flags: ClientCommandFlags & { role?: string }): Promise<void> {
  const { device, result } = await withDevice(flags, query, (conn, d) =>
    conn.call('device.token.rotate', { deviceId: d.deviceId, role: flags.role ?? d.role }),
  );
  if (flags.json) return printJson(result);
  const lines = [
    `Rotated the ${result.role ?? flags.role ?? device.role} token of ${device.label ?? device.displayName ?? device.deviceId} (${shortFingerprint(device.deviceId)}).`,
    'Its old token no longer works, and loopback auto-approval does not hand it a new one: it gets the new token only when it connects with the gateway\'s shared token, with a new setup code (`hearth qr`), or once you approve its next pairing request (`hearth devices approve`).',
  ];
  if (result.dropped?.length) lines.push(`Scopes left off the new token (beyond yours or the device's approval): ${result.dropped.join(', ')}.`);
  await out(...lines);
}
