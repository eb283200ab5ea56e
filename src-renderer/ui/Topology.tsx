/**
 * The seed's diagram, live: this phone → the relay hop → the gateway → each node, coloured
 * by state. Drawn as one SVG that scales to the container (vertical so it fits a phone).
 */
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { NodeEntry } from '../../src-shared/protocol/types.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatAgo, formatPercent } from '../lib/format.ts';
import { reachKind } from '../lib/reach.ts';
import { routeHref } from '../lib/router.ts';
import { useModels } from '../models/use-models.ts';
import { useRemoteView } from '../state/remote-view.ts';
import { pathKey, tunnelTone } from '../screens/Remote.tsx';
import { stateTone, worstState } from '../state/storage-store.ts';

const W = 360;
const BOX_W = 104;
/** The chain boxes (phone, relay, gateway) are wider: their labels are longer. */
const CHAIN_W = 168;
const BOX_H = 50;
const PER_ROW = 3;
const ROW_H = 84;
const MODELS_W = 84;

type Tone = 'ok' | 'warn' | 'err' | 'off' | 'pending';

function nodeTone(n: NodeEntry): Tone {
  if (!n.connected) return 'off';
  return n.approvalState === 'approved' ? 'ok' : 'pending';
}

/** Shortens text to fit `px` at about `charPx` per Latin character (CJK counts double). */
export function clipToWidth(text: string, px: number, charPx: number): string {
  const budget = Math.floor(px / charPx);
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    if (used + w > budget) return `${out.slice(0, Math.max(0, out.length - 1))}…`;
    used += w;
    out += ch;
  }
  return out;
}

interface BoxProps { x: number; y: number; w?: number; title: string; sub: string; tone: Tone; href?: string; testId?: string }

function Box({ x, y, w = BOX_W, title, sub, tone, href, testId }: BoxProps) {
  const body = (
    <g className={`topo-box topo-${tone}`} transform={`translate(${x - w / 2},${y - BOX_H / 2})`} data-testid={testId}>
      <rect width={w} height={BOX_H} rx="10" />
      <circle cx="12" cy="16" r="4.5" className="topo-dot" />
      <text x="22" y="20" className="topo-title">{clipToWidth(title, w - 30, 7.4)}</text>
      <text x="10" y="39" className="topo-sub">{clipToWidth(sub, w - 16, 6.3)}</text>
    </g>
  );
  return href ? <a href={href}>{body}</a> : body;
}

export function Topology({ now }: { now: number }) {
  const t = useT();
  const nodes = useSlice((s) => s.nodes, (s) => s.nodes);
  const samples = useSlice((s) => s.nodes, (s) => s.samples);
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const mounts = useSlice((s) => s.storage, (s) => s.mounts);
  const storageAvailable = useSlice((s) => s.storage, (s) => s.loaded && !s.unavailable);
  const online = status === 'connected';
  const models = useModels();
  const kind = reachKind(typeof location === 'undefined' ? 'localhost' : location.hostname);
  const reachLabel: Record<typeof kind, MessageKey> = { local: 'topo.reachLocal', tailnet: 'topo.reachTailnet', lan: 'topo.reachLan', relay: 'topo.reachRelay' };
  // The relay hop from live data: this connection's path as the gateway classified it, and the
  // tunnel's state when that path is the tunnel; the page host is only a fallback for old gateways.
  const remote = useRemoteView(useApp().client, { withNet: false, fastMs: 10_000 });
  const myConnId = useSlice((s) => s.connection, (s) => (s.state.status === 'connected' ? s.state.hello.server.connId : undefined));
  const me = remote.peers?.find((p) => p.connId === myConnId);
  const pathTitle: Partial<Record<string, MessageKey>> = { loopback: 'topo.reachLocal', lan: 'topo.reachLan', tailnet: 'topo.reachTailnet', tunnel: 'topo.viaTunnel', wireguard: 'topo.viaWireguard', internet: 'topo.reachRelay' };
  const relayTitle = me ? t(pathTitle[me.path] ?? 'topo.reachRelay') : t(reachLabel[kind]);
  const tunnel = remote.tunnel;
  const relaySub = me?.path === 'tunnel' && tunnel?.ssh
    ? `${tunnel.ssh.host}${tunnel.rttMs !== null ? ` · ${t('topo.rtt', { ms: tunnel.rttMs })}` : ''}`
    : me ? `${t(pathKey(me.path))}${me.rttMs !== null ? ` · ${t('topo.rtt', { ms: me.rttMs })}` : ''}` : typeof location === 'undefined' ? '' : location.host;
  const tt = me?.path === 'tunnel' && tunnel ? tunnelTone(tunnel.state) : 'ok';
  const relayTone: Tone = !online ? 'warn' : tt;

  const cx = W / 2;
  const yPhone = 34;
  const yRelay = yPhone + ROW_H;
  const yGw = yRelay + ROW_H;
  const yNodes = yGw + ROW_H + 10;
  const rows = Math.max(1, Math.ceil(nodes.length / PER_ROW));
  // The storage box sits under the nodes: the worst state of every mount on every machine.
  const yStorage = yNodes + rows * ROW_H;
  const height = (storageAvailable ? yStorage : yNodes + (rows - 1) * ROW_H) + BOX_H / 2 + 12;
  const worst = worstState(mounts);
  const storageTone: Tone = !online || !worst ? 'off' : stateTone(worst);

  const linkTone = online ? 'ok' : 'off';
  const positions = nodes.map((n, i) => {
    const row = Math.floor(i / PER_ROW);
    const inRow = Math.min(PER_ROW, nodes.length - row * PER_ROW);
    const col = i % PER_ROW;
    const x = W / 2 + (col - (inRow - 1) / 2) * (BOX_W + 14);
    return { n, x, y: yNodes + row * ROW_H };
  });

  return (
    <svg className="topology" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={t('topo.label')} data-testid="topology">
      <line x1={cx} y1={yPhone} x2={cx} y2={yGw} className={`topo-link topo-link-${linkTone}`} />
      {positions.map(({ n, x, y }) => (
        <path key={`l-${n.nodeId}`} d={`M${cx},${yGw} C${cx},${(yGw + y) / 2} ${x},${(yGw + y) / 2} ${x},${y}`} className={`topo-link topo-link-${n.connected && online ? 'ok' : 'off'}`} />
      ))}
      {/* Each edge says how the node reaches the gateway and its round trip (path indicator). */}
      {positions.map(({ n, x, y }) => n.connected && online && n.path ? (
        <text key={`e-${n.nodeId}`} x={(cx + x) / 2 + (x === cx ? 6 : 0)} y={(yGw + y) / 2 + 4} textAnchor={x === cx ? 'start' : 'middle'} className="topo-edge-label" data-testid={`topo-edge-${n.nodeId}`}>
          {t(pathKey(n.path))}{n.rttMs !== undefined ? ` ${t('topo.rtt', { ms: n.rttMs })}` : ''}
        </text>
      ) : null)}
      <Box x={cx} y={yPhone} w={CHAIN_W} title={t('topo.thisDevice')} sub={online ? t('topo.connected') : t('topo.disconnected')} tone={online ? 'ok' : 'warn'} />
      <Box x={cx} y={yRelay} w={CHAIN_W} title={t(reachLabel[kind])} sub={typeof location === 'undefined' ? '' : location.host} tone={online ? 'ok' : 'warn'} />
      {!models.absent && (
        // The models box sits beside the gateway: how many models are live right now, home-wide.
        <>
          <line x1={cx + CHAIN_W / 2} y1={yGw} x2={W - 4 - MODELS_W / 2} y2={yGw - ROW_H / 2 + 6} className={`topo-link topo-link-${online && (models.status?.liveModels ?? 0) > 0 ? 'ok' : 'off'}`} />
          <Box x={W - 4 - MODELS_W / 2} y={yGw - ROW_H / 2 + 6} w={MODELS_W} title={t('topo.models')}
            sub={!online || !models.status ? t('topo.unknown') : models.status.liveModels > 0 ? t('topo.modelsLive', { n: models.status.liveModels }) : t('topo.modelsNone')}
            tone={!online || !models.status ? 'off' : models.status.liveModels > 0 ? 'ok' : 'off'} href={routeHref({ name: 'models' })} testId="topo-models" />
        </>
      )}
      <Box x={cx} y={yRelay} w={CHAIN_W} title={relayTitle} sub={relaySub} tone={relayTone} testId="topo-relay" />
      <Box x={cx} y={yGw} w={CHAIN_W} title={t('topo.gateway')} sub={online ? t('topo.nodesOnline', { n: nodes.filter((x) => x.connected).length, total: nodes.length }) : t('topo.unreachable')} tone={online ? 'ok' : 'warn'} testId="topo-gateway" />
      {positions.map(({ n, x, y }) => {
        // While the gateway is unreachable a node's state is unknown: grey, with the last known facts.
        const tone: Tone = online ? nodeTone(n) : 'off';
        const last = samples[n.nodeId]?.at(-1);
        const sub = !online ? t('topo.unknown') : tone === 'off'
          ? formatAgo(t, n.lastSeenAtMs ?? n.lastDisconnectedAtMs, now)
          : tone === 'pending' ? t('node.awaitingApproval') : last ? t('topo.cpu', { v: formatPercent(last.load) }) : t('node.online');
        return <Box key={n.nodeId} x={x} y={y} title={n.displayName ?? n.nodeId.slice(0, 8)} sub={sub} tone={tone} href={routeHref({ name: 'node', nodeId: n.nodeId })} testId={`topo-node-${n.nodeId}`} />;
      })}
      {storageAvailable && (
        <Box x={cx} y={yStorage} w={CHAIN_W} title={t('topo.storage')} tone={storageTone} href={routeHref({ name: 'storage' })} testId="topo-storage"
          sub={mounts.length === 0 ? t('topo.storageNone') : !online ? t('topo.unknown') : t('topo.storageSummary', { n: mounts.length, state: t(`storage.state.${worst ?? 'unknown'}` as MessageKey) })} />
      )}
      {nodes.length === 0 && (
        <text x={cx} y={yNodes + 4} textAnchor="middle" className="topo-sub">{t('topo.noNodes')}</text>
      )}
    </svg>
  );
}
