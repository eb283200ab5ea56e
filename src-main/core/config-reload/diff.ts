/** Which settings differ between two configs, as dotted keys (never the values: some are secrets). */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Dotted paths of the leaves that differ (`gateway.allowedHosts`, `gateway.auth.token`); lists
 * count as one leaf, compared by value. Sorted, so log lines are stable.
 */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => changedKeys(before[k], after[k], prefix ? `${prefix}.${k}` : k)).sort();
  }
  if (isPlainObject(before) || isPlainObject(after)) {
    // One side is a section, the other absent: every leaf of the present side changed.
    return changedKeys(isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}, prefix);
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}
