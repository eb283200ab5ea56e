/** The one way a `hearth` command fails: a single line `hearth: <reason and the fix>` and an exit code. */

/** A failure the user can act on; `message` already names the fix (core's HearthError). */
import { terminalSafe } from '../../src-shared/text/control-chars.ts';

export { HearthError as CliError } from '../core/errors.ts';

/** Collapses a message to one line (stderr must carry exactly one line per failure). */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('; ');
}

/** Longest failure line: text from a peer (a gateway's error message) may be megabytes. */
export const MAX_FAILURE_CHARS = 4096;

/** The stderr line for a failure (names in it may come from peers: control characters are shown escaped). */
export function formatFailure(message: string): string {
  let text = oneLine(message).replace(/^hearth:\s*/, '').replace(/^error:\s*/i, '');
  if (text.length > MAX_FAILURE_CHARS) text = `${text.slice(0, MAX_FAILURE_CHARS)}… (${text.length - MAX_FAILURE_CHARS} more characters cut)`;
  return `hearth: ${terminalSafe(text)}`;
}
