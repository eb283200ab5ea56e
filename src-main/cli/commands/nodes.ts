/** `hearth nodes list | describe | pending | approve | reject` over node.* and device.pair.* methods. */
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import { shortFingerprint } from '../../../src-shared/protocol/device-auth.ts';
import type { NodeEntry } from '../../../src-shared/protocol/types.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom, type StateDirFlag } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge, formatDuration } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { collectPending, readPairing as readPairingWith, resolvePending as resolvePendingWith, type PendingItem } from '../../../src-shared/client/pending.ts';
import { resolveNode } from '../../../src-shared/client/resolve-node.ts';
import type { ClientFlags } from '../settings.ts';

export type ClientCommandFlags = ClientFlags & StateDirFlag & { json?: boolean };

export interface NodeList {
  ts: number;
  nodes: NodeEntry[];
}

/** Reads node.list. */
export function listNodes(conn: GatewayConnection): Promise<NodeList> {
  return conn.call('node.list', {});
}

function nodeStatus(n: NodeEntry, now: number): string {
  if (n.connected) return `online ${n.connectedAtMs ? formatDuration(now - n.connectedAtMs) : ''}`.trim();
  return `offline, seen ${formatAge(n.lastSeenAtMs ?? n.lastDisconnectedAtMs, now)}`;
}

const PATH_LABELS: Record<string, string> = { loopback: 'loopback', lan: 'LAN', tailnet: 'tailnet', wireguard: 'WireGuard', tunnel: 'tunnel', internet: 'internet' };

/** The path indicator as people write it (LAN, WireGuard…). */
export function pathLabel(path: string | undefined): string {
  return path === undefined ? '-' : PATH_LABELS[path] ?? path;
}

/** Table rows of `hearth nodes list`. */
export function nodesTable(nodes: readonly NodeEntry[], now: number): string[] {
  return formatTable(
    ['NAME', 'FINGERPRINT', 'IP', 'PATH', 'RTT', 'STATUS', 'APPROVAL', 'PLATFORM'],
    nodes.map((n) => [
      n.displayName ?? '-',
      shortFingerprint(n.nodeId),
      n.remoteIp ?? '-',
      n.connected ? pathLabel(n.path) : '-',
      n.connected && n.rttMs !== undefined ? `${n.rttMs} ms` : '-',
      nodeStatus(n, now),
      n.approvalState === 'approved' ? 'approved' : 'pending (hearth nodes approve --latest)',
      n.platform ?? '-',
    ]),
  );
}

export async function nodesListCommand(flags: ClientCommandFlags): Promise<void> {
  const list = await withGateway(clientSettingsFrom(flags), ['operator.read'], listNodes);
  if (flags.json) return printJson(list);
  if (list.nodes.length === 0) {
    return out('No nodes yet. Pair one: `hearth qr --node` here, then `hearth node run --pair <code>` on the node machine.');
  }
  await out(...nodesTable(list.nodes, Date.now()));
}

export async function nodesDescribeCommand(query: string, flags: ClientCommandFlags): Promise<void> {
  const entry = await withGateway(clientSettingsFrom(flags), ['operator.read'], async (conn) => {
    const node = resolveNode(query, (await listNodes(conn)).nodes);
    return conn.call('node.describe', { nodeId: node.nodeId });
  });
  if (flags.json) return printJson(entry);
  const now = Date.now();
  const s = entry.hostStats;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const lines: [string, string | undefined][] = [
    ['Name', entry.displayName],
    ['Node id', entry.nodeId],
    ['Fingerprint', shortFingerprint(entry.nodeId)],
    ['Status', nodeStatus(entry, now)],
    ['Approval', entry.approvalState],
    ['IP', entry.remoteIp],
    ['Path', entry.connected ? `${pathLabel(entry.path)}${entry.rttMs !== undefined ? `, RTT ${entry.rttMs} ms` : ''}` : undefined],
    ['Platform', [entry.platform, entry.deviceFamily].filter(Boolean).join(' / ') || undefined],
    ['Version', entry.version],
    ['Commands', entry.commands.join(', ') || '(none)'],
    ['CPU', s ? `${s.cpuCount} cores, load ${s.loadAverage.map((l) => l.toFixed(2)).join(' ')}` : undefined],
    ['Memory', s ? `${gib(s.memoryFreeBytes)} free of ${gib(s.memoryTotalBytes)}` : undefined],
    ['Disk', s ? `${gib(s.diskAvailableBytes)} free of ${gib(s.diskTotalBytes)}` : undefined],
    ['Last seen', formatAge(entry.lastSeenAtMs, now)],
  ];
  await out(...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`));
}

/** Both pairing lists (needs operator.pairing). */
export function readPairing(conn: GatewayConnection): ReturnType<typeof readPairingWith> {
  return readPairingWith((method, params) => conn.request(method, params));
}

/** What a pending request is, in the words the UI uses. */
export function pendingKind(i: PendingItem): string {
  // A node whose device got in by itself (loopback) asks once for all it declares: that is a new node.
  if (i.layer === 'node') return i.newCommands ? 'new commands' : 'new node';
  return i.role === 'node' ? 'new node' : `new device (${i.role})`;
}

/** A command list for one table cell: the first few, then how many more. */
export function commandsCell(commands: readonly string[] | undefined, max = 3): string {
  if (!commands || commands.length === 0) return '-';
  const shown = commands.slice(0, max).join(', ');
  return commands.length > max ? `${shown} +${commands.length - max} more` : shown;
}

/** Table rows for pending requests. */
export function pendingTable(items: readonly PendingItem[], now: number): string[] {
  return formatTable(
    ['REQUEST', 'KIND', 'NAME', 'FINGERPRINT', 'IP', 'AGE', 'COMMANDS'],
    items.map((i) => [i.requestId, pendingKind(i), i.name, i.fingerprint, i.ip ?? '-', formatAge(i.ts, now), commandsCell(i.commands)]),
  );
}

export async function nodesPendingCommand(flags: ClientCommandFlags): Promise<void> {
  const { lists, nodes } = await withGateway(clientSettingsFrom(flags), ['operator.pairing', 'operator.read'], async (conn) => {
    const [lists, nodes] = await Promise.all([readPairing(conn), flags.json ? undefined : listNodes(conn)]);
    return { lists, nodes };
  });
  if (flags.json) return printJson(lists);
  const ipOf = new Map((nodes?.nodes ?? []).map((n) => [n.nodeId, n.remoteIp]));
  const items = collectPending(lists.devicePairing, lists.nodePairing, true).map((i) => (i.ip || !ipOf.get(i.deviceId) ? i : { ...i, ip: ipOf.get(i.deviceId)! }));
  if (items.length === 0) return out('No pending node requests.');
  await out(...pendingTable(items, Date.now()), '', 'Approve with `hearth nodes approve <request>` (or --latest); compare the fingerprint with the one the node prints.');
}

/** Approves or rejects the pending request a user named (shared: src-shared/client/pending.ts). */
export function resolvePending(conn: GatewayConnection, decision: 'approve' | 'reject', requestId: string | undefined, latest: boolean, view: 'nodes' | 'devices'): Promise<{ item: PendingItem; payload: unknown }> {
  return resolvePendingWith((method, params) => conn.request(method, params), decision, requestId, latest, view);
}

/** The sentence printed after an approval or rejection; `payload` is the gateway's answer. */
export function decisionLine(decision: 'approve' | 'reject', item: PendingItem, payload?: unknown): string {
  const who = `${item.name} (${item.fingerprint})`;
  const list = (c: readonly string[] | undefined) => (c && c.length > 0 ? c.join(', ') : 'no commands');
  if (decision === 'reject') {
    if (item.layer === 'device') {
      return `Rejected ${item.role === 'node' ? 'node' : 'device'} ${who} (request ${item.requestId}). It stays out — loopback auto-approval does not admit it — until you approve a later request from it or it connects with a new setup code (\`hearth qr\`).`;
    }
    return `Rejected the new commands of ${who}: ${list(item.commands)} (request ${item.requestId}). They stay refused — the node is not asked again for the same commands — until you approve a later request (\`hearth nodes approve\`) or it pairs with a new setup code.`;
  }
  if (item.layer === 'device') {
    if (item.role !== 'node') return `Approved ${who} as a paired ${item.role} (request ${item.requestId}).`;
    // The gateway's answer names what was admitted (bound to this request); the list shown is the fallback.
    const admitted = (payload as { commands?: string[] } | undefined)?.commands ?? item.commands;
    return `Approved node ${who} (request ${item.requestId}). It may run: ${list(admitted)}. It connects on its next retry; if it later asks for more commands, you are asked again.`;
  }
  if (!item.newCommands) return `Approved node ${who} (request ${item.requestId}). It may run: ${list(item.commands)}, from now on; if it later asks for more commands, you are asked again.`;
  return `Approved new commands for ${who}: ${list(item.commands)} (request ${item.requestId}). It can run them now.`;
}

export async function nodesDecideCommand(decision: 'approve' | 'reject', requestId: string | undefined, flags: ClientCommandFlags & { latest?: boolean }): Promise<void> {
  const { item, payload } = await withGateway(clientSettingsFrom(flags), ['operator.pairing', 'operator.admin'], (conn) =>
    resolvePending(conn, decision, requestId, flags.latest === true, 'nodes'),
  );
  if (flags.json) return printJson(payload);
  await out(decisionLine(decision, item, payload));
}
