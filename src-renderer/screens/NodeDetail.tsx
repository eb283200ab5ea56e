/**
 * One node: what it is, how it is doing, a command runner (or why it cannot run, with Approve
 * when that is why), the runs started here — the newest scrolled into view on a phone — and its
 * paged run history. A machine that only asked to join (a device request) has a page too.
 */
import { useEffect, useRef } from 'react';
import { pathKey } from '../ui/connection-path.ts';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { decide } from '../state/pending-store.ts';
import { NodeStats } from '../ui/NodeStats.tsx';
import { ExecApprovals } from '../ui/ExecApprovals.tsx';
import { RunForm } from '../ui/RunForm.tsx';
import { RunHistory } from '../ui/RunHistory.tsx';
import { RunResult } from '../ui/RunResult.tsx';
import { WakeButton } from '../ui/WakeButton.tsx';
import { runBlock } from '../ui/run-availability.ts';
import { NodeStateBadge } from './Nodes.tsx';
import { GatewayText } from '../ui/GatewayText.tsx';

const EMPTY: never[] = [];
/** Runs of this page shown with their output; the history below lists every run. */
const SHOWN_RUNS = 3;

/** A device that asked to join as a node and is not in the node list yet. */
function PendingDevicePage({ nodeId }: { nodeId: string }) {
  const t = useT();
  const { stores, client } = useApp();
  const req = useSlice((s) => s.pending, (s) => s.devices.find((d) => d.deviceId === nodeId));
  const busy = useSlice((s) => s.pending, (s) => (req ? s.busy[req.requestId] : undefined));
  const error = useSlice((s) => s.pending, (s) => (req ? s.errors[req.requestId] : undefined));
  if (!req) return null;
  return (
    <section className="screen" data-testid="screen-node">
      <a href="#/nodes" className="back">← {t('nodes.title')}</a>
      <header className="row-between wrap-gap">
        <h1 className="no-margin">{req.displayName ?? req.clientId ?? nodeId.slice(0, 12)}</h1>
        <span className="pill pill-pending" data-testid="node-state" data-state="pending">◇ {t('node.awaitingApproval')}</span>
      </header>
      <dl className="kv card">
        <dt>{t('node.platform')}</dt><dd>{[req.platform, req.deviceFamily].filter(Boolean).join(' · ') || '–'}</dd>
        <dt>{t('pairing.fingerprint')}</dt><dd className="mono">{req.fingerprint ?? shortFingerprint(nodeId)}</dd>
        {req.remoteIp && (<><dt>{t('pending.address')}</dt><dd className="mono">{req.remoteIp}</dd></>)}
      </dl>
      <div className="card stack run-blocked blocked-pending" data-testid="run-blocked" data-reason="awaiting-approval">
        <p className="no-margin">{t('runblock.approval')}</p>
        {error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={error} /></div>}
        <button type="button" className="btn btn-primary" data-testid="run-approve" disabled={!!busy}
          onClick={() => void decide(stores.pending, client, 'device', req.requestId, 'approve')}>
          {busy ? t('common.working') : t('runblock.approve')}
        </button>
      </div>
    </section>
  );
}

export function NodeDetailScreen({ nodeId }: { nodeId: string }) {
  const t = useT();
  const now = useNow(5000);
  const node = useSlice((s) => s.nodes, (s) => s.nodes.find((n) => n.nodeId === nodeId));
  const loaded = useSlice((s) => s.nodes, (s) => s.loaded);
  const runs = useSlice((s) => s.runs, (s) => s.live[nodeId] ?? EMPTY);
  const historyFirst = useSlice((s) => s.runs, (s) => (s.historyPage[nodeId]?.cursors.length ? undefined : s.history[nodeId]?.[0]));
  const pendingDevices = useSlice((s) => s.pending, (s) => s.devices);
  const pendingNodes = useSlice((s) => s.pending, (s) => s.nodes);
  const gatewayOnline = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const doneCount = runs.filter((r) => r.status !== 'running').length;
  // A run started here is brought into view (on a phone it would land below the fold).
  const newestRef = useRef<HTMLDivElement>(null);
  const lastShown = useRef<{ nodeId: string; id: string | undefined }>({ nodeId, id: runs[0]?.id });
  const newestId = runs[0]?.id;
  useEffect(() => {
    const seen = lastShown.current;
    lastShown.current = { nodeId, id: newestId };
    // Opening another node (or coming back) shows its page from the top; only a new run scrolls.
    if (seen.nodeId !== nodeId || !newestId || newestId === seen.id) return;
    newestRef.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [nodeId, newestId]);

  if (!node) {
    if (pendingDevices.some((d) => d.deviceId === nodeId)) return <PendingDevicePage nodeId={nodeId} />;
    return (
      <section className="screen">
        <a href="#/nodes" className="back">← {t('nodes.title')}</a>
        <p className="muted">{loaded ? t('node.notFound') : t('common.loading')}</p>
      </section>
    );
  }
  const latest = [runs[0], historyFirst].filter((r) => r !== undefined).sort((a, b) => b.startedAtMs - a.startedAtMs)[0];
  const block = runBlock({ node, gatewayOnline, pendingDevices, pendingNodes, latestRunError: latest?.status === 'running' ? undefined : latest?.error });
  const live = node.connected && gatewayOnline;
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
        <dt>{t('node.lastSeen')}</dt><dd>{live ? t('node.now') : formatAgo(t, node.lastSeenAtMs ?? node.lastDisconnectedAtMs, now)}</dd>
        {node.remoteIp && (<><dt>{t('pending.address')}</dt><dd className="mono">{node.remoteIp}</dd></>)}
        {live && node.path && (<><dt>{t('remote.path')}</dt><dd data-testid="node-path">{t(pathKey(node.path))}{node.rttMs !== undefined ? ` · ${t('topo.rtt', { ms: node.rttMs })}` : ''}</dd></>)}
      </dl>
      <div className="card"><NodeStats nodeId={node.nodeId} stats={node.hostStats} wide live={live} now={now} /></div>
      {gatewayOnline && !node.connected && node.paired && <WakeButton nodeId={node.nodeId} canWake={(node.interfaces?.length ?? 0) > 0} />}
      <RunForm key={node.nodeId} nodeId={node.nodeId} platform={node.platform} block={block} now={now} />
      {/* A run on a node in --exec ask mode waits for this answer: offer it here, not only on Nodes. */}
      <ExecApprovals now={now} nodeId={node.nodeId} />
      {/* The newest few runs with their output (and any still running); older ones are in the history. */}
      {runs.filter((r, i) => i < SHOWN_RUNS || r.status === 'running').map((r, i) => (
        <div key={r.id} ref={i === 0 ? newestRef : undefined} className="run-anchor">
          <RunResult run={r} />
        </div>
      ))}
      <RunHistory nodeId={node.nodeId} refreshKey={doneCount} />
    </section>
  );
}
