/**
 * The two pairing layers (device pairing, a node's approved commands — SPEC §6.3, §7) merged into one
 * list, because users cannot tell them apart: `hearth nodes approve <id>` finds the right one.
 */
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { CliError } from './cli-error.ts';

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
  /** A new node: every command it declared. A node command request: only the new ones. */
  commands?: string[];
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
    commands: Array.isArray(r.newCommands) ? r.newCommands : r.commands,
  };
  if (r.remoteIp) item.ip = r.remoteIp;
  return item;
}

/** Both layers' pending requests, newest first; `nodesOnly` keeps device requests for role node. */
export function collectPending(
  devices: PairList<PendingDeviceRequest> | undefined,
  nodes: PairList<PendingNodeRequest> | undefined,
  nodesOnly: boolean,
): PendingItem[] {
  const d = (devices?.pending ?? [])
    .filter((r) => !nodesOnly || r.role === 'node' || (Array.isArray(r.roles) && r.roles.includes('node')))
    .map(fromDevice);
  const n = (nodes?.pending ?? []).map(fromNode);
  return [...d, ...n].sort((a, b) => b.ts - a.ts);
}

/** Picks the request a user named (full id, unique prefix, name or fingerprint), or the newest with `latest`. */
export function pickPending(items: readonly PendingItem[], requestId: string | undefined, latest: boolean, listCmd: string): PendingItem {
  if (latest) {
    if (requestId !== undefined) throw new CliError('pass either a request id or --latest, not both');
    const first = items[0];
    if (!first) throw new CliError(`nothing is waiting for approval; \`${listCmd}\` shows pending requests`);
    return first;
  }
  if (requestId === undefined || requestId.trim() === '') throw new CliError(`name the request to act on, or pass --latest; \`${listCmd}\` lists them`);
  const id = requestId.trim();
  const exact = items.filter((i) => i.requestId === id);
  if (exact.length >= 1) return exact[0]!;
  const prefixed = items.filter((i) => i.requestId.startsWith(id));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new CliError(`"${id}" matches ${prefixed.length} requests (${prefixed.map((p) => p.requestId).join(', ')}); give more of the id`);
  // A node's name or fingerprint works too: that is what the user sees on the node machine.
  const fp = id.toLowerCase();
  const named = items.filter((i) => i.name === id || i.fingerprint.toLowerCase() === fp);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CliError(`"${id}" names ${named.length} waiting requests (${named.map((p) => p.requestId).join(', ')}); pass the request id`);
  throw new CliError(`no pending request "${id}" (it may have been resolved or expired); \`${listCmd}\` shows what is waiting`);
}
