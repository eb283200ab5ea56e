/** Text with `backticked` commands (how messages mark them) shown as code. */
import { Fragment } from 'react';

/**
 * A flag or short command word (`--token`, `hearth`) is never broken across lines: a browser
 * may break after a hyphen, and "--" at a line's end with "token" below reads as two things.
 * Longer ones (a whole command line, a URL) still wrap, or they would overflow a phone screen.
 */
const UNBROKEN = /^\S{1,28}$/;

/** Splits on backticks: odd parts are commands. */
export function WithCode({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1
    ? <code key={i} translate="no" {...(UNBROKEN.test(part) ? { className: 'nowrap' } : {})}>{part}</code>
    : <Fragment key={i}>{part}</Fragment>))}</>;
}
