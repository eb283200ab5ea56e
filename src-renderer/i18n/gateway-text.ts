/**
 * Sentences the gateway writes in English (alert messages, address notes and warnings of the
 * remote-access module, storage errors), in the UI's language. The gateway builds them from fixed
 * templates, so each template is matched by its shape and rebuilt in Chinese with the same values;
 * a part that is free text from the system (an errno line) is kept verbatim in backticks, which
 * the UI shows as code. A sentence with no matching template gives undefined: the screen then
 * folds the English under "Technical details" instead of guessing. screens.spec.ts shows these
 * screens in zh-CN with real gateway output, so a new template shows up there as English.
 */
import type { Lang } from './i18n.ts';
import { english } from './gateway-text/english.ts';
import { zhText } from './gateway-text/reasons.ts';

/** `text` in `lang`; undefined when no template matches (show the English as details). */
export function gatewayText(lang: Lang, text: string): string | undefined {
  return lang === 'en' ? english(text) : zhText(text);
}
