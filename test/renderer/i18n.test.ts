// Every message exists in both languages, with the same placeholders, and none is empty.
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, detectLang, translate, createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { desktopEn, desktopZh, failureZh } from '../../src-renderer/i18n/desktop.ts';
import { untranslatedRuns, withoutCode } from '../../e2e/webui/lib/untranslated.ts';

/**
 * zh-CN messages that may equal their English text: names and units that Chinese keeps as they
 * are. Anything else equal in both languages was never translated.
 */
const SAME_IN_BOTH = new Set(['desk.bind.tailnet', 'path.wireguard', 'topo.viaWireguard', 'topo.reachTailnet', 'path.tailnet', 'desk.openclaw']);

/** Example values in placeholders that are data, not words (a mount called "nas"). */
const ZH_EXAMPLE_WORDS = new Set(['nas', 'USER', 'VPS', 'KEYFILE', 'NAME']);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has every key in both languages with matching placeholders', () => {
    const en = DICTIONARIES.en;
    const zh = DICTIONARIES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('has the desktop window\'s messages in both languages', () => {
    expect(Object.keys(desktopZh).sort()).toEqual(Object.keys(desktopEn).sort());
  });

  it('translates every message: no zh-CN value equals its English one unless allowlisted', () => {
    const same: string[] = [];
    const pairs: [Record<string, string>, Record<string, string>][] = [[DICTIONARIES.en, DICTIONARIES['zh-CN']], [desktopEn, desktopZh]];
    for (const [en, zh] of pairs) {
      for (const key of Object.keys(en)) if (zh[key] === en[key] && !SAME_IN_BOTH.has(key)) same.push(`${key}: ${en[key]}`);
    }
    expect(same).toEqual([]);
  });

  it('leaves no English words in zh-CN messages (commands in backticks and names aside)', () => {
    const bad: string[] = [];
    const zhTexts: [string, string][] = [
      ...Object.entries(DICTIONARIES['zh-CN']), ...Object.entries(desktopZh),
      ...Object.entries(failureZh).flatMap(([k, f]) => [[`${k}.title`, f.title], [`${k}.message`, f.message], [`${k}.nextStep`, f.nextStep]] as [string, string][]),
    ];
    for (const [key, text] of zhTexts) {
      for (const run of untranslatedRuns(withoutCode(text), ZH_EXAMPLE_WORDS)) bad.push(`${key}: "${run}" in ${text}`);
    }
    expect(bad).toEqual([]);
  });

  it('actually translates the navigation into Chinese', () => {
    expect(translate('zh-CN', 'nav.nodes')).toBe('节点');
    expect(translate('en', 'conn.reconnecting', { s: 3 })).toContain('3');
  });

  it('picks the language from the browser and remembers a choice', () => {
    expect(detectLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLang(['de'])).toBe('en');
    const storage = memoryStorage();
    const a = createI18nStore(storage, ['zh-CN']);
    expect(a.getState().lang).toBe('zh-CN');
    a.getState().setLang('en');
    expect(createI18nStore(storage, ['zh-CN']).getState().lang).toBe('en');
  });
});
