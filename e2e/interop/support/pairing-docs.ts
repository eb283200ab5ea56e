/**
 * Readers for the JSON documents the OpenClaw and Hearth CLIs print for pairing lists. Shapes seen:
 * `{pending, paired}` (device.pair.list / node.pair.list, `openclaw nodes list --json`), a bare array
 * of pending requests (`openclaw nodes pending --json`), and Hearth's `{devicePairing, nodePairing}`
 * (`hearth nodes pending --json`).
 */

/** One pending request (device layer: `deviceId`; node command-surface layer: `nodeId`). */
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

/** All pending requests in a list document, from whichever shape it has. */
export function pendingOf(doc: unknown): PendingEntry[] {
  let list: unknown[] = [];
  if (Array.isArray(doc)) list = doc;
  else if (isObj(doc)) {
    if (Array.isArray(doc['pending'])) list = doc['pending'];
    for (const k of ['devicePairing', 'nodePairing']) list = list.concat(pendingOf(doc[k]));
  }
  return list.filter((e): e is PendingEntry => isObj(e) && typeof e['requestId'] === 'string');
}

/** The paired entries in a list document (`paired`, or `nodes` for node.list). */
export function pairedOf(doc: unknown): Record<string, unknown>[] {
  if (!isObj(doc)) return [];
  const list = Array.isArray(doc['paired']) ? doc['paired'] : Array.isArray(doc['nodes']) ? doc['nodes'] : [];
  return list.filter(isObj);
}

/**
 * The pending request of `layer` for a device/node, matched on its id or, when `id` is not a
 * 64-hex id, on its display name.
 */
export function pendingFor(doc: unknown, id: string, layer: 'device' | 'node'): PendingEntry | undefined {
  const byId = /^[0-9a-f]{64}$/.test(id);
  return pendingOf(doc).find((e) => {
    const entryId = layer === 'device' ? e.deviceId : e.nodeId;
    if (typeof entryId !== 'string' || (layer === 'device' && e.nodeId !== undefined)) return false;
    return byId ? entryId === id : e.displayName === id;
  });
}
