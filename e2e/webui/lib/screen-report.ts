/**
 * Turns the facts of one screenshot into a list of problems: layout (page-checks.ts) and
 * language — English left in zh-CN (untranslated.ts), Chinese in English outside the data, and
 * i18n keys shown raw.
 */
import { DICTIONARIES } from '../../../src-renderer/i18n/i18n.ts';
import type { PageFacts } from './page-checks.ts';
import { untranslatedRuns } from './untranslated.ts';

export type ScreenLang = 'en' | 'zh-CN';

const KEYS = new Set(Object.keys(DICTIONARIES.en));
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

export interface ReportInput {
  lang: ScreenLang;
  facts: PageFacts;
  /** Words of the data on screen (node and host names) that are not UI text. */
  dataWords: ReadonlySet<string>;
  /** Whole data strings (a Chinese node name) to ignore in the English check. */
  dataStrings: readonly string[];
}

export function screenProblems(i: ReportInput): string[] {
  const p: string[] = [];
  const { facts } = i;
  if (facts.scrollWidth > facts.clientWidth) p.push(`scrolls sideways: ${facts.scrollWidth} px wide in a ${facts.clientWidth} px viewport`);
  for (const o of facts.overlaps) p.push(`overlap: ${o}`);
  for (const c of facts.clipped) p.push(`clipped: ${c}`);
  for (const s of facts.smallTargets) p.push(`tap target under 40×40: ${s}`);
  for (const b of facts.brokenSentences) p.push(`sentence broken at its code: ${b}`);
  // The English stays available to the English UI as it is; in zh-CN a folded sentence is a missing template.
  if (i.lang === 'zh-CN') for (const u of facts.untranslated) p.push(`sentence with no zh-CN template (the gateway's: its area's file in i18n/gateway-text/; the desktop main process's: desktop/main-text.ts): "${u}"`);
  for (const { text, code, foreign } of facts.texts) {
    for (const m of text.matchAll(/[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9-]+)+/g)) {
      if (KEYS.has(m[0])) p.push(`raw i18n key shown: "${m[0]}" in "${text}"`);
    }
    if (code || foreign) continue;
    // Commands are `backticked` in messages for the UI to show as code (WithCode); a backtick on
    // screen is that markup shown raw.
    if (text.includes('`')) p.push(`raw backticks (render it with WithCode): "${text}"`);
    // A --flag in prose is an instruction for a CLI the phone user does not have in hand: say what
    // to do in words and put the flag (or the whole command) in a code span after them.
    if (/(^|[^\w-])--[a-z]/.test(text)) p.push(`CLI flag outside code: "${text}"`);
    let rest = text;
    for (const d of i.dataStrings) rest = rest.split(d).join(' ');
    // A long name shortened with an ellipsis is still the name.
    rest = rest.replace(/(\S+)…/gu, (m, head: string) => (i.dataStrings.some((d) => d.startsWith(head)) ? ' ' : m));
    if (i.lang === 'zh-CN') {
      for (const run of untranslatedRuns(rest, i.dataWords)) p.push(`untranslated in zh-CN: "${run}" in "${text}"`);
    } else if (CJK.test(rest)) {
      p.push(`Chinese on the English screen: "${text}"`);
    }
  }
  return [...new Set(p)];
}
