/**
 * `/run <node> <command…>` parsing (the node name itself resolves like everywhere else: src-shared/client/resolve-node.ts). Phones type “smart quotes”, so those count as plain quotes;
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
