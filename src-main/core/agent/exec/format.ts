/** Display forms of a command and of its output, as the real node host reports them in `exec.finished`. */

const PLAIN = /^[A-Za-z0-9_\-./:=@%+,]+$/;

/** argv → one display string: `sh -c "echo hello; exit 3"` (args with spaces or shell characters double-quoted). */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (PLAIN.test(a) ? a : `"${a.replace(/(["\\`])/g, '\\$1')}"`)).join(' ');
}

/**
 * The `output` summary of `exec.finished`: stdout and stderr joined by a newline, trailing
 * whitespace trimmed (kept when it is all there is), cut to the last `maxChars` characters.
 */
export function summarizeOutput(stdout: string, stderr: string, maxChars = 4096): string {
  const joined = [stdout, stderr].filter((s) => s.length > 0).join('\n');
  const trimmed = joined.trimEnd() || joined;
  if (trimmed.length <= maxChars) return trimmed;
  return `…${trimmed.slice(trimmed.length - maxChars + 1)}`;
}
