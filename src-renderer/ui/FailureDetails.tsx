/**
 * The gateway's own words about a failure, under the plain headline: in Chinese when a template
 * knows the sentence, with the English original folded away for support either way. A zh-CN
 * sentence no template knows is marked data-untranslated (screens.spec fails on it).
 */
import { useSlice, useT } from '../app/context.tsx';
import { gatewayText } from '../i18n/gateway-text.ts';
import { WithCode } from './WithCode.tsx';

/** `raw`: a tool's own output (wg, tailscale), shown as it is: no template is expected to know it. */
export function FailureDetails({ message, testId, raw = false }: { message: string; testId?: string; raw?: boolean }) {
  const t = useT();
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  if (!message) return null;
  // The English UI's headline already says it in the UI's words; the gateway's English is the detail.
  const shown = lang === 'zh-CN' && !raw ? gatewayText(lang, message) : undefined;
  return (
    <>
      {shown !== undefined && <div className="small" data-testid={testId && `${testId}-text`}><WithCode text={shown} /></div>}
      <details className="muted small" data-testid={testId} {...(lang === 'zh-CN' && !raw && shown === undefined ? { 'data-untranslated': '' } : {})}>
        <summary>{t('login.details')}</summary>
        <code className="wrap" translate="no">{message}</code>
      </details>
    </>
  );
}
