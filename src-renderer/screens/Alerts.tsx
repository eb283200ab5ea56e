/** Alerts: what is wrong now (acknowledge each), and what cleared recently. */
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Alert } from '../../src-shared/protocol/alerts.ts';
import { alertsStoreOf, useApp, useSlice, useT } from '../app/context.tsx';
import { gatewayText } from '../i18n/gateway-text.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { ACK_ALL, ackAlert, ackAllAlerts, refreshAlerts } from '../state/alerts-store.ts';
import { GatewayText } from '../ui/GatewayText.tsx';

const PILL: Record<Alert['severity'], string> = { critical: 'pill-err', warning: 'pill-warn', info: 'pill-off' };

/** The screen where an open alert is dealt with (approve, wake, remount…), if the UI has one. */
function alertLink(a: Alert): { href: string; label: MessageKey } | undefined {
  if (a.key.startsWith('pairing.')) return { href: '#/nodes', label: 'alerts.go.pairing' };
  if (a.key.startsWith('node.offline:')) return { href: `#/nodes/${encodeURIComponent(a.key.slice('node.offline:'.length))}`, label: 'alerts.go.node' };
  if (a.source === 'storage') return { href: '#/storage', label: 'alerts.go.storage' };
  if (a.source === 'models') return { href: '#/models', label: 'alerts.go.models' };
  if (a.source === 'remote') return { href: '#/remote', label: 'alerts.go.remote' };
  return undefined;
}

function AlertRow({ alert, now }: { alert: Alert; now: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const store = alertsStoreOf(stores);
  const busy = useStore(store, (s) => s.busy[alert.id ?? alert.key] === true);
  const cleared = alert.state === 'cleared';
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  // A sentence with no translation folds under "Technical details": say what the alert is about
  // above it, so the row is never a severity pill over a closed box.
  const untranslated = gatewayText(lang, alert.message) === undefined;
  const link = alertLink(alert);
  const known = ['alerts', 'models', 'storage', 'remote', 'config', 'telegram', 'approvals'].includes(alert.source);
  return (
    <li className="card alert-row" data-testid="alert-row" data-key={alert.key}>
      <div className="row-between">
        <span className={`pill ${PILL[alert.severity] ?? 'pill-off'}`}>{t(`alerts.severity.${alert.severity}` as MessageKey)}</span>
        <span className="small muted">
          {cleared ? t('alerts.cleared', { t: formatAgo(t, alert.clearedAtMs, now) }) : t('alerts.since', { t: formatAgo(t, alert.raisedAtMs, now) })}
        </span>
      </div>
      {untranslated && (
        <p className="alert-message" data-testid="alert-untranslated">
          {t('alerts.untranslated', { source: known ? t(`alerts.source.${alert.source}` as MessageKey) : alert.source })}
        </p>
      )}
      <GatewayText as="p" className="alert-message" text={alert.message} />
      {!cleared && link && <a className="small" href={link.href} data-testid="alert-link">{t(link.label)}</a>}
      {!cleared && (
        alert.acknowledgedAtMs !== undefined
          ? <span className="small muted" data-testid="alert-acked">{t('alerts.acked')}</span>
          : <button type="button" className="btn" disabled={busy} data-testid="alert-ack" onClick={() => void ackAlert(store, client, alert)}>{busy ? t('common.working') : t('alerts.ack')}</button>
      )}
    </li>
  );
}

export function AlertsScreen() {
  const t = useT();
  const now = useNow(10_000);
  const { stores, client } = useApp();
  const store = alertsStoreOf(stores);
  const open = useStore(store, (s) => s.open);
  const history = useStore(store, (s) => s.history);
  const historyLoaded = useStore(store, (s) => s.historyLoaded);
  const supported = useStore(store, (s) => s.supported);
  const error = useStore(store, (s) => s.error);
  const [showHistory, setShowHistory] = useState(false);
  const unacked = open.filter((a) => a.acknowledgedAtMs === undefined).length;
  const ackingAll = useStore(store, (s) => s.busy[ACK_ALL] === true);
  return (
    <section className="screen" data-testid="screen-alerts">
      <h1>{t('alerts.title')}</h1>
      {!supported && <p className="muted">{t('alerts.unsupported')}</p>}
      {error && <div className="alert alert-error"><GatewayText as="p" text={error} /></div>}
      {supported && open.length === 0 && <p className="muted" data-testid="alerts-none">{t('alerts.none')}</p>}
      {unacked > 1 && (
        <button type="button" className="btn" disabled={ackingAll} data-testid="alerts-ack-all" onClick={() => void ackAllAlerts(store, client)}>
          {ackingAll ? t('common.working') : t('alerts.ackAll', { n: unacked })}
        </button>
      )}
      {open.length > 0 && <ul className="plain-list">{open.map((a) => <AlertRow key={a.key} alert={a} now={now} />)}</ul>}
      {supported && !showHistory && (
        <button type="button" className="btn" onClick={() => { setShowHistory(true); void refreshAlerts(store, client, true); }}>{t('alerts.showHistory')}</button>
      )}
      {showHistory && (
        <>
          <h2>{t('alerts.history')}</h2>
          {historyLoaded && history.length === 0 && <p className="muted">{t('alerts.noHistory')}</p>}
          <ul className="plain-list">{history.map((a) => <AlertRow key={a.id ?? a.key} alert={a} now={now} />)}</ul>
        </>
      )}
    </section>
  );
}
