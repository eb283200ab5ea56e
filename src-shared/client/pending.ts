/**
 * The two pairing layers (device pairing, a node's approved commands — SPEC §6.3, §7) merged into one
 * list, because users cannot tell them apart: `hearth nodes approve <id>` finds the right one,
 * the UI shows one card per request and the Telegram bot one message with buttons.
 */
import { HearthError } from '../hearth-error.ts';
import { shortFingerprint } from '../protocol/device-auth.ts';
import type { ContractCall } from '../protocol/contract/index.ts';
import type { PendingDeviceRequest, PendingNodeRequest } from '../protocol/types.ts';

export interface PairList<P> {
  pending: P[];
  paired: unknown[];
}

export interface PendingItem {
  layer: 'device' | 'node';
  requestId: string;
  /** Device id (= node id). */
  deviceId: string;
  name: string;
  fingerprint: string;
  ip?: string;
  role: string;
  ts: number;
  platform?: string;
  /**
   * A new node's request: every command it declared (one approval admits them). A known node's
   * request: only the commands it did not have before.
   */
  commands?: string[];
  /** A known node asking for more commands than it was approved for (not a first approval). */
  newCommands?: boolean;
}

/** Calls one gateway method, typed by the contract (a GatewayConnection's `request`, the UI client's `invoke`, the bot's in-process operator). */
export type CallMethod = ContractCall;

/** Both pairing lists (needs operator.pairing). */
export async function readPairing(call: CallMethod): Promise<{ devicePairing: PairList<PendingDeviceRequest>; nodePairing: PairList<PendingNodeRequest> }> {
  const [devicePairing, nodePairing] = await Promise.all([
    call('device.pair.list', {}),
    call('node.pair.list', {}),
  ]);
  return { devicePairing, nodePairing };
}

function fromDevice(r: PendingDeviceRequest): PendingItem {
  const item: PendingItem = {
    layer: 'device',
    requestId: r.requestId,
    deviceId: r.deviceId,
    name: r.displayName ?? r.clientId ?? '-',
    fingerprint: r.fingerprint ?? shortFingerprint(r.deviceId),
    role: r.role,
    ts: r.ts,
  };
  if (r.remoteIp) item.ip = r.remoteIp;
  if (r.platform) item.platform = r.platform;
  if (Array.isArray(r.commands)) item.commands = r.commands;
  return item;
}

function fromNode(r: PendingNodeRequest & { remoteIp?: string }): PendingItem {
  const item: PendingItem = {
    layer: 'node',
    requestId: r.requestId,
    deviceId: r.nodeId,
    name: r.displayName ?? r.clientId ?? '-',
    fingerprint: r.fingerprint ?? shortFingerprint(r.nodeId),
    role: 'node',
    ts: r.ts,
  };
  if (r.remoteIp) item.ip = r.remoteIp;
  if (r.platform) item.platform = r.platform;
  const asked = Array.isArray(r.newCommands) ? r.newCommands : Array.isArray(r.commands) ? r.commands : undefined;
  if (asked) item.commands = asked;
  // Everything it declares is new (e.g. its device was admitted automatically on this machine): a first approval.
  if (asked && Array.isArray(r.commands) && asked.length < r.commands.length) item.newCommands = true;
  return item;
}

/** Both layers' pending requests, newest first; `nodesOnly` keeps device requests for role node. */
export function collectPending(
  devices: { pending?: readonly PendingDeviceRequest[] } | undefined,
  nodes: { pending?: readonly PendingNodeRequest[] } | undefined,
  nodesOnly: boolean,
): PendingItem[] {
  const d = (devices?.pending ?? [])
    .filter((r) => !nodesOnly || r.role === 'node' || (Array.isArray(r.roles) && r.roles.includes('node')))
    .map(fromDevice);
  const n = (nodes?.pending ?? []).map(fromNode);
  return [...d, ...n].sort((a, b) => b.ts - a.ts);
}

/** True when `q` names this request: an id prefix, the node's name or its fingerprint. */
function namesItem(i: PendingItem, q: string): boolean {
  return i.requestId.startsWith(q) || i.name === q || i.fingerprint.toLowerCase() === q.toLowerCase();
}

/** Picks the request a user named (full id, unique prefix, name or fingerprint), or the newest with `latest`. */
export function pickPending(items: readonly PendingItem[], requestId: string | undefined, latest: boolean, listCmd: string): PendingItem {
  if (latest) {
    if (requestId !== undefined) throw new HearthError('pass either a request id or --latest, not both');
    const first = items[0];
    if (!first) throw new HearthError(`nothing is waiting for approval; \`${listCmd}\` shows pending requests`);
    return first;
  }
  if (requestId === undefined || requestId.trim() === '') throw new HearthError(`name the request to act on, or pass --latest; \`${listCmd}\` lists them`);
  const id = requestId.trim();
  const exact = items.filter((i) => i.requestId === id);
  if (exact.length >= 1) return exact[0]!;
  const prefixed = items.filter((i) => i.requestId.startsWith(id));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new HearthError(`"${id}" matches ${prefixed.length} requests (${prefixed.map((p) => p.requestId).join(', ')}); give more of the id`);
  // A node's name or fingerprint works too: that is what the user sees on the node machine.
  const named = items.filter((i) => i.name === id || i.fingerprint.toLowerCase() === id.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new HearthError(`"${id}" names ${named.length} waiting requests (${named.map((p) => p.requestId).join(', ')}); pass the request id`);
  throw new HearthError(`no pending request "${id}" (it may have been resolved or expired); \`${listCmd}\` shows what is waiting`);
}

/**
 * Approves or rejects a pending request in whichever layer it lives. `nodes` considers node-role
 * device requests and command surfaces; `devices` considers device requests of every role (and a
 * surface only when named by id, since the node prints that id).
 */
export async function resolvePending(
  call: CallMethod,
  decision: 'approve' | 'reject',
  requestId: string | undefined,
  latest: boolean,
  view: 'nodes' | 'devices',
): Promise<{ item: PendingItem; payload: unknown }> {
  const lists = await readPairing(call);
  const listCmd = view === 'nodes' ? 'hearth nodes pending' : 'hearth devices list';
  let candidates = view === 'nodes' ? collectPending(lists.devicePairing, lists.nodePairing, true) : collectPending(lists.devicePairing, undefined, false);
  if (view === 'devices' && !latest && requestId !== undefined && !candidates.some((c) => namesItem(c, requestId.trim()))) {
    candidates = collectPending(undefined, lists.nodePairing, false);
  }
  const item = pickPending(candidates, requestId, latest, listCmd);
  const method = `${item.layer === 'device' ? 'device' : 'node'}.pair.${decision}` as const;
  const payload = await call(method, { requestId: item.requestId });
  return { item, payload };
}
