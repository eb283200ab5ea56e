/**
 * The desktop shell's app (Electron window on `hearth://app/desktop.html`): first-run wizard,
 * node status and desktop settings, chosen by the hash route; `hearth:navigate` from main moves
 * between them. Talks to main only through the preload bridge.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { LANGS } from '../i18n/i18n.ts';
import { useDesktop, useDT } from './context.tsx';
import { DesktopSettingsScreen } from './DesktopSettings.tsx';
import { NodeStatusScreen } from './NodeStatus.tsx';
import { WizardScreen } from './Wizard.tsx';

type DesktopRoute = 'wizard' | 'node' | 'settings';

function routeOf(hash: string): DesktopRoute {
  const r = hash.replace(/^#\/?/, '');
  return r.startsWith('wizard') ? 'wizard' : r.startsWith('settings') ? 'settings' : 'node';
}

export function DesktopApp() {
  const { bridge, i18n } = useDesktop();
  const t = useDT();
  const lang = useStore(i18n, (s) => s.lang);
  const [route, setRoute] = useState<DesktopRoute>(() => routeOf(location.hash));
  const [role, setRole] = useState<string | null | undefined>();
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', onHash);
    const off = bridge.on('hearth:navigate', ({ page }) => { location.hash = `#/${page}`; });
    void bridge.invoke('hearth:bootstrap', null).then((b) => setRole(b.role));
    return () => {
      window.removeEventListener('hashchange', onHash);
      off();
    };
  }, [bridge]);
  useEffect(() => {
    document.documentElement.lang = lang;
    // The tray menu speaks the window's language: main keeps it in the desktop settings.
    void bridge.invoke('hearth:prefs-set', { language: lang }).catch(() => undefined);
  }, [lang, bridge]);
  return (
    <div className="desktop-shell">
      <header className="topbar row-between">
        <strong className="brand">Hearth</strong>
        <div className="row gap">
          {route !== 'settings' && <a href="#/settings" className="small">{t('desk.settings')}</a>}
          {route === 'settings' && <a href={role === 'node' ? '#/node' : '#/wizard'} className="small">{t('desk.back')}</a>}
          <select aria-label={t('desk.language')} value={lang} onChange={(e) => i18n.getState().setLang(e.target.value as 'en' | 'zh-CN')} data-testid="desktop-lang">
            {LANGS.map((l) => <option key={l} value={l} lang={l}>{l === 'en' ? 'English' : '简体中文'}</option>)}
          </select>
        </div>
      </header>
      <main className="screen">
        {route === 'wizard' && <WizardScreen />}
        {route === 'node' && <NodeStatusScreen />}
        {route === 'settings' && <DesktopSettingsScreen />}
      </main>
    </div>
  );
}
