/**
 * Until the first hello-ok: "connecting", "cannot reach, retrying", or a pairing request
 * waiting for approval (with the id and fingerprint to compare on the gateway).
 */
import { useApp, useSlice, useT } from '../app/context.tsx';
import { useNow } from '../lib/use-now.ts';
import { FailureDetails } from '../ui/FailureDetails.tsx';
import { failureKey } from '../ui/failure-text.ts';

export function ConnectingScreen() {
  const t = useT();
  const { session } = useApp();
  const state = useSlice((s) => s.connection, (s) => s.state);
  const fingerprint = useSlice((s) => s.connection, (s) => s.fingerprint);
  const now = useNow(1000);
  const failure = state.status === 'reconnecting' ? state.failure : undefined;
  const pairing = failure?.kind === 'pairing-required';
  const secs = state.status === 'reconnecting' ? Math.max(0, Math.ceil((state.retryAtMs - now) / 1000)) : 0;

  return (
    <main className="login" data-testid="connecting">
      <div className="login-card">
        <h1 className="brand-lg">Hearth</h1>
        {!failure && <p className="center"><span className="spinner" aria-hidden="true" /> {t('conn.connecting')}</p>}
        {pairing && (
          <div className="alert alert-info" data-testid="pairing-required">
            <strong>{t('pairing.waitTitle')}</strong>
            <p>{t('pairing.waitBody')}</p>
            <dl className="kv">
              <dt>{t('pairing.fingerprint')}</dt><dd className="mono big">{fingerprint}</dd>
              {failure.requestId && (<><dt>{t('pairing.requestId')}</dt><dd className="mono small">{failure.requestId}</dd></>)}
            </dl>
            <p className="muted small">{t('pairing.cli', { id: failure.requestId ?? '' })}</p>
            <p className="muted small"><span className="spinner" aria-hidden="true" /> {t('pairing.checking')}</p>
          </div>
        )}
        {failure && !pairing && (
          <div className="alert alert-warn" role="status">
            <strong>{t(failureKey(failure))}</strong>
            <FailureDetails message={failure.message} testId="connecting-details" />
            <div className="small">{t('conn.retryIn', { s: secs })}</div>
          </div>
        )}
        <button type="button" className="btn" onClick={() => session.logout()}>{t('login.otherWay')}</button>
      </div>
    </main>
  );
}
