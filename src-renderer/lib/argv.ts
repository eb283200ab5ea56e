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

// Words a shell runs itself: no program of that name exists on a node (`for`, `cd`, `export`).
const SHELL_WORDS = new Set(['for', 'while', 'until', 'if', 'case', 'function', 'select', 'cd', 'export', 'source', '.', 'alias', 'set', 'unset', 'ulimit', 'umask', '[[', '{', '(']);

/**
 * The first piece of shell syntax in `line` outside quotes (`|`, `&&`, `>`, `$(`, `$VAR`, `*`, a
 * leading `for`/`cd`…), or undefined. The node runs argv without a shell, so these are passed on
 * as plain words; the form says so and offers to run the line through a shell instead.
 */
export function shellSyntax(line: string): string | undefined {
  const { argv, error } = splitArgv(line);
  if (error || argv.length === 0) return undefined;
  const first = line.trim().split(/\s+/)[0] ?? '';
  if (SHELL_WORDS.has(first) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) return first.replace(/=.*/, '=');
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (quote === '"' && c === '\\') i++;
      else if (quote === '"' && c === '`') return c;
      else if (quote === '"' && c === '$' && /[({A-Za-z_]/.test(line[i + 1] ?? '')) return line[i + 1] === '(' ? '$(' : '$';
      continue;
    }
    if (c === '\\') { i++; continue; }
    if (c === "'" || c === '"') { quote = c; continue; }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '$(' || two === '>>') return two;
    if ('|;<>&`*'.includes(c)) return c;
    if (c === '$' && /[{A-Za-z_]/.test(line[i + 1] ?? '')) return '$';
  }
  return undefined;
}

/** `line` as one shell command for the node's platform (`sh -c '…'`, on Windows `cmd /c …`). */
export function throughShell(line: string, platform: string | undefined): string {
  const l = line.trim();
  return /^win/i.test(platform ?? '') ? formatArgv(['cmd', '/c', l]) : formatArgv(['sh', '-c', l]);
}
