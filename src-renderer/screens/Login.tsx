/**
 * First visit (or after a refusal): sign in with a setup code/link, or with the gateway token
 * typed once. A refusal is explained in plain words and the other way in is right there.
 */
import { useState, type FormEvent } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { FailureDetails } from '../ui/FailureDetails.tsx';
import { failureKey } from '../ui/failure-text.ts';
import { formatTime } from '../lib/format.ts';
import { WithCode } from '../ui/WithCode.tsx';

export function LoginScreen() {
  const t = useT();
  const { session } = useApp();
  const notice = useSlice((s) => s.connection, (s) => s.notice);
  const fingerprint = useSlice((s) => s.connection, (s) => s.fingerprint);
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  const [code, setCode] = useState('');
  const [token, setToken] = useState('');
  const [codeError, setCodeError] = useState(false);

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    setCodeError(!session.loginWithSetupCode(code));
  };
  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) session.loginWithToken(token);
  };

  return (
    <main className="login" data-testid="login">
      <div className="login-card">
        <h1 className="brand-lg">Hearth</h1>
        <p className="muted">{t('login.intro')}</p>
        {notice && (
          <div className="alert alert-error" role="alert" data-testid="login-notice">
            <strong>{notice.expiredAtMs !== undefined ? t('fail.setupCodeExpired', { time: formatTime(notice.expiredAtMs, lang) }) : t(failureKey(notice.failure))}</strong>
            <FailureDetails message={notice.failure.message} testId="login-notice-details" />
            <div className="small">{notice.via === 'bootstrap' ? t('login.tryToken') : notice.via === 'token' ? t('login.trySetup') : t('login.tryEither')}</div>
          </div>
        )}
        <form onSubmit={submitCode} className="stack">
          <h2>{t('login.setupTitle')}</h2>
          <p className="muted small">{t('login.setupHelp')}</p>
          <label className="field">
            <span>{t('login.setupLabel')}</span>
            <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} placeholder="eyJ1cmwiOi…" />
          </label>
          {codeError && <div className="alert alert-error small" role="alert">{t('login.setupUnreadable')}</div>}
          <button type="submit" className="btn btn-primary" disabled={!code.trim()}>{t('login.setupSubmit')}</button>
        </form>
        <div className="or"><span>{t('login.or')}</span></div>
        <form onSubmit={submitToken} className="stack">
          <h2>{t('login.tokenTitle')}</h2>
          <p className="muted small"><WithCode text={t('login.tokenHelp')} /></p>
          <label className="field">
            <span>{t('login.tokenLabel')}</span>
            <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="current-password" data-testid="token-input" />
          </label>
          <button type="submit" className="btn" disabled={!token.trim()}>{t('login.tokenSubmit')}</button>
        </form>
        <p className="muted small center">{t('login.thisDevice', { fp: fingerprint })}</p>
      </div>
    </main>
  );
}
