/** A gateway sentence template: its shape, and how to rebuild it from the values it matched. */
export type Rule = [RegExp, (...m: string[]) => string | undefined];

/**
 * What the first rule whose shape matches `text` builds from its values (undefined when none
 * matches). The first match decides: a rule that matches but cannot rebuild the sentence (a nested
 * reason no rule knows) gives undefined rather than handing the sentence to a looser rule below.
 */
export function firstMatch(rules: readonly Rule[], text: string): string | undefined {
  for (const [re, build] of rules) {
    const m = re.exec(text);
    if (m) return build(...m.slice(1).map((s) => s ?? ''));
  }
  return undefined;
}

/** `s` as a regular expression that matches exactly it. */
export function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
