/** "Did you mean …?" for names a person typed: the closest known name by edit distance. */

/** Levenshtein distance, case-insensitive (a typo in case is still a typo of the same name). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * The known name closest to `typed`. A name that contains what was typed (or the other way
 * round) wins over edit distance, so `nodeOffline` finds `alerts.nodeOfflineAfterMs`.
 */
export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of known) {
    const n = name.toLowerCase();
    const score = n.includes(t) || t.includes(n) ? Math.abs(n.length - t.length) / 1000 : editDistance(t, n);
    if (score < bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}
