/**
 * The frame around every screen: header with the link state, a bottom tab bar on phones and
 * a sidebar on desktops. Only screens that exist are listed (tunnels, models and storage join
 * this list when their issues land: add an entry to NAV and a case to the router).
 */
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { alertsStoreOf, useApp, useSlice, useT } from '../app/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { routeHref, type Route } from '../lib/router.ts';
import { ConnectionBanner } from './Banner.tsx';
import { Icon, type IconName } from './Icon.tsx';

interface NavItem {
  route: Route;
  label: MessageKey;
  icon: IconName;
  match: Route['name'][];
}

const NAV: NavItem[] = [
  { route: { name: 'overview' }, label: 'nav.overview', icon: 'home', match: ['overview'] },
  { route: { name: 'nodes' }, label: 'nav.nodes', icon: 'nodes', match: ['nodes', 'node'] },
  { route: { name: 'models' }, label: 'nav.models', icon: 'server', match: ['models'] },
  { route: { name: 'storage' }, label: 'nav.storage', icon: 'disk', match: ['storage'] },
  { route: { name: 'pair' }, label: 'nav.pair', icon: 'qr', match: ['pair'] },
  { route: { name: 'remote' }, label: 'nav.remote', icon: 'cloud', match: ['remote'] },
  { route: { name: 'settings' }, label: 'nav.settings', icon: 'gear', match: ['settings'] },
];

export function Shell({ route, children, onRetry }: { route: Route; children: ReactNode; onRetry: () => void }) {
  const t = useT();
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const pendingCount = useSlice((s) => s.pending, (s) => s.devices.length + s.nodes.length + s.exec.length);
  const online = status === 'connected';
  const openAlerts = useStore(alertsStoreOf(useApp().stores), (s) => s.open);
  const unacked = openAlerts.filter((a) => a.acknowledgedAtMs === undefined).length;
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">Hearth</a>
        <span className="topbar-right">
          {openAlerts.length > 0 && (
            // Red while something is unacknowledged, amber once every open alert was seen.
            <a className={`alerts-bell${unacked === 0 ? ' quiet' : ''}`} href={routeHref({ name: 'alerts' })} data-testid="alerts-badge" aria-label={t('alerts.badge', { n: openAlerts.length })}>
              <span aria-hidden="true">!</span>{openAlerts.length}
            </a>
          )}
          <span className={`pill ${online ? 'pill-ok' : 'pill-warn'}`} data-testid="link-state">
            <span className={`dot ${online ? 'dot-ok' : 'dot-pending'}`} aria-hidden="true" />
            {online ? t('conn.online') : t('conn.offline')}
          </span>
        </span>
      </header>
      <ConnectionBanner onRetry={onRetry} />
      <nav className="nav" aria-label={t('nav.label')}>
        {NAV.map((item) => {
          const active = item.match.includes(route.name);
          return (
            <a key={item.label} data-testid={`nav-${item.route.name}`} href={routeHref(item.route)} className={`nav-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined}>
              <Icon name={item.icon} />
              <span>{t(item.label)}</span>
              {item.route.name === 'nodes' && pendingCount > 0 && <span className="badge" data-testid="pending-badge">{pendingCount}</span>}
            </a>
          );
        })}
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
