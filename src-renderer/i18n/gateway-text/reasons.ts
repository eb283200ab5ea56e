/**
 * Reasons nested inside a gateway sentence ("… failed: <reason>", "… (<errno line>)"): in Chinese
 * through the same templates when one knows them, else kept verbatim as code.
 */
import { errnoZh } from '../errno.ts';
import { firstMatch } from './rule.ts';
// A cycle on purpose: a nested reason may be any gateway sentence. Only called once every module
// has loaded, never while the rule tables are being built.
import { ZH_RULES } from './zh-rules.ts';

/** `text` in Chinese by the first template that matches it; undefined when none does. */
export function zhText(text: string): string | undefined {
  return firstMatch(ZH_RULES, text);
}

/** A nested reason in Chinese, or as system text (in backticks) when no template knows it. */
export function reason(s: string): string {
  return zhText(s) ?? `\`${s}\``;
}

/**
 * A system line that starts with an errno code ("ECONNREFUSED: connect ECONNREFUSED 1.2.3.4:80",
 * "EACCES: permission denied, statfs '/x'"): its meaning, with the line itself as code.
 */
export function errnoLine(s: string): string | undefined {
  const m = /^(E[A-Z_]+): ./.exec(s);
  const meaning = m ? errnoZh(m[1]!) : undefined;
  return meaning && `${meaning}（\`${s}\`）`;
}

/** A system reason: its errno meaning when it has one, else a template, else the text as code. */
export function sysReason(s: string): string {
  return errnoLine(s) ?? reason(s);
}
