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

/** The stderr line for a failure (names in it may come from peers: control characters are shown escaped). */
export function formatFailure(message: string): string {
  const text = oneLine(message).replace(/^hearth:\s*/, '').replace(/^error:\s*/i, '');
  return `hearth: ${terminalSafe(text)}`;
}
