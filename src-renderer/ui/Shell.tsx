/**
 * The frame around every screen: header with the link state, a bottom tab bar on phones and
 * a sidebar on desktops. Only screens that exist are listed (tunnels, models and storage join
 * this list when their issues land: add an entry to NAV and a case to the router).
 */
import type { ReactNode } from 'react';
import { useSlice, useT } from '../app/context.tsx';
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
  { route: { name: 'pair' }, label: 'nav.pair', icon: 'qr', match: ['pair'] },
  { route: { name: 'settings' }, label: 'nav.settings', icon: 'gear', match: ['settings'] },
];

export function Shell({ route, children, onRetry }: { route: Route; children: ReactNode; onRetry: () => void }) {
  const t = useT();
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const pendingCount = useSlice((s) => s.pending, (s) => s.devices.length + s.nodes.length);
  const online = status === 'connected';
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">Hearth</a>
        <span className={`pill ${online ? 'pill-ok' : 'pill-warn'}`} data-testid="link-state">
          <span className={`dot ${online ? 'dot-ok' : 'dot-pending'}`} aria-hidden="true" />
          {online ? t('conn.online') : t('conn.offline')}
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
