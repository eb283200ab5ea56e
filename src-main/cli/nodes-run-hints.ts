/**
 * Messages for the two ways `hearth nodes run` trips newcomers: the command's own options
 * without `--` in front (commander then calls them unknown); a program the node cannot find is
 * src-shared/client/invoke-result.ts's `launchFailureText`.
 */

/** Options of `nodes run` that take a value (their value is not the node name or the command). */
const VALUE_OPTIONS = new Set(['--cwd', '--timeout', '--max-output', '--url', '--token', '--password', '--state-dir']);

/**
 * For `hearth nodes run box ls -a` (no `--`): the corrected command line, or undefined when
 * argv is not a `nodes run` with a node and a command.
 */
export function missingDashFix(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'nodes' || argv[1] !== 'run' || argv.includes('--')) return undefined;
  const positions: number[] = [];
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) { i++; continue; }
    if (a === '--env') {
      while (argv[i + 1]?.includes('=') && !argv[i + 1]!.startsWith('-')) i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    positions.push(i);
    if (positions.length === 2) break;
  }
  if (positions.length < 2) return undefined;
  const at = positions[1]!;
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['hearth', ...argv.slice(0, at), '--', ...argv.slice(at)].map(quote).join(' ');
}

/** Commander's "unknown option" for `nodes run`, with the `--` hint when that is the cause. */
export function unknownOptionHint(message: string, argv: readonly string[]): string | undefined {
  const m = /unknown option '([^']+)'/.exec(message);
  const fix = m ? missingDashFix(argv) : undefined;
  if (!m || !fix) return undefined;
  return `unknown option '${m[1]}': hearth took it for one of its own; put -- before the command to pass options to it: ${fix}`;
}
