/**
 * Readers for the JSON documents the OpenClaw and Hearth CLIs print for pairing lists, tolerant
 * of the two shapes seen: `{pending:[…], paired:[…]}` and a bare array of pending requests.
 */

/** One pending request as both CLIs print it (device or node surface). */
export interface PendingEntry {
  requestId: string;
  deviceId?: string;
  nodeId?: string;
  displayName?: string;
  [k: string]: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pending requests in a list document. */
export function pendingOf(doc: unknown): PendingEntry[] {
  const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc['pending']) ? doc['pending'] : [];
  return list.filter((e): e is PendingEntry => isObj(e) && typeof e['requestId'] === 'string');
}

/** The paired entries in a list document (`paired`, or `nodes` for node.list shapes). */
export function pairedOf(doc: unknown): Record<string, unknown>[] {
  if (!isObj(doc)) return [];
  const list = Array.isArray(doc['paired']) ? doc['paired'] : Array.isArray(doc['nodes']) ? doc['nodes'] : [];
  return list.filter(isObj);
}

/** The pending request for `id` (matched on deviceId or nodeId), if any. */
export function pendingFor(doc: unknown, id: string): PendingEntry | undefined {
  return pendingOf(doc).find((e) => e.deviceId === id || e.nodeId === id);
}
