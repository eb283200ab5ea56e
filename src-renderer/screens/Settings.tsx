/** Settings: language, loopback auto-approval, the Telegram bot, this browser, and the paired devices. */
import { useEffect } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { LANGS, type Lang } from '../i18n/i18n.ts';
import { loadSettings, setAutoApprove } from '../state/settings-store.ts';
import { DeviceList } from '../ui/DeviceList.tsx';
import { TelegramSettings } from '../ui/TelegramSettings.tsx';
import { GatewayText } from '../ui/GatewayText.tsx';

const LANG_NAMES: Record<Lang, string> = { 'en': 'English', 'zh-CN': '简体中文' };

export function SettingsScreen() {
  const t = useT();
  const { stores, client, session } = useApp();
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  const setLang = useSlice((s) => s.i18n, (s) => s.setLang);
  const settings = useSlice((s) => s.settings, (s) => s.settings);
  const available = useSlice((s) => s.settings, (s) => s.settingsAvailable);
  const error = useSlice((s) => s.settings, (s) => s.error);
  const fingerprint = useSlice((s) => s.connection, (s) => s.fingerprint);
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  useEffect(() => {
    if (connected) void loadSettings(stores.settings, client);
  }, [connected, stores.settings, client]);

  return (
    <section className="screen" data-testid="screen-settings">
      <h1>{t('settings.title')}</h1>
      {error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={error} /></div>}
      <section className="card stack">
        <h2>{t('settings.language')}</h2>
        <div className="segmented" role="radiogroup" aria-label={t('settings.language')}>
          {LANGS.map((l) => (
            <button key={l} type="button" role="radio" aria-checked={lang === l} className={`seg${lang === l ? ' active' : ''}`} onClick={() => setLang(l)} data-testid={`lang-${l}`} lang={l}>
              {LANG_NAMES[l]}
            </button>
          ))}
        </div>
      </section>
      <section className="card stack">
        <h2>{t('settings.pairing')}</h2>
        {available ? (
          <label className="toggle">
            <input type="checkbox" checked={settings?.autoApproveLocal ?? false} disabled={settings === undefined} onChange={(e) => void setAutoApprove(stores.settings, client, e.target.checked)} data-testid="auto-approve" />
            <span>
              <span className="strong">{t('settings.autoApprove')}</span>
              <span className="muted small block">{t('settings.autoApproveHelp')}</span>
            </span>
          </label>
        ) : (
          <p className="muted small">{t('settings.unavailable')}</p>
        )}
      </section>
      <TelegramSettings />
      <DeviceList />
      <section className="card stack">
        <h2>{t('settings.thisBrowser')}</h2>
        <p className="small">{t('settings.fingerprint')} <span className="mono">{fingerprint}</span></p>
        <button type="button" className="btn btn-danger-soft" onClick={() => { if (window.confirm(t('settings.confirmSignOut'))) session.logout(); }}>{t('settings.signOut')}</button>
      </section>
    </section>
  );
}
