/**
 * A sentence written by the gateway, in the UI's language (i18n/gateway-text.ts), with its
 * `backticked` commands shown as code. Without a translation the Chinese UI folds the English
 * under "Technical details" rather than mixing languages in the text.
 */
import { useSlice, useT } from '../app/context.tsx';
import { gatewayText } from '../i18n/gateway-text.ts';
import { WithCode } from './WithCode.tsx';

export function GatewayText({ text, className, as: Tag = 'span' }: { text: string; className?: string; as?: 'span' | 'p' | 'div' }) {
  const t = useT();
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  const shown = gatewayText(lang, text);
  if (shown !== undefined) return <Tag className={className}><WithCode text={shown} /></Tag>;
  return (
    // data-untranslated: screens.spec fails a zh-CN screen that shows one (a template is missing).
    <details className={`small${className ? ` ${className}` : ''}`} data-untranslated="">
      <summary>{t('login.details')}</summary>
      <code className="wrap" translate="no">{text}</code>
    </details>
  );
}
