/**
 * "Remote access": the SSH tunnel to the VPS (state, RTT sparkline, reconnect history), the
 * tailnet and WireGuard as the gateway sees them, the addresses a phone can use (each with a QR),
 * and the path and round trip of every connection.
 */
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { useRemoteView, type TunnelView } from '../state/remote-view.ts';
import { pathKey, tunnelTone } from '../ui/connection-path.ts';
import { FailureDetails } from '../ui/FailureDetails.tsx';
import { GatewayText } from '../ui/GatewayText.tsx';
import { QrCode } from '../ui/QrCode.tsx';
import { WithCode } from '../ui/WithCode.tsx';
import { roleText } from '../ui/run-error-text.ts';

function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return null;
  const w = 300;
  const h = 48;
  const max = Math.max(...values, 1);
  const pts = values.map((v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(h - 4 - (v / max) * (h - 8)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} data-testid="rtt-sparkline" preserveAspectRatio="none">
      <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function bytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}

function TunnelCard({ tunnel, now }: { tunnel: TunnelView; now: number }) {
  const t = useT();
  if (!tunnel.configured) {
    return (
      <section className="card stack" data-testid="tunnel-card">
        <h2>{t('remote.tunnel')}</h2>
        <p className="muted small"><WithCode text={t('remote.tunnelNone')} /></p>
      </section>
    );
  }
  const tone = tunnelTone(tunnel.state);
  return (
    <section className="card stack" data-testid="tunnel-card">
      <div className="row-between">
        <h2>{t('remote.tunnel')}</h2>
        <span className={`pill pill-${tone}`} data-testid="tunnel-state" data-state={tunnel.state}>
          {t(`remote.state.${tunnel.state}` as MessageKey)}
        </span>
      </div>
      <dl className="kv">
        <dt>SSH</dt><dd className="mono">{tunnel.ssh ? `${tunnel.ssh.user}@${tunnel.ssh.host}:${tunnel.ssh.port}` : '-'}</dd>
        <dt>{t('remote.forward')}</dt>
        <dd className="mono">{tunnel.remote ? `${tunnel.remote.bind}:${tunnel.remote.port}` : '-'}{tunnel.publicBind ? ` (${t('remote.public')})` : ''}</dd>
        <dt>{t('remote.rtt')}</dt><dd>{tunnel.rttMs !== null ? `${tunnel.rttMs} ms` : '-'}</dd>
        <dt>{t('remote.reconnects')}</dt><dd>{tunnel.reconnects}</dd>
        <dt>{t('remote.traffic')}</dt><dd>↓ {bytes(tunnel.bytesIn)} · ↑ {bytes(tunnel.bytesOut)}</dd>
        <dt>{t('remote.since', { t: '' }).trim()}</dt><dd>{formatAgo(t, tunnel.since, now)}</dd>
      </dl>
      {tunnel.lastError && <div className={`alert ${tone === 'err' ? 'alert-error' : 'alert-warn'} small`} data-testid="tunnel-error"><GatewayText as="p" text={tunnel.lastError} /></div>}
      <Sparkline values={tunnel.rttHistory} label={t('remote.rttChart')} />
      {tunnel.history.length > 0 && (
        <details>
          <summary className="small">{t('remote.history')}</summary>
          <ul className="plain small" data-testid="tunnel-history">
            {[...tunnel.history].reverse().slice(0, 10).map((h) => (
              <li key={`${h.atMs}-${h.state}`}>
                <span className={`dot dot-${tunnelTone(h.state) === 'ok' ? 'ok' : tunnelTone(h.state) === 'off' ? 'off' : 'pending'}`} aria-hidden="true" />{' '}
                {formatAgo(t, h.atMs, now)} — {t(`remote.state.${h.state}` as MessageKey)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function RemoteScreen() {
  const t = useT();
  const { client } = useApp();
  const now = useNow(1000);
  const view = useRemoteView(client);
  const myConnId = useSlice((s) => s.connection, (s) => (s.state.status === 'connected' ? s.state.hello.server.connId : undefined));
  if (!view.available) {
    return (
      <section className="screen" data-testid="screen-remote">
        <h1>{t('remote.title')}</h1>
        <p className="muted">{t('remote.unavailable')}</p>
      </section>
    );
  }
  const net = view.net;
  // This machine's own loopback is useless on a phone (the tunnel entry covers `ssh -L` users).
  const phoneAddresses = (net?.addresses ?? []).filter((a) => a.kind !== 'loopback');
  return (
    <section className="screen stack" data-testid="screen-remote">
      <h1>{t('remote.title')}</h1>
      {view.error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={view.error} /></div>}
      {view.tunnel ? <TunnelCard tunnel={view.tunnel} now={now} /> : <p className="muted">{t('common.loading')}</p>}

      <section className="card stack" data-testid="tailnet-card">
        <h2>{t('remote.tailnet')}</h2>
        {!net ? <p className="muted small">{t('common.loading')}</p> : (
          <>
            <p className="small">
              {net.tailscale.present
                ? t('remote.tailscaleState', { state: `${net.tailscale.backendState ?? '?'}${net.tailscale.dnsName ? ` · ${net.tailscale.dnsName}` : ''}${net.tailscale.ipv4 ? ` · ${net.tailscale.ipv4}` : ''}` })
                : t('remote.tailscaleNone')}
            </p>
            {net.tailscale.peers.length > 0 && (
              <ul className="plain small">
                {net.tailscale.peers.map((p) => (
                  <li key={p.hostName}>{p.hostName}: {!p.online ? t('remote.offline') : p.connection === 'direct' ? `${t('remote.direct')} ${p.curAddr}` : t('remote.relayed', { relay: p.relay })}</li>
                ))}
              </ul>
            )}
            {net.wireguard.interfaces.length === 0
              ? net.wireguard.error
                // `wg show`'s own stderr line: the headline in words, the line for support.
                ? <div className="muted small" data-testid="wg-error"><p><WithCode text={t('remote.wgFailed')} /></p><FailureDetails message={net.wireguard.error} raw /></div>
                : <p className="muted small">{t('remote.wgNone')}</p>
              : <ul className="plain small">{net.wireguard.interfaces.map((i) => <li key={i.name}>{t('remote.wgIface', { name: `${i.name} ${i.addresses.join(' ')}`, n: i.peers.length })}</li>)}</ul>}
            {/* The sentence in a <p>: .alert lays out its children as a column, which split it at its code. */}
            {net.warnings.map((w) => <div key={w} className="alert alert-warn small"><GatewayText as="p" text={w} /></div>)}
          </>
        )}
      </section>

      <section className="card stack" data-testid="urls-card">
        <h2>{t('remote.urls')}</h2>
        <p className="muted small">{t('remote.urlsHint')}</p>
        {view.tunnel?.sshForwardCommand && <p className="small" data-testid="ssh-forward"><code className="wrap">{view.tunnel.sshForwardCommand}</code></p>}
        <div className="url-grid">
          {phoneAddresses.map((a) => (
            <figure key={`${a.kind}-${a.url}`} className={`url-card${a.reachable ? '' : ' url-off'}`} data-testid={`url-${a.kind}`}>
              {/* An address the gateway does not listen on gets no code to scan: it would lead nowhere. */}
              {a.reachable && <QrCode text={a.url} label={a.url} size={132} />}
              <figcaption className="small">
                <span className="strong">{t(pathKey(a.kind))}</span>{!a.reachable && ` · ${t('remote.notServed')}`}
                <span className="mono block">{a.url}</span>
                {a.note && <GatewayText className="muted tiny block" text={a.note} />}
              </figcaption>
            </figure>
          ))}
        </div>
      </section>

      <section className="card stack" data-testid="peers-card">
        <h2>{t('remote.connections')}</h2>
        <ul className="plain small">
          {(view.peers ?? []).map((p) => (
            <li key={p.connId} data-testid="peer-row">
              <span className="strong">{p.name}</span>{p.connId === myConnId && ` (${t('remote.you')})`} · {roleText(t, p.role)} · {p.remoteIp === 'in-process' ? t('remote.inProcess') : <span className="mono">{p.remoteIp}</span>} · {t(pathKey(p.path))}
              {p.rttMs !== null && ` · ${p.rttMs} ms`}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

// Loaded on demand (App.tsx): this screen carries the QR encoder.
export default RemoteScreen;
