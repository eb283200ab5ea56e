/** Text with `backticked` commands (how messages mark them) shown as code. */
import { Fragment } from 'react';

/** Splits on backticks: odd parts are commands. */
export function WithCode({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i} translate="no">{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>;
}
