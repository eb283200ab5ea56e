/** A sentence from the main process in the window's language, or folded as technical details when it has no translation. */
import { WithCode } from '../ui/WithCode.tsx';
import { mainText } from './main-text.ts';
import { useDT, useLang } from './context.tsx';

export function MainText({ text, as: Tag = 'p', className }: { text: string; as?: 'p' | 'div' | 'li' | 'h2' | 'span'; className?: string }) {
  const lang = useLang();
  const t = useDT();
  const shown = mainText(lang, text);
  if (shown !== undefined) return <Tag className={className}><WithCode text={shown} /></Tag>;
  return (
    // data-untranslated: screens.spec fails a zh-CN screen that shows one (a template is missing).
    <details className={`muted small${className ? ` ${className}` : ''}`} data-untranslated="">
      <summary>{t('desk.technicalDetails')}</summary>
      <code className="wrap" translate="no">{text}</code>
    </details>
  );
}

/** Raw system text (an errno line, a log message): shown as is, marked as not for translation. */
export function RawDetail({ text }: { text: string }) {
  return <p className="muted small"><code className="mono wrap" translate="no">{text}</code></p>;
}
