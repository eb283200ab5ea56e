/**
 * Finds the node a user means by `<node>`: its id, a unique id prefix (or fingerprint), its display
 * name, its IP, or lastly a unique name prefix. Exact matches win over prefixes; a tie is an error that lists the candidates.
 */
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import { CliError } from './cli-error.ts';

/** One line describing a node for candidate lists: `name (3F63-B179-FF79, 192.168.1.20, online)`. */
export function describeCandidate(n: NodeEntry): string {
  const parts = [shortFingerprint(n.nodeId)];
  if (n.remoteIp) parts.push(n.remoteIp);
  parts.push(n.connected ? 'online' : 'offline');
  return `${n.displayName ?? n.nodeId.slice(0, 12)} (${parts.join(', ')})`;
}

/** Resolves `query` against `nodes`; throws a CliError naming the candidates when it cannot. */
export function resolveNode(query: string, nodes: readonly NodeEntry[]): NodeEntry {
  const q = query.trim();
  if (q === '') throw new CliError('the node name is empty; pass a node id, name or IP (see `hearth nodes list`)');
  const lower = q.toLowerCase();
  const hex = /^[0-9a-f-]+$/i.test(q) ? lower.replace(/-/g, '') : undefined;
  const tiers: ((n: NodeEntry) => boolean)[] = [
    (n) => n.nodeId === lower,
    (n) => n.displayName === q,
    (n) => n.remoteIp !== undefined && n.remoteIp === q,
    (n) => n.displayName !== undefined && n.displayName.toLowerCase() === lower,
    (n) => hex !== undefined && hex !== '' && n.nodeId.startsWith(hex),
    (n) => n.displayName !== undefined && n.displayName.toLowerCase().startsWith(lower),
  ];
  for (const match of tiers) {
    const found = nodes.filter(match);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new CliError(`"${q}" matches ${found.length} nodes: ${found.map(describeCandidate).join('; ')}; pass a longer id prefix`);
    }
  }
  if (nodes.length === 0) {
    throw new CliError(`no node "${q}": no nodes are known yet; pair one with \`hearth qr --node\` and \`hearth node run --pair <code>\``);
  }
  throw new CliError(`no node "${q}"; known nodes: ${nodes.map(describeCandidate).join('; ')}`);
}
