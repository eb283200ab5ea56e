/**
 * The seed's diagram, live: this phone → the relay hop → the gateway → each node, coloured
 * by state. Drawn as one SVG that scales to the container (vertical so it fits a phone); the
 * geometry is in topology-layout.ts, what each machine shows in topology-model.ts. Machines
 * waiting for approval are drawn (dashed, blue) and listed under the diagram with Approve.
 */
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatAgo, formatLoad } from '../lib/format.ts';
import { reachKind } from '../lib/reach.ts';
import { routeHref } from '../lib/router.ts';
import type { ModelsStatus } from '../models/types.ts';
import { useModels } from '../models/use-models.ts';
import { useRemoteView } from '../state/remote-view.ts';
import { pathKey, tunnelTone } from './connection-path.ts';
import { stateTone, worstState } from '../state/storage-store.ts';
import { decide } from '../state/pending-store.ts';
import { layoutTopology, pathData, type Rect } from './topology-layout.ts';
import { topologyCounts, topologyNodes, type TopoNode, type TopoTone } from './topology-model.ts';
import { GatewayText } from './GatewayText.tsx';

type Tone = TopoTone | 'warn';

/**
 * A character's advance in em, on the wide side of common UI fonts (DejaVu Sans, which Linux
 * browsers fall back to, is among the widest; phone fonts are narrower), so text that passes
 * here fits on screen. A CJK glyph is one em; counting it as two Latin letters (as this did)
 * cut lines such as "本机回环 5.8 毫秒" that fit.
 */
function charEm(ch: string): number {
  if (/[\u2e80-\uffff]/.test(ch)) return 1;
  if (/[ .,:;'|!il·()[\]]/.test(ch)) return 0.34;
  if (/[fjrt]/.test(ch)) return 0.42;
  if (/[mwMW]/.test(ch)) return 1;
  if (/[A-Z]/.test(ch)) return 0.74;
  return 0.64;
}

/** Shortens text to fit `px` at a font size of `fontPx` (× `weight` for bold), ending in "…" when cut. */
export function clipToWidth(text: string, px: number, fontPx: number, weight = 1): string {
  const budget = px / (fontPx * weight);
  const ellipsis = 1;
  let used = 0;
  const chars = [...text];
  const total = chars.reduce((s, ch) => s + charEm(ch), 0);
  if (total <= budget) return text;
  let out = '';
  for (const ch of chars) {
    if (used + charEm(ch) + ellipsis > budget) break;
    used += charEm(ch);
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** Font sizes of the box lines (styles.css .topo-title / .topo-sub / .topo-third). */
export const TITLE_PX = 12.5;
export const SUB_PX = 11;
export const THIRD_PX = 9.5;

/** A round trip as short as it stays honest: tenths below 10 ms, whole milliseconds above. */
export function shortRtt(ms: number): number {
  return ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms);
}

/** Where the third line of a box starts and how much it keeps from the right border. */
export const THIRD_X = 9;
export const THIRD_RIGHT = 5;

/** A node box's third line while it is live: how it reaches the gateway and the round trip. */
/** The models box's line: live models, or "none up" when model servers are known but all down (not "none found"). */
export function modelsBoxText(t: (key: MessageKey, vars?: Record<string, string | number>) => string, online: boolean, status: ModelsStatus | undefined): string {
  if (!online || !status) return t('legend.unknown');
  if (status.liveModels > 0) return t('topo.modelsLive', { n: status.liveModels });
  return status.endpoints.length > 0 ? t('topo.modelsDown') : t('topo.modelsNone');
}

export function nodePathLine(t: (key: MessageKey, vars?: Record<string, string | number>) => string, path: string, rttMs: number | undefined): string {
  if (rttMs === undefined) return t(pathKey(path));
  // From a second up, seconds with tenths: "1.2 s" is shorter and as useful as "1234 ms".
  const rtt = rttMs >= 999.5 ? t('topo.rttSeconds', { s: Math.round(rttMs / 100) / 10 }) : t('topo.rtt', { ms: shortRtt(rttMs) });
  return `${t(pathKey(path))} ${rtt}`;
}

/**
 * The state marker left of a box's title: a different shape per state (filled circle, hollow
 * diamond, hollow circle, question mark, triangle) so states read apart without colour.
 */
export function StateMarker({ tone, x, y }: { tone: Tone; x: number; y: number }) {
  if (tone === 'ok') return <circle cx={x} cy={y} r="4.5" className="topo-dot" />;
  if (tone === 'pending') return <path d={`M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`} className="topo-mark-hollow" />;
  if (tone === 'off') return <circle cx={x} cy={y} r="4" className="topo-mark-hollow" />;
  if (tone === 'unknown') return <text x={x} y={y + 4} textAnchor="middle" className="topo-mark-q">?</text>;
  return <path d={`M${x},${y - 5} L${x + 5.5},${y + 4.5} L${x - 5.5},${y + 4.5} Z`} className={tone === 'err' ? 'topo-dot' : 'topo-mark-hollow'} />;
}

interface BoxProps { rect: Rect; title: string; sub: string; third?: string | undefined; tone: Tone; href?: string | undefined; testId?: string; state?: string }

function Box({ rect, title, sub, third, tone, href, testId, state }: BoxProps) {
  const body = (
    <g className={`topo-box topo-${tone}`} transform={`translate(${rect.x},${rect.y})`} data-testid={testId} data-state={state}>
      <rect width={rect.w} height={rect.h} rx="10" />
      <StateMarker tone={tone} x={12} y={16} />
      <text x="22" y="20" className="topo-title">{clipToWidth(title, rect.w - 30, TITLE_PX, 1.08)}</text>
      <text x="10" y="38" className="topo-sub">{clipToWidth(sub, rect.w - 16, SUB_PX)}</text>
      {third && <text x={THIRD_X} y="52" className="topo-third">{clipToWidth(third, rect.w - THIRD_X - THIRD_RIGHT, THIRD_PX)}</text>}
    </g>
  );
  return href ? <a href={href}>{body}</a> : body;
}

/** What a node's box says under its name. */
function nodeSub(t: ReturnType<typeof useT>, n: TopoNode, load: number | undefined): string {
  if (n.tone === 'unknown') return t('topo.unknown');
  if (n.tone === 'pending') return t('topo.waiting');
  if (n.tone === 'off') return t('node.offline');
  return load !== undefined ? t('topo.cpu', { v: formatLoad(load) }) : t('node.online');
}

export function Topology({ now }: { now: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const nodes = useSlice((s) => s.nodes, (s) => s.nodes);
  const samples = useSlice((s) => s.nodes, (s) => s.samples);
  const pendingDevices = useSlice((s) => s.pending, (s) => s.devices);
  const pendingNodes = useSlice((s) => s.pending, (s) => s.nodes);
  const busy = useSlice((s) => s.pending, (s) => s.busy);
  const errors = useSlice((s) => s.pending, (s) => s.errors);
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const mounts = useSlice((s) => s.storage, (s) => s.mounts);
  const storageAvailable = useSlice((s) => s.storage, (s) => s.loaded && !s.unavailable);
  const online = status === 'connected';
  const models = useModels();
  const kind = reachKind(typeof location === 'undefined' ? 'localhost' : location.hostname);
  const reachLabel: Record<typeof kind, MessageKey> = { local: 'topo.reachLocal', tailnet: 'topo.reachTailnet', lan: 'topo.reachLan', relay: 'topo.reachRelay' };
  // The relay hop from live data: this connection's path as the gateway classified it, and the
  // tunnel's state when that path is the tunnel; the page host is only a fallback for old gateways.
  const remote = useRemoteView(client, { withNet: false, fastMs: 10_000 });
  const myConnId = useSlice((s) => s.connection, (s) => (s.state.status === 'connected' ? s.state.hello.server.connId : undefined));
  const me = remote.peers?.find((p) => p.connId === myConnId);
  const pathTitle: Partial<Record<string, MessageKey>> = { loopback: 'topo.reachLocal', lan: 'topo.reachLan', tailnet: 'topo.reachTailnet', tunnel: 'topo.viaTunnel', wireguard: 'topo.viaWireguard', internet: 'topo.reachRelay' };
  const relayTitle = me ? t(pathTitle[me.path] ?? 'topo.reachRelay') : t(reachLabel[kind]);
  const tunnel = remote.tunnel;
  const relaySub = !online ? t('topo.unknown') : me?.path === 'tunnel' && tunnel?.ssh
    ? `${tunnel.ssh.host}${tunnel.rttMs !== null ? ` · ${t('topo.rtt', { ms: tunnel.rttMs })}` : ''}`
    : me ? `${t(pathKey(me.path))}${me.rttMs !== null ? ` · ${t('topo.rtt', { ms: me.rttMs })}` : ''}` : typeof location === 'undefined' ? '' : location.host;
  const relayTone: Tone = !online ? 'unknown' : me?.path === 'tunnel' && tunnel ? tunnelTone(tunnel.state) : 'ok';

  const list = topologyNodes({ nodes, pendingDevices, pendingNodes, gatewayOnline: online });
  const counts = topologyCounts(list);
  const layout = layoutTopology({ nodeCount: list.length, withModels: !models.absent, withStorage: storageAvailable });
  const worst = worstState(mounts);
  const storageTone: Tone = !online ? 'unknown' : !worst ? 'off' : stateTone(worst);
  const gatewaySub = !online ? t('topo.unreachable')
    : counts.waiting > 0 ? t('topo.nodesOnlineWaiting', { n: counts.online, total: counts.total, waiting: counts.waiting })
    : t('topo.nodesOnline', { n: counts.online, total: counts.total });
  const waiting = list.filter((n) => n.tone === 'pending' && n.approve);
  const edgeClass = (n: TopoNode) => `topo-link topo-link-${n.tone === 'ok' ? 'ok' : n.tone === 'pending' ? 'pending' : 'off'}`;
  // Edges of offline/unknown nodes first, so a live edge sharing the trunk is drawn on top.
  const order = [...layout.nodes].sort((a, b) => Number(list[a.index]!.tone === 'ok') - Number(list[b.index]!.tone === 'ok'));

  return (
    <>
      <svg className="topology" viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={t('topo.label')} data-testid="topology">
        {layout.chainEdges.map((e, i) => <path key={`c-${i}`} d={pathData(e)} className={`topo-link topo-link-${online ? 'ok' : 'err'}`} />)}
        {order.map((slot) => <path key={`l-${list[slot.index]!.id}`} d={pathData(slot.edge)} className={edgeClass(list[slot.index]!)} data-testid={`topo-link-${list[slot.index]!.id}`} />)}
        <Box rect={layout.phone} title={t('topo.thisDevice')} sub={online ? t('topo.connected') : t('topo.disconnected')} tone={online ? 'ok' : 'err'} />
        <Box rect={layout.relay} title={relayTitle} sub={relaySub} tone={relayTone} testId="topo-relay" />
        <Box rect={layout.gateway} title={t('topo.gateway')} sub={gatewaySub} tone={online ? 'ok' : 'err'} testId="topo-gateway" state={online ? 'ok' : 'err'} />
        {layout.models && layout.modelsEdge && (
          // The models box sits beside the gateway: how many models are live right now, home-wide.
          <>
            <path d={pathData(layout.modelsEdge)} className={`topo-link topo-link-${online && (models.status?.liveModels ?? 0) > 0 ? 'ok' : 'off'}`} />
            <Box rect={layout.models} title={t('topo.models')}
              sub={modelsBoxText(t, online, models.status)}
              tone={!online || !models.status ? 'unknown' : models.status.liveModels > 0 ? 'ok' : 'off'} href={routeHref({ name: 'models' })} testId="topo-models" />
          </>
        )}
        {layout.nodes.map((slot) => {
          const n = list[slot.index]!;
          const load = n.tone === 'ok' ? samples[n.id]?.at(-1)?.load : undefined;
          // Third line: how it reaches the gateway while live; when it was last seen while offline.
          const third = n.path ? nodePathLine(t, n.path, n.rttMs)
            : n.tone === 'off' ? formatAgo(t, n.lastSeenAtMs, now) : n.tone === 'pending' ? t('topo.tapToApprove') : undefined;
          const href = routeHref({ name: 'node', nodeId: n.id });
          return <Box key={n.id} rect={slot.rect} title={n.name} sub={nodeSub(t, n, load)} third={third} tone={n.tone} href={href} testId={`topo-node-${n.id}`} state={n.tone} />;
        })}
        {layout.storage && (
          <Box rect={layout.storage} title={t('topo.storage')} tone={storageTone} href={routeHref({ name: 'storage' })} testId="topo-storage"
            sub={!online ? t('topo.unknown') : mounts.length === 0 ? t('topo.storageNone') : t('topo.storageSummary', { n: mounts.length, state: t(`storage.state.${worst ?? 'unknown'}` as MessageKey) })} />
        )}
        {list.length === 0 && (
          <text x={layout.width / 2} y={layout.gateway.y + layout.gateway.h + 50} textAnchor="middle" className="topo-sub">{t('topo.noNodes')}</text>
        )}
      </svg>
      {online && waiting.length > 0 && (
        <ul className="topo-approvals" data-testid="topo-approvals">
          {waiting.map((n) => (
            <li key={n.id} className="row-between" data-testid="topo-approve-row" data-name={n.name}>
              <span><StateGlyph tone="pending" /> <strong>{n.name}</strong> <span className="muted small">{t('topo.waitingRow')}</span></span>
              <button type="button" className="btn btn-small btn-primary" disabled={!!busy[n.approve!.requestId]}
                onClick={() => void decide(stores.pending, client, n.approve!.kind, n.approve!.requestId, 'approve')}>
                {busy[n.approve!.requestId] ? t('common.working') : t('pending.approve')}
              </button>
              {errors[n.approve!.requestId] && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={errors[n.approve!.requestId]!} /></div>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The marker of a state as a small inline icon (legend, lists). */
export function StateGlyph({ tone }: { tone: Tone }) {
  return (
    <svg className={`state-glyph topo-${tone}`} width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <StateMarker tone={tone} x={6} y={6} />
    </svg>
  );
}
