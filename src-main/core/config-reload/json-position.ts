/** Where in a JSON text something is: line and column for parse errors, the line of a dotted key. */

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Where JSON.parse stopped: V8 says "at position N" (Node 22+ adds "(line L column C)"). */
export function jsonErrorPlace(text: string, message: string): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineColumnAt(text, Number(pos[1]));
  if (/Unexpected end of JSON input/.test(message)) return lineColumnAt(text, text.length);
  return undefined;
}

/** The V8 reason without the repeated snippet and position: "Expected ',' or '}' after property value". */
export function jsonReason(message: string): string {
  return message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)\s*$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .trim();
}

/**
 * The line of a dotted key (`gateway.allowedHosts`) in the file: the first `"leaf":` after the
 * parent's own key, so `gateway.port` is not confused with another section's `port`.
 */
export function lineOfKey(text: string, dotted: string): number | undefined {
  let from = 0;
  let at = -1;
  for (const part of dotted.split('.')) {
    const re = new RegExp(`"${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return at >= 0 ? lineColumnAt(text, at).line : undefined;
    at = m.index;
    from = m.index + m[0].length;
  }
  return at >= 0 ? lineColumnAt(text, at).line : undefined;
}

/** `<path>: gateway.port must be …` → `<path> line 3: gateway.port must be …` when the key is found. */
export function withKeyLine(message: string, path: string, text: string): string {
  const key = /^.*?: ([a-zA-Z.]+) must be /.exec(message)?.[1];
  const line = key ? lineOfKey(text, key) : undefined;
  return line !== undefined && message.startsWith(`${path}: `) ? message.replace(`${path}: `, `${path} line ${line}: `) : message;
}
