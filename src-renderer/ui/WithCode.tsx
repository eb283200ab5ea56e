/** Text with `backticked` commands (how messages mark them) shown as code. */
import { Fragment } from 'react';

/**
 * A short word with a hyphen (`--latest`, `wg-quick`) is kept whole: a browser breaks after a
 * hyphen, and `hearth nodes approve --` at a line's end with `latest` below reads as two things.
 * Other words keep the breaks they had: a long path or URL, or `18789:127.0.0.1:18789` in a
 * narrow card, must still break where it has to, or it would overflow a phone.
 */
const UNBROKEN_WORD = /^(?=\S*-)\S{1,20}$/;

/** One command: its short hyphenated words kept whole, the spaces between words left as break points. */
function Command({ text }: { text: string }) {
  return <code translate="no">{text.split(/(\s+)/).map((w, i) => (UNBROKEN_WORD.test(w) ? <span key={i} className="nowrap">{w}</span> : <Fragment key={i}>{w}</Fragment>))}</code>;
}

/** Splits on backticks: odd parts are commands. */
export function WithCode({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <Command key={i} text={part} /> : <Fragment key={i}>{part}</Fragment>))}</>;
}
