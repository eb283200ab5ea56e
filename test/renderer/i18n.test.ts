// Every message exists in both languages, with the same placeholders, and none is empty.
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, detectLang, translate, createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';

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
