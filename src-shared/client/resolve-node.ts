/**
 * Finds the node a user means by `<node>`: its id, a unique id prefix (or fingerprint), its display
 * name, its IP, or lastly a unique name prefix. Exact matches win over prefixes; a tie is an error
 * that lists the candidates. The CLI, the UI and the Telegram bot all resolve names this way.
 */
import { HearthError } from '../hearth-error.ts';
import { shortFingerprint } from '../protocol/device-auth.ts';
import type { NodeEntry } from '../protocol/types.ts';

/** The fields resolution looks at (a full `node.list` entry has them all). */
export type NodeRef = Pick<NodeEntry, 'nodeId' | 'displayName' | 'remoteIp' | 'connected'>;

/** Where a client's user looks next; the defaults are the CLI's commands. */
export interface ResolveHints {
  /** How to list the nodes, e.g. "see `hearth nodes list`" or "see /nodes". */
  list?: string;
  /** What to do when no node is paired at all. */
  pair?: string;
}

const CLI_HINTS: Required<ResolveHints> = {
  list: 'see `hearth nodes list`',
  pair: 'pair one with `hearth qr --node` and `hearth node run --pair <code>`',
};

/** One line describing a node for candidate lists: `name (3F63-B179-FF79, 192.168.1.20, online)`. */
export function describeCandidate(n: NodeRef): string {
  const parts = [shortFingerprint(n.nodeId)];
  if (n.remoteIp) parts.push(n.remoteIp);
  parts.push(n.connected ? 'online' : 'offline');
  return `${n.displayName ?? n.nodeId.slice(0, 12)} (${parts.join(', ')})`;
}

/** Tiers below that match a whole name or address (not a prefix). */
const EXACT_TIERS = new Set([1, 2, 3]);

/** Resolves `query` against `nodes`; throws a HearthError naming the candidates when it cannot. */
export function resolveNode<N extends NodeRef>(query: string, nodes: readonly N[], hints: ResolveHints = {}): N {
  const h = { ...CLI_HINTS, ...hints };
  const q = query.trim();
  if (q === '') throw new HearthError(`the node name is empty; pass a node id, name or IP (${h.list})`);
  const lower = q.toLowerCase();
  const hex = /^[0-9a-f-]+$/i.test(q) ? lower.replace(/-/g, '') : undefined;
  const tiers: ((n: N) => boolean)[] = [
    (n) => n.nodeId === lower,
    (n) => n.displayName === q,
    (n) => n.remoteIp !== undefined && n.remoteIp === q,
    (n) => n.displayName !== undefined && n.displayName.toLowerCase() === lower,
    (n) => hex !== undefined && hex !== '' && n.nodeId.startsWith(hex),
    (n) => n.displayName !== undefined && n.displayName.toLowerCase().startsWith(lower),
  ];
  for (const [tier, match] of tiers.entries()) {
    const found = nodes.filter(match);
    if (found.length === 1) return found[0]!;
    // A machine paired again keeps its name (and often its IP) while the old entry lingers
    // offline: an exact name or IP that only one connected node has means that one.
    const online = EXACT_TIERS.has(tier) ? found.filter((n) => n.connected) : [];
    if (online.length === 1) return online[0]!;
    if (found.length > 1) {
      throw new HearthError(`"${q}" matches ${found.length} nodes: ${found.map(describeCandidate).join('; ')}; pass a longer id prefix`);
    }
  }
  if (nodes.length === 0) throw new HearthError(`no node "${q}": no nodes are known yet; ${h.pair}`);
  throw new HearthError(`no node "${q}"; known nodes: ${nodes.map(describeCandidate).join('; ')}`);
}
