/**
 * Services of the desktop shell's screens: the IPC-backed client (`window.hearth`, the preload
 * bridge; the screens never see Electron) and the language store shared with the web UI.
 */
import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { HearthBridge } from '../../src-shared/ipc/contract.ts';
import type { I18nStore } from '../i18n/i18n.ts';
import { desktopEn, desktopZh, type DesktopKey } from '../i18n/desktop.ts';

export interface DesktopServices {
  bridge: HearthBridge;
  i18n: I18nStore;
}

const Ctx = createContext<DesktopServices | null>(null);
export const DesktopProvider = Ctx.Provider;

export function useDesktop(): DesktopServices {
  const v = useContext(Ctx);
  if (!v) throw new Error('DesktopProvider missing');
  return v;
}

export type DesktopT = (key: DesktopKey, vars?: Record<string, string | number>) => string;

/** Translate for the desktop screens in the current language. */
export function useDT(): DesktopT {
  const lang = useStore(useDesktop().i18n, (s) => s.lang);
  return useCallback((key, vars) => {
    const text = (lang === 'zh-CN' ? desktopZh : desktopEn)[key] ?? desktopEn[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : text;
  }, [lang]);
}

export function useLang(): 'en' | 'zh-CN' {
  return useStore(useDesktop().i18n, (s) => s.lang);
}
