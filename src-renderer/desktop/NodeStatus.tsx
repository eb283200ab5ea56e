/** The node machine's status page: gateway, pairing state with fingerprint, pause, exec policy and recent runs (over IPC). */
import { useEffect, useState } from 'react';
import type { ExecSecurity, NodeStatusView } from '../../src-shared/ipc/contract.ts';
import { useDesktop, useDT, useLang } from './context.tsx';
import { mainText } from './main-text.ts';
import { MainText } from './MainText.tsx';
import { WithCode } from '../ui/WithCode.tsx';

/** States where the node cannot get in as it is: pairing anew (another code, another gateway) may be the way. */
const STUCK: ReadonlySet<NodeStatusView['state']> = new Set(['pairing-required', 'error', 'stopped', 'backoff']);

const SECURITIES: ExecSecurity[] = ['deny', 'allowlist', 'ask', 'full'];

export function NodeStatusScreen() {
  const { bridge } = useDesktop();
  const t = useDT();
  const lang = useLang();
  const [status, setStatus] = useState<NodeStatusView | null | undefined>();
  const [security, setSecurity] = useState<ExecSecurity>('allowlist');
  const [allow, setAllow] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void bridge.invoke('hearth:node-status', null).then((s) => {
      setStatus(s);
      if (s) {
        setSecurity(s.exec.security);
        setAllow(s.exec.allowlist.join('\n'));
      }
    });
    return bridge.on('hearth:node-status-changed', setStatus);
  }, [bridge]);
  if (status === undefined) return <p className="muted">…</p>;
  if (status === null) {
    // No node here (the gateway role, or between "Pair again" and the wizard): say where to go.
    return (
      <section className="stack" data-testid="desktop-node-none">
        <h1>{t('desk.nodeTitle')}</h1>
        <p className="muted">{t('desk.nodeNotRunning')}</p>
        <a className="btn" href="#/settings">{t('desk.openSettings')}</a>
      </section>
    );
  }
  const save = async () => {
    const exec = await bridge.invoke('hearth:set-exec-policy', { security, allowlist: allow.split('\n').map((l) => l.trim()).filter(Boolean) });
    setSecurity(exec.security);
    setAllow(exec.allowlist.join('\n'));
    setSaved(true);
  };
  return (
    <section className="stack" data-testid="desktop-node">
      <h1>{t('desk.nodeHeading')}</h1>
      <div className="card stack">
        <p className="wrap"><WithCode text={t('desk.gatewayLine', { url: status.gatewayUrl })} /></p>
        <p data-testid="node-state">{t('desk.stateLine', { state: t(`desk.state.${status.state}`) })}</p>
        {status.state === 'pairing-required'
          ? <p>{t('desk.compareFingerprint')} <strong className="mono">{status.fingerprint}</strong></p>
          : status.fingerprint && <p className="muted small">{t('desk.fingerprint', { fp: status.fingerprint })}</p>}
        {status.message && <MainText className="muted small" text={status.message} />}
        {STUCK.has(status.state) && (
          <button className="btn" data-testid="node-pair-again" onClick={() => void bridge.invoke('hearth:node-pair-again', null)}>{t('desk.pairAgain')}</button>
        )}
        {/* An agent outside the app (the service) is not the app's to pause. */}
        {status.state !== 'outside' && (
          <button className="btn" onClick={() => void bridge.invoke('hearth:node-pause', { paused: status.state !== 'paused' }).then((n) => n && setStatus(n))}>
            {status.state === 'paused' ? t('desk.resume') : t('desk.pause')}
          </button>
        )}
      </div>
      <form className="card stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h2>{t('desk.mayRun')}</h2>
        <select aria-label={t('desk.mayRun')} value={security} onChange={(e) => { setSecurity(e.target.value as ExecSecurity); setSaved(false); }}>
          {SECURITIES.map((s) => <option key={s} value={s}>{t(`desk.exec.${s}`)}</option>)}
        </select>
        <textarea rows={4} className="mono" value={allow} placeholder={t('desk.allowPlaceholder')} onChange={(e) => { setAllow(e.target.value); setSaved(false); }} spellCheck={false} />
        <button type="submit" className="btn btn-primary">{saved ? t('desk.saved') : t('desk.save')}</button>
      </form>
      <div className="card stack">
        <h2>{t('desk.recentRuns')}</h2>
        {status.recentRuns.length === 0 ? <p className="muted">{t('desk.nothingRan')}</p> : (
          <ul className="plain-list stack">
            {status.recentRuns.map((r) => (
              <li key={`${r.startedAtMs}-${r.command}`} className="row-between wrap-gap">
                <code className="mono wrap">{r.command}</code>
                <span className="muted small">{new Date(r.startedAtMs).toLocaleString(lang)} · {r.note ? (mainText(lang, r.note) ?? <code className="mono" translate="no" data-untranslated="">{r.note}</code>) : (r.exitCode === undefined ? t('desk.runningEllipsis') : t('desk.exitN', { code: String(r.exitCode) }))}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
