/**
 * Pair a device: a setup code for a phone (operator; the QR opens this UI at `#setup=`) or
 * for a node (the QR holds the bare code for `hearth node run --pair`). Codes live 10 minutes
 * and are single use, hence the countdown and the "new code" button.
 */
import { useEffect, useState } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { copyText } from '../lib/clipboard.ts';
import { formatCountdown } from '../lib/format.ts';
import { reachKind } from '../lib/reach.ts';
import { routeHref } from '../lib/router.ts';
import { useNow } from '../lib/use-now.ts';
import { mintSetupCode, remainingMs, type SetupProfile } from '../state/setup-store.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { GatewayText } from '../ui/GatewayText.tsx';

const HOST_KEY = 'hearth.phoneHost';

/** `host:port` of a ws(s)/http(s) URL, or undefined. */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

const isLoopbackHost = (host: string) => reachKind(host.replace(/:\d+$/, '')) === 'local';

function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'ok' | 'fail'>('idle');
  return (
    <button type="button" className="btn btn-small" data-testid={testId} onClick={() => void copyText(text).then((ok) => setState(ok ? 'ok' : 'fail'))}>
      {state === 'ok' ? t('pair.copied') : state === 'fail' ? t('pair.copyFailed') : t('pair.copy')}
    </button>
  );
}

export default function PairScreen({ profile }: { profile: 'phone' | 'node' }) {
  const t = useT();
  const { stores, client, storage } = useApp();
  const setupProfile: SetupProfile = profile === 'phone' ? 'operator' : 'node';
  const code = useSlice((s) => s.setup, (s) => s.codes[setupProfile]);
  const loading = useSlice((s) => s.setup, (s) => !!s.loading[setupProfile]);
  const error = useSlice((s) => s.setup, (s) => s.error[setupProfile]);
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const now = useNow(1000);
  const [chosenHost, setHost] = useState<string | undefined>(() => storage.getItem(HOST_KEY) ?? undefined);
  // A phone cannot open 127.0.0.1: prefer the public address the gateway knows (--public-url).
  const suggested = hostOf(code?.gatewayUrl);
  const host = chosenHost ?? (isLoopbackHost(location.host) && suggested && !isLoopbackHost(suggested) ? suggested : location.host);

  const remaining = code ? remainingMs(code, now) : 0;
  const expired = !!code && remaining <= 0;
  useEffect(() => {
    if (connected && !code && !loading && !error) void mintSetupCode(stores.setup, client, setupProfile);
  }, [connected, code, loading, error, setupProfile, stores.setup, client]);

  const link = code ? `http://${host}/#setup=${code.setupCode}` : '';
  const qrText = profile === 'phone' ? link : code?.setupCode ?? '';
  const changeHost = (v: string) => {
    setHost(v);
    storage.setItem(HOST_KEY, v);
  };

  return (
    <section className="screen" data-testid="screen-pair">
      <h1>{t('pair.title')}</h1>
      <div className="tabs" role="tablist">
        <a role="tab" aria-selected={profile === 'phone'} className={`tab${profile === 'phone' ? ' active' : ''}`} href={routeHref({ name: 'pair', profile: 'phone' })}>{t('pair.phoneTab')}</a>
        <a role="tab" aria-selected={profile === 'node'} className={`tab${profile === 'node' ? ' active' : ''}`} href={routeHref({ name: 'pair', profile: 'node' })}>{t('pair.nodeTab')}</a>
      </div>
      <div className="card stack center-items">
        <p className="muted small">{profile === 'phone' ? t('pair.phoneHelp') : t('pair.nodeHelp')}</p>
        {error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={error} /></div>}
        {code && !expired && <QrCode text={qrText} label={t('pair.qrLabel')} />}
        {code && expired && <div className="qr-expired">{t('pair.expired')}</div>}
        {!code && <div className="qr-placeholder"><span className="spinner" aria-hidden="true" /></div>}
        {code && (
          <div className={`countdown${remaining < 60_000 ? ' countdown-low' : ''}`} data-testid="countdown">
            {expired ? t('pair.expiredShort') : t('pair.expiresIn', { t: formatCountdown(remaining) })}
          </div>
        )}
        <button type="button" className="btn" disabled={loading || !connected} onClick={() => void mintSetupCode(stores.setup, client, setupProfile)}>
          {loading ? t('common.working') : t('pair.newCode')}
        </button>
      </div>
      {code && (
        <div className="card stack">
          {profile === 'phone' && (
            <>
              <label className="field">
                <span>{t('pair.hostLabel')}</span>
                <input className="mono" value={host} onChange={(e) => changeHost(e.target.value)} autoCapitalize="off" spellCheck={false} />
              </label>
              <p className="muted tiny">{t('pair.hostHelp')}</p>
              {isLoopbackHost(host) && <div className="alert alert-warn small" data-testid="loopback-warning">{t('pair.loopbackWarn')}</div>}
              <div className="field"><span>{t('pair.link')}</span><code className="codebox" data-testid="setup-link">{link}</code></div>
              <CopyButton text={link} testId="copy-link" />
            </>
          )}
          <div className="field"><span>{t('pair.code')}</span><code className="codebox" data-testid="setup-code">{code.setupCode}</code></div>
          <CopyButton text={code.setupCode} testId="copy-code" />
          {profile === 'node' && (
            <>
              <div className="field"><span>{t('pair.nodeCommand')}</span><code className="codebox">{`hearth node run --pair ${code.setupCode}`}</code></div>
              <CopyButton text={`hearth node run --pair ${code.setupCode}`} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
