/**
 * Whatever a node sends is untrusted input: a paired node can be buggy or hostile. Before any of
 * it is stored, broadcast or re-serialised, its shape is bounded here — nesting depth (a deep
 * structure makes `JSON.stringify` throw a RangeError far from where it arrived), size, and the
 * length of the strings that end up in node.list and the audit log. Checks are iterative, so a
 * hostile input cannot overflow the stack while being checked.
 */

/** Deeper than any real payload (system.run results are 2 levels); far below the stack limit. */
export const MAX_NODE_JSON_DEPTH = 64;
/** A result carries at most two capped output streams; 16 MiB leaves room for JSON escaping. */
export const MAX_NODE_RESULT_CHARS = 16 * 1024 * 1024;
/** Strings a node reports about itself (error messages, names) as kept and shown. */
export const MAX_NODE_TEXT = 4096;

/** True when `value` nests deeper than `max` levels (objects and arrays), or is cyclic-looking. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    // A parsed JSON value is a tree; millions of nodes are as bad as depth for what follows.
    if (++visited > 2_000_000) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}

/** Cuts a node-supplied string to `max` characters, saying so. */
export function boundText(s: string, max = MAX_NODE_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters from the node not kept]`;
}

export type NodeResultRead =
  | { ok: true; payload: unknown; payloadJSON: string | null }
  | { ok: false; problem: string };

/** Reads the payload of a successful `node.invoke.result` (payloadJSON wins, as on the real gateway). */
export function readNodePayload(payload: unknown, payloadJSON: string | undefined): NodeResultRead {
  if (payloadJSON !== undefined) {
    if (payloadJSON.length > MAX_NODE_RESULT_CHARS) {
      return { ok: false, problem: `its payloadJSON is ${payloadJSON.length} characters (at most ${MAX_NODE_RESULT_CHARS})` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payloadJSON);
    } catch {
      return { ok: false, problem: 'its payloadJSON is not valid JSON' };
    }
    if (nestsDeeperThan(parsed, MAX_NODE_JSON_DEPTH)) return { ok: false, problem: `its payload nests deeper than ${MAX_NODE_JSON_DEPTH} levels` };
    return { ok: true, payload: parsed ?? null, payloadJSON };
  }
  if (payload === undefined) return { ok: true, payload: null, payloadJSON: null };
  if (nestsDeeperThan(payload, MAX_NODE_JSON_DEPTH)) return { ok: false, problem: `its payload nests deeper than ${MAX_NODE_JSON_DEPTH} levels` };
  const json = JSON.stringify(payload);
  if (json.length > MAX_NODE_RESULT_CHARS) return { ok: false, problem: `its payload is ${json.length} characters as JSON (at most ${MAX_NODE_RESULT_CHARS})` };
  return { ok: true, payload, payloadJSON: json };
}

/** Command and capability names a node declares: at most 512, each at most 200 characters. */
export function boundNames(names: readonly string[]): string[] {
  return names.filter((n) => typeof n === 'string' && n !== '' && n.length <= 200).slice(0, 512);
}
