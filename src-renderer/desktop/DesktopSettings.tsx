/** Desktop settings: start at login, update channel and check, role switch with its confirmation (over IPC). */
import { useEffect, useState } from 'react';
import type { DesktopPrefs, HostRole, RoleSwitchPlanView, UpdateView, WindowBootstrap } from '../../src-shared/ipc/contract.ts';
import { useDesktop, useDT, useLang } from './context.tsx';
import { mainText } from './main-text.ts';
import { MainText } from './MainText.tsx';

export function DesktopSettingsScreen() {
  const { bridge } = useDesktop();
  const t = useDT();
  const lang = useLang();
  const [prefs, setPrefs] = useState<DesktopPrefs | undefined>();
  const [boot, setBoot] = useState<WindowBootstrap | undefined>();
  const [update, setUpdate] = useState<UpdateView | undefined>();
  const [plan, setPlan] = useState<RoleSwitchPlanView | undefined>();
  const [result, setResult] = useState<string | undefined>();
  useEffect(() => {
    void bridge.invoke('hearth:prefs-get', null).then(setPrefs);
    void bridge.invoke('hearth:bootstrap', null).then(setBoot);
    return bridge.on('hearth:update-changed', setUpdate);
  }, [bridge]);
  if (!prefs || !boot) return <p className="muted">…</p>;
  const other: HostRole = boot.role === 'gateway' ? 'node' : 'gateway';
  const setPref = async (p: Partial<DesktopPrefs>) => setPrefs(await bridge.invoke('hearth:prefs-set', p));
  return (
    <section className="stack" data-testid="desktop-settings">
      <h1>{t('desk.settings')}</h1>
      <div className="card stack">
        <label className="row gap"><input type="checkbox" checked={prefs.launchAtLogin} onChange={(e) => void setPref({ launchAtLogin: e.target.checked })} /> {t('desk.startAtLogin')}</label>
        <label className="field"><span>{t('desk.updates')}</span>
          <select value={prefs.updateChannel} onChange={(e) => void setPref({ updateChannel: e.target.value as 'stable' | 'beta' })}>
            {(['stable', 'beta'] as const).map((c) => <option key={c} value={c}>{t(`desk.channel.${c}`)}</option>)}
          </select>
        </label>
        <button className="btn" onClick={() => void bridge.invoke('hearth:update-check', null).then(setUpdate)}>{t('desk.checkNow')}</button>
        {update && <div data-testid="update-message"><MainText className="muted small" text={update.message} /></div>}
      </div>
      <div className="card stack">
        <h2>{t('desk.role')}</h2>
        <p>{boot.role === 'gateway' ? t('desk.roleGateway') : boot.role === 'node' ? t('desk.roleNode') : t('desk.roleNone')}</p>
        <button className="btn" onClick={() => void bridge.invoke('hearth:role-switch-plan', { to: other }).then(setPlan)}>{t(`desk.switchTo.${other}`)}</button>
        {plan && (
          <div className="card stack" data-testid="role-switch-plan">
            <MainText as="h2" text={plan.title} />
            <MainText text={plan.message} />
            <ul>{plan.detail.map((d) => <MainText as="li" key={d} text={d} />)}</ul>
            {plan.needed && (
              <button className="btn btn-primary" onClick={() => void bridge.invoke('hearth:role-switch-confirm', { to: plan.to }).then((r) => setResult(r.message))}>{mainText(lang, plan.confirmLabel) ?? plan.confirmLabel}</button>
            )}
            {result && <MainText className="muted small" text={result} />}
          </div>
        )}
      </div>
    </section>
  );
}
