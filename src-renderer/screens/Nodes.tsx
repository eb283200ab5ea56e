/** Nodes: pending requests first, then every machine with its state and recent load. */
import { pathKey } from '../ui/connection-path.ts';
import { useSlice, useT } from '../app/context.tsx';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import { formatAgo } from '../lib/format.ts';
import { routeHref } from '../lib/router.ts';
import { useNow } from '../lib/use-now.ts';
import { NodeStats } from '../ui/NodeStats.tsx';
import { PendingRequests } from '../ui/PendingRequests.tsx';
import { runBlock } from '../ui/run-availability.ts';
import { WakeButton } from '../ui/WakeButton.tsx';
import { GatewayText } from '../ui/GatewayText.tsx';

/** The state badge of a node. */
export function NodeStateBadge({ node, now }: { node: NodeEntry; now: number }) {
  const t = useT();
  // While the gateway is unreachable nobody knows a node's state: say so, do not guess.
  const reachable = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  if (!reachable) return <span className="pill pill-off" data-testid="node-state" data-state="unknown">? {t('topo.unknown')}</span>;
  if (!node.connected) return <span className="pill pill-off" data-testid="node-state" data-state="off">{t('node.offline')} · {formatAgo(t, node.lastSeenAtMs ?? node.lastDisconnectedAtMs, now)}</span>;
  if (node.approvalState !== 'approved') return <span className="pill pill-pending" data-testid="node-state" data-state="pending">◇ {t('node.awaitingApproval')}</span>;
  return <span className="pill pill-ok" data-testid="node-state" data-state="ok">{t('node.online')}</span>;
}

function NodeCard({ node, now }: { node: NodeEntry; now: number }) {
  const t = useT();
  const reachable = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const pendingDevices = useSlice((s) => s.pending, (s) => s.devices);
  const pendingNodes = useSlice((s) => s.pending, (s) => s.nodes);
  // Offer Run only where the run screen can run (the same rule it uses); elsewhere the card opens
  // the node page, which says why, and an offline machine that reported a network card gets Wake.
  const block = runBlock({ node, gatewayOnline: reachable, pendingDevices, pendingNodes, latestRunError: undefined });
  const canWake = block?.reason === 'offline' && node.paired && (node.interfaces?.length ?? 0) > 0;
  return (
    <article className="card node-card" data-testid="node-card" data-name={node.displayName ?? node.nodeId}>
      <a className="row-between node-card-head" href={routeHref({ name: 'node', nodeId: node.nodeId })}>
        <div>
          <div className="strong">{node.displayName ?? node.nodeId.slice(0, 12)}</div>
          <div className="muted small">{[node.platform, node.deviceFamily, node.version && `v${node.version}`].filter(Boolean).join(' · ')}</div>
          {node.connected && node.path && (
            <div className="muted small" data-testid="node-path">{t(pathKey(node.path))}{node.rttMs !== undefined ? ` · ${t('topo.rtt', { ms: node.rttMs })}` : ''}</div>
          )}
        </div>
        <NodeStateBadge node={node} now={now} />
      </a>
      <NodeStats nodeId={node.nodeId} stats={node.hostStats} live={node.connected && reachable} now={now} />
      <div className="actions">
        <a className="btn btn-small" href={routeHref({ name: 'node', nodeId: node.nodeId })} data-testid="node-card-open">{block ? t('nodes.details') : t('nodes.open')}</a>
        {canWake && <WakeButton nodeId={node.nodeId} canWake compact />}
      </div>
    </article>
  );
}

export function NodesScreen() {
  const t = useT();
  const now = useNow(5000);
  const nodes = useSlice((s) => s.nodes, (s) => s.nodes);
  const loaded = useSlice((s) => s.nodes, (s) => s.loaded);
  const error = useSlice((s) => s.nodes, (s) => s.error);
  return (
    <section className="screen" data-testid="screen-nodes">
      <h1>{t('nodes.title')}</h1>
      <PendingRequests now={now} />
      {error && <div className="alert alert-error" role="alert"><GatewayText as="p" text={error} /></div>}
      {loaded && nodes.length === 0 && (
        <div className="card"><p>{t('overview.empty')}</p><a className="btn btn-primary" href="#/pair/node">{t('overview.pairNode')}</a></div>
      )}
      <div className="node-grid">
        {nodes.map((n) => <NodeCard key={n.nodeId} node={n} now={now} />)}
      </div>
    </section>
  );
}
