/**
 * Splits a command line into argv the way a POSIX shell would for plain words and quotes:
 * 'single' is literal, "double" honours \" and \\, a backslash outside quotes escapes the next
 * character. No expansion happens: the node runs argv directly, not through a shell.
 */
export function splitArgv(line: string): { argv: string[]; error?: 'unclosed-quote' } {
  const argv: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return { argv: [], error: 'unclosed-quote' };
  if (inWord) argv.push(cur);
  return { argv };
}

/** Joins argv back into a readable line, quoting words that need it. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (a === '' ? "''" : /[^\w@%+=:,./-]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}
