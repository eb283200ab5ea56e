/**
 * Overview: counts, the live topology, and a nudge when something waits for approval. While the
 * gateway is unreachable the counts say so instead of repeating the last known "2/3 online".
 */
import { useSlice, useT } from '../app/context.tsx';
import { useNow } from '../lib/use-now.ts';
import { StateGlyph, Topology } from '../ui/Topology.tsx';
import { topologyCounts, topologyNodes } from '../ui/topology-model.ts';

export function OverviewScreen() {
  const t = useT();
  const now = useNow(5000);
  const nodes = useSlice((s) => s.nodes, (s) => s.nodes);
  const pendingDevices = useSlice((s) => s.pending, (s) => s.devices);
  const pendingNodes = useSlice((s) => s.pending, (s) => s.nodes);
  // Exec approvals wait for the same person as pairing requests (the Nodes page lists both).
  const pending = useSlice((s) => s.pending, (s) => s.devices.length + s.nodes.length + s.exec.length);
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const version = useSlice((s) => s.connection, (s) => (s.state.status === 'connected' ? s.state.hello.server.version : undefined));
  const reachable = status === 'connected';
  // The same machines as the diagram below counts ("3/5 online" in both): a machine waiting to
  // join is one of them, though the gateway's node list does not have it yet.
  const { online, total } = topologyCounts(topologyNodes({ nodes, pendingDevices, pendingNodes, gatewayOnline: reachable }));
  return (
    <section className="screen" data-testid="screen-overview">
      <h1>{t('overview.title')}</h1>
      {!reachable && (
        <div className="alert alert-error" role="status" data-testid="gateway-unreachable">
          <strong><StateGlyph tone="err" /> {t('overview.gatewayUnreachable')}</strong>
          <div className="small">{t('overview.statesUnknown')}</div>
        </div>
      )}
      <div className="stats-row">
        <div className="stat">
          <div className="stat-num" data-testid="count-online">{reachable ? online : '?'}<span className="muted">/{total}</span></div>
          <div className="stat-label">{reachable ? t('overview.nodesOnline') : t('overview.nodesUnknown')}</div>
        </div>
        <a className={`stat${pending > 0 ? ' stat-attn' : ''}`} href="#/nodes"><div className="stat-num" data-testid="count-pending">{pending}</div><div className="stat-label">{t('overview.pending')}</div></a>
        <div className="stat"><div className="stat-num small-num">{version ?? '–'}</div><div className="stat-label">{t('overview.gatewayVersion')}</div></div>
      </div>
      {reachable && pending > 0 && (
        <a className="alert alert-info block-link" href="#/nodes">{t('overview.pendingCallout', { n: pending })}</a>
      )}
      <div className="card">
        <Topology now={now} />
        <div className="legend small muted" data-testid="topo-legend">
          <span><StateGlyph tone="ok" /> {t('legend.online')}</span>
          <span><StateGlyph tone="pending" /> {t('legend.pending')}</span>
          <span><StateGlyph tone="off" /> {t('legend.offline')}</span>
          <span><StateGlyph tone="unknown" /> {t('legend.unknown')}</span>
          <span><StateGlyph tone="err" /> {t('legend.unreachable')}</span>
        </div>
      </div>
      {total === 0 && pending === 0 && (
        <div className="card">
          <p>{t('overview.empty')}</p>
          <a className="btn btn-primary" href="#/pair/node">{t('overview.pairNode')}</a>
        </div>
      )}
    </section>
  );
}
