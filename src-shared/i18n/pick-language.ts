/**
 * The two languages Hearth's screens speak, and how one is picked from a preference list (the
 * browser's `navigator.languages`, the OS's preferred languages in the Electron shell): the
 * first `zh*` or `en*` entry wins, anything else falls back to English.
 */
export type UiLanguage = 'en' | 'zh-CN';

export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'zh-CN'];

export function pickLanguage(preferred: readonly string[]): UiLanguage {
  for (const p of preferred) {
    const l = p.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}
