/** Overview: counts, the live topology, and a nudge when something waits for approval. */
import { useSlice, useT } from '../app/context.tsx';
import { useNow } from '../lib/use-now.ts';
import { Topology } from '../ui/Topology.tsx';

export function OverviewScreen() {
  const t = useT();
  const now = useNow(5000);
  const total = useSlice((s) => s.nodes, (s) => s.nodes.length);
  const online = useSlice((s) => s.nodes, (s) => s.nodes.filter((n) => n.connected).length);
  const pending = useSlice((s) => s.pending, (s) => s.devices.length + s.nodes.length);
  const version = useSlice((s) => s.connection, (s) => (s.state.status === 'connected' ? s.state.hello.server.version : undefined));
  return (
    <section className="screen" data-testid="screen-overview">
      <h1>{t('overview.title')}</h1>
      <div className="stats-row">
        <div className="stat"><div className="stat-num" data-testid="count-online">{online}<span className="muted">/{total}</span></div><div className="stat-label">{t('overview.nodesOnline')}</div></div>
        <a className={`stat${pending > 0 ? ' stat-attn' : ''}`} href="#/nodes"><div className="stat-num" data-testid="count-pending">{pending}</div><div className="stat-label">{t('overview.pending')}</div></a>
        <div className="stat"><div className="stat-num small-num">{version ?? '–'}</div><div className="stat-label">{t('overview.gatewayVersion')}</div></div>
      </div>
      {pending > 0 && (
        <a className="alert alert-info block-link" href="#/nodes">{t('overview.pendingCallout', { n: pending })}</a>
      )}
      <div className="card">
        <Topology now={now} />
        <div className="legend small muted">
          <span><span className="dot dot-ok" /> {t('legend.online')}</span>
          <span><span className="dot dot-pending" /> {t('legend.pending')}</span>
          <span><span className="dot dot-off" /> {t('legend.offline')}</span>
        </div>
      </div>
      {total === 0 && (
        <div className="card">
          <p>{t('overview.empty')}</p>
          <a className="btn btn-primary" href="#/pair/node">{t('overview.pairNode')}</a>
        </div>
      )}
    </section>
  );
}
