/** One node: what it is, how it is doing, a command runner, and its run history. */
import { pathKey } from './Remote.tsx';
import { useSlice, useT } from '../app/context.tsx';
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { NodeStats } from '../ui/NodeStats.tsx';
import { RunForm } from '../ui/RunForm.tsx';
import { RunHistory } from '../ui/RunHistory.tsx';
import { RunResult } from '../ui/RunResult.tsx';
import { WakeButton } from '../ui/WakeButton.tsx';
import { NodeStateBadge } from './Nodes.tsx';

const EMPTY: never[] = [];

export function NodeDetailScreen({ nodeId }: { nodeId: string }) {
  const t = useT();
  const now = useNow(5000);
  const node = useSlice((s) => s.nodes, (s) => s.nodes.find((n) => n.nodeId === nodeId));
  const loaded = useSlice((s) => s.nodes, (s) => s.loaded);
  const runs = useSlice((s) => s.runs, (s) => s.live[nodeId] ?? EMPTY);
  const doneCount = runs.filter((r) => r.status !== 'running').length;

  if (!node) {
    return (
      <section className="screen">
        <a href="#/nodes" className="back">← {t('nodes.title')}</a>
        <p className="muted">{loaded ? t('node.notFound') : t('common.loading')}</p>
      </section>
    );
  }
  const canRun = node.connected && node.approvalState === 'approved' && node.commands.includes('system.run');
  return (
    <section className="screen" data-testid="screen-node">
      <a href="#/nodes" className="back">← {t('nodes.title')}</a>
      <header className="row-between wrap-gap">
        <h1 className="no-margin">{node.displayName ?? node.nodeId.slice(0, 12)}</h1>
        <NodeStateBadge node={node} now={now} />
      </header>
      <dl className="kv card">
        <dt>{t('node.platform')}</dt><dd>{[node.platform, node.deviceFamily].filter(Boolean).join(' · ') || '–'}</dd>
        <dt>{t('node.version')}</dt><dd>{node.version ?? '–'}</dd>
        <dt>{t('pairing.fingerprint')}</dt><dd className="mono">{shortFingerprint(node.nodeId)}</dd>
        <dt>{t('node.lastSeen')}</dt><dd>{node.connected ? t('node.now') : formatAgo(t, node.lastSeenAtMs, now)}</dd>
        {node.remoteIp && (<><dt>{t('pending.address')}</dt><dd className="mono">{node.remoteIp}</dd></>)}
        {node.connected && node.path && (<><dt>{t('remote.path')}</dt><dd data-testid="node-path">{t(pathKey(node.path))}{node.rttMs !== undefined ? ` · ${t('topo.rtt', { ms: node.rttMs })}` : ''}</dd></>)}
      </dl>
      <div className="card"><NodeStats nodeId={node.nodeId} stats={node.hostStats} wide /></div>
      {!node.connected && node.paired && <WakeButton nodeId={node.nodeId} canWake={(node.interfaces?.length ?? 0) > 0} />}
      <RunForm nodeId={node.nodeId} disabled={!canRun} />
      {runs.map((r) => <RunResult key={r.id} run={r} />)}
      <RunHistory nodeId={node.nodeId} refreshKey={doneCount} />
    </section>
  );
}
