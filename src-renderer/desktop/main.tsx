/**
 * Entry of the desktop shell's page (`desktop.html`): language store → IPC bridge from the
 * preload → render. Without the bridge (opened in a plain browser) it says where it works.
 */
import { createRoot } from 'react-dom/client';
import { BRIDGE_GLOBAL, type HearthBridge } from '../../src-shared/ipc/contract.ts';
import { createI18nStore } from '../i18n/i18n.ts';
import { desktopEn, desktopZh } from '../i18n/desktop.ts';
import { browserStorage } from '../lib/storage.ts';
import { DesktopProvider } from './context.tsx';
import { DesktopApp } from './DesktopApp.tsx';

const i18n = createI18nStore(browserStorage('localStorage'), navigator.languages?.length ? navigator.languages : [navigator.language]);
const bridge = (window as unknown as Record<string, HearthBridge | undefined>)[BRIDGE_GLOBAL];
const root = createRoot(document.getElementById('root')!);
if (!bridge) {
  root.render(<p className="muted screen">{(i18n.getState().lang === 'zh-CN' ? desktopZh : desktopEn)['desk.onlyInApp']}</p>);
} else {
  root.render(<DesktopProvider value={{ bridge, i18n }}><DesktopApp /></DesktopProvider>);
}
