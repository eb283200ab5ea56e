/**
 * `/run <node> <command…>` parsing. Phones type “smart quotes”, so those count as plain quotes;
 * words split like a shell's (quotes group, backslash escapes) but nothing is expanded: the node
 * runs the argv directly.
 */
export function splitWords(line: string): string[] | undefined {
  const s = line.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = null;
      else if (q === '"' && c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (q) return undefined;
  if (has) out.push(cur);
  return out;
}

export interface NodeLike { nodeId: string; displayName?: string; remoteIp?: string; connected: boolean }

/** Finds a node by name (case-insensitive), id prefix or IP; an error names the choices. */
export function findNode<N extends NodeLike>(query: string, nodes: readonly N[]): N | string {
  const q = query.toLowerCase();
  const exact = nodes.filter((n) => n.displayName?.toLowerCase() === q || n.nodeId === q || n.remoteIp === query);
  const matches = exact.length > 0 ? exact : nodes.filter((n) => q.length >= 6 && n.nodeId.startsWith(q));
  if (matches.length === 1) return matches[0]!;
  const names = nodes.map((n) => n.displayName ?? n.nodeId.slice(0, 12)).join(', ') || 'none paired';
  if (matches.length > 1) return `"${query}" matches ${matches.length} nodes; use more of the id (nodes: ${names})`;
  return `no node "${query}" (nodes: ${names}); see /nodes`;
}
