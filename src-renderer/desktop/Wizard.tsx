/** The first-run wizard: renders the main process's WizardView and sends WizardEvents back (SPEC: src-shared/ipc/types.ts). */
import { useEffect, useState } from 'react';
import type { GatewayBind, WizardEvent, WizardFailure, WizardView } from '../../src-shared/ipc/contract.ts';
import { failureZh } from '../i18n/desktop.ts';
import { WithCode } from '../ui/WithCode.tsx';
import { useDesktop, useDT, useLang } from './context.tsx';
import { MainText, RawDetail } from './MainText.tsx';

function Failure({ f }: { f: WizardFailure }) {
  const t = useDT();
  const zh = useLang() === 'zh-CN' ? failureZh[f.reason] : undefined;
  return (
    <div className="card stack" role="alert">
      <h2 className="error-text">{zh?.title ?? f.title}</h2>
      <p><WithCode text={zh?.message ?? f.message} /></p>
      <p><strong>{t('desk.nextStep')}</strong> <WithCode text={zh?.nextStep ?? f.nextStep} /></p>
      {f.detail && <RawDetail text={f.detail} />}
    </div>
  );
}

export function WizardScreen() {
  const { bridge } = useDesktop();
  const t = useDT();
  const lang = useLang();
  const [view, setView] = useState<WizardView | undefined>();
  const [port, setPort] = useState('');
  const [bind, setBind] = useState<GatewayBind>('loopback');
  const [publicUrl, setPublicUrl] = useState('');
  const [input, setInput] = useState('');
  const [code, setCode] = useState('');
  useEffect(() => {
    void bridge.invoke('hearth:wizard-state', null).then(setView);
    return bridge.on('hearth:wizard-changed', setView);
  }, [bridge]);
  // Form fields start from the state main holds (e.g. after Back) whenever the step changes.
  useEffect(() => {
    if (view?.step === 'gateway-options') {
      setPort(String(view.port));
      setBind(view.bind);
      setPublicUrl(view.publicUrl);
    }
    if (view?.step === 'node-find') setInput(view.input);
    if (view?.step === 'node-pair') setCode(view.code);
  }, [view?.step]);
  const send = async (e: WizardEvent) => setView(await bridge.invoke('hearth:wizard-send', e));
  if (!view) return <p className="muted">…</p>;

  switch (view.step) {
    case 'choose-role':
      return (
        <section className="stack" data-testid="wizard-choose-role">
          <h1>{t('desk.welcome')}</h1>
          <p>{t('desk.whatIsThis')}</p>
          <div className="card stack">
            <h2>{t('desk.hubTitle')}</h2>
            <p className="muted">{t('desk.hubBody')}</p>
            <button className="btn btn-primary" onClick={() => void send({ type: 'choose-role', role: 'gateway' })}>{t('desk.hubButton')}</button>
          </div>
          <div className="card stack">
            <h2>{t('desk.nodeTitle')}</h2>
            <p className="muted">{t('desk.nodeBody')}</p>
            <button className="btn" onClick={() => void send({ type: 'choose-role', role: 'node' })}>{t('desk.nodeButton')}</button>
          </div>
        </section>
      );
    case 'gateway-options':
      return (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); void send({ type: 'gateway-submit', port: Number(port), bind, publicUrl }); }}>
          <h1>{t('desk.gwSettings')}</h1>
          {view.error && <div className="alert alert-error small" role="alert"><MainText as="span" text={view.error} /></div>}
          <label className="field"><span>{t('desk.port')}</span><input type="number" min="1" max="65535" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} /></label>
          <label className="field"><span>{t('desk.listenOn')}</span>
            <select value={bind} onChange={(e) => setBind(e.target.value as GatewayBind)}>
              {(['loopback', 'lan', 'tailnet'] as const).map((b) => <option key={b} value={b}>{t(`desk.bind.${b}`)}</option>)}
            </select>
          </label>
          <label className="field"><span>{t('desk.publicUrl')}</span><input type="text" className="mono" value={publicUrl} placeholder={t('desk.publicUrlPlaceholder')} onChange={(e) => setPublicUrl(e.target.value)} autoCapitalize="off" spellCheck={false} /></label>
          <div className="row-between wrap-gap">
            <button type="button" className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.back')}</button>
            <button type="submit" className="btn btn-primary">{t('desk.startGateway')}</button>
          </div>
        </form>
      );
    case 'gateway-starting':
      return <section className="stack"><h1>{t('desk.starting')}</h1><p className="muted">{t('desk.portN', { port: view.port })}</p></section>;
    case 'gateway-failed':
      return (
        <section className="stack">
          <Failure f={view.failure} />
          <div className="row-between wrap-gap">
            <button className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.changeSettings')}</button>
            <button className="btn btn-primary" onClick={() => void send({ type: 'retry' })}>{t('desk.retry')}</button>
          </div>
        </section>
      );
    case 'gateway-token':
      return (
        <section className="stack">
          <h1>{t('desk.tokenTitle')}</h1>
          <p>{t('desk.tokenBody')}</p>
          <p className="card mono wrap" data-testid="gateway-token">{view.token}</p>
          <div className="row-between wrap-gap">
            <button className="btn" onClick={() => void send({ type: 'token-copied' })}>{view.copied ? t('desk.copied') : t('desk.copy')}</button>
            <button className="btn btn-primary" onClick={() => void send({ type: 'token-acknowledged' })}>{t('desk.savedIt')}</button>
          </div>
        </section>
      );
    case 'gateway-qr':
      return (
        <section className="stack">
          <h1>{t('desk.pairPhone')}</h1>
          <p>{t('desk.pairPhoneBody')}</p>
          <div className="qr"><img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(view.phone.qrSvg)}`} alt={t('desk.qrAlt')} width={220} height={220} /></div>
          <p className="mono small wrap">{view.phone.phoneUrl}</p>
          {view.phone.warning && <div className="alert alert-warn small"><MainText as="span" text={view.phone.warning} /></div>}
          <p className="muted small">{t('desk.validUntil', { time: new Date(view.phone.expiresAtMs).toLocaleTimeString(lang) })}</p>
          <div className="row-between wrap-gap">
            <button className="btn" onClick={() => void send({ type: 'refresh-code' })}>{t('desk.newCode')}</button>
            <button className="btn btn-primary" onClick={() => void send({ type: 'finish' })}>{t('desk.done')}</button>
          </div>
        </section>
      );
    case 'node-find': {
      // Main learns the typed text on Continue only: a round trip per keystroke would fight the caret.
      const submit = async () => {
        await bridge.invoke('hearth:wizard-send', { type: 'input-changed', input });
        await send({ type: 'submit-input' });
      };
      return (
        <section className="stack">
          <h1>{t('desk.findGateway')}</h1>
          {view.discovered.length === 0
            ? <p className="muted">{view.scanning ? t('desk.scanning') : t('desk.noneFound')}</p>
            : <ul className="stack plain-list">{view.discovered.map((g) => (
              <li key={g.url}><button className="btn wide" onClick={() => void send({ type: 'select-gateway', url: g.url })}>{`${g.name} — ${g.url}${g.hearth ? '' : ` ${t('desk.openclaw')}`}`}</button></li>
            ))}</ul>}
          {view.discovered.length > 0 && view.scanning && <p className="muted small" role="status">{t('desk.scanning')}</p>}
          {view.error && <div className="alert alert-error small" role="alert"><MainText as="span" text={view.error} /></div>}
          <form className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <label className="field"><span>{t('desk.addressLabel')}</span>
              <input type="text" className="mono" value={input} placeholder={t('desk.addressPlaceholder')} onChange={(e) => setInput(e.target.value)} autoCapitalize="off" spellCheck={false} />
            </label>
            <div className="row-between wrap-gap">
              <button type="button" className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.back')}</button>
              <button type="submit" className="btn btn-primary">{t('desk.continue')}</button>
            </div>
          </form>
        </section>
      );
    }
    case 'node-pair':
      return (
        <section className="stack">
          <h1>{t('desk.joinGateway')}</h1>
          <p className="mono small wrap">{view.gatewayUrl}</p>
          {view.error && <div className="alert alert-error small" role="alert"><MainText as="span" text={view.error} /></div>}
          <form className="card stack" onSubmit={(e) => { e.preventDefault(); void send({ type: 'submit-code', code }); }}>
            <h2>{t('desk.pasteCode')}</h2>
            <input type="text" className="mono" value={code} placeholder={t('desk.codePlaceholder')} onChange={(e) => setCode(e.target.value)} autoCapitalize="off" spellCheck={false} />
            <button type="submit" className="btn btn-primary">{t('desk.pair')}</button>
          </form>
          <div className="card stack">
            <h2>{t('desk.orApproval')}</h2>
            <p className="muted">{t('desk.orApprovalBody')}</p>
            <button className="btn" onClick={() => void send({ type: 'wait-for-approval' })}>{t('desk.askToJoin')}</button>
          </div>
          <button className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.back')}</button>
        </section>
      );
    case 'node-connecting':
      return (
        <section className="stack">
          <h1>{t('desk.connecting')}</h1>
          <p className="mono small wrap">{view.gatewayUrl}</p>
          <button className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.cancel')}</button>
        </section>
      );
    case 'node-waiting-approval':
      return (
        <section className="stack">
          <h1>{t('desk.waitingApproval')}</h1>
          <p>{t('desk.waitingApprovalBody')}</p>
          <p className="card mono strong">{view.fingerprint}</p>
          {view.message && <MainText className="muted small" text={view.message} />}
          <button className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.cancel')}</button>
        </section>
      );
    case 'node-failed':
      return (
        <section className="stack">
          <Failure f={view.failure} />
          <div className="row-between wrap-gap">
            <button className="btn" onClick={() => void send({ type: 'back' })}>{t('desk.back')}</button>
            <button className="btn btn-primary" onClick={() => void send({ type: 'retry' })}>{t('desk.retry')}</button>
          </div>
        </section>
      );
    case 'done':
      return <section className="stack"><h1 className="ok-text">{t('desk.allSet')}</h1><MainText text={view.summary} /></section>;
  }
}
