/**
 * zh-CN and English. The language comes from the browser on first visit, can be switched,
 * and is remembered. Messages are flat keys with `{name}` placeholders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { UI_LANGUAGES, pickLanguage, type UiLanguage } from '../../src-shared/i18n/pick-language.ts';
import type { StorageLike } from '../lib/storage.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = UiLanguage;
export const LANGS: readonly Lang[] = UI_LANGUAGES;
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

const KEY = 'hearth.lang';

/** Picks the first supported language from the browser's preference list (any `zh*` → zh-CN). */
export const detectLang = pickLanguage;

/** Formats a message: `{name}` placeholders are replaced by `vars.name`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export interface I18nSlice {
  lang: Lang;
  setLang(lang: Lang): void;
}

export type I18nStore = StoreApi<I18nSlice>;

/** Creates the language store: remembered choice, else the browser's language. */
export function createI18nStore(storage: StorageLike, preferred: readonly string[]): I18nStore {
  const saved = storage.getItem(KEY);
  const initial: Lang = saved === 'en' || saved === 'zh-CN' ? saved : detectLang(preferred);
  return createStore<I18nSlice>((set) => ({
    lang: initial,
    setLang(lang) {
      storage.setItem(KEY, lang);
      set({ lang });
    },
  }));
}

export type { MessageKey };
