/**
 * Text that came from a peer, made safe to show. A device's name, an alert message, a model id
 * from a server on the LAN can carry terminal escape sequences (clear the screen, retitle the
 * window, move the cursor to overwrite a line), carriage returns and newlines that forge table
 * rows, or bidi overrides that reorder what is shown (a name that reads differently than it is).
 * Browser-safe.
 */

/**
 * C0 controls (except tab and newline), DEL, C1 controls, and the bidi embedding, override and
 * isolate controls plus the directional marks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The same set with tab and newline: what a one-line name may not hold. */
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `\x1b`-style escape for one character (visible, and copyable into a shell). */
function escaped(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
}

/**
 * `text` for a terminal: every control character except tab and newline shown escaped
 * (`\x1b`), so nothing it holds acts on the terminal. Text without any comes back as it was.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** The longest display name the gateway keeps, in characters (a table row stays readable). */
export const MAX_DISPLAY_NAME_CHARS = 128;

/**
 * A display name a peer sent, as the gateway keeps it: control and bidi characters removed,
 * whitespace runs made one space, trimmed, at most {@link MAX_DISPLAY_NAME_CHARS} characters;
 * undefined when nothing is left.
 */
export function cleanDisplayName(raw: string): string | undefined {
  const chars = [...raw.replace(UNSAFE_IN_NAME, ' ').replace(/\s+/gu, ' ').trim()];
  if (chars.length === 0) return undefined;
  return chars.length <= MAX_DISPLAY_NAME_CHARS ? chars.join('') : `${chars.slice(0, MAX_DISPLAY_NAME_CHARS - 1).join('')}…`;
}
