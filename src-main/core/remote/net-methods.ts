/** `hearth.net.status`: tailnet, WireGuard and every address the gateway is reachable at (scheme A and B together). */
import type { NetStatusView, PeerEntryView } from '../../../src-shared/protocol/contract/remote.ts';
import type { MethodSpec } from '../gateway/services.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { ModuleContext } from '../modules/types.ts';
import { listAddresses, setupCodeUrls } from './net-addresses.ts';
import { detectTailscale, detectWireguard, type TailscaleInfo, type WireguardInfo } from './net-detect.ts';
import { tunnelPhoneRoute, type TunnelConfig } from './tunnel-config.ts';
import type { TunnelStatus } from './tunnel-supervisor.ts';

/** `hearth.net.status`, as the contract has it. */
export type NetStatus = NetStatusView;

export interface NetSources {
  ctx: ModuleContext;
  tunnel: { cfg: TunnelConfig; status: TunnelStatus } | undefined;
}

/** Detection results (slow: they spawn tools), kept between refreshes. */
export interface NetDetection {
  tailscale: TailscaleInfo;
  wireguard: WireguardInfo;
  atMs: number;
}

export async function detectNet(detect = { tailscale: detectTailscale, wireguard: detectWireguard }): Promise<NetDetection> {
  const [tailscale, wireguard] = await Promise.all([detect.tailscale(), detect.wireguard()]);
  return { tailscale, wireguard, atMs: Date.now() };
}

/** The network view from detection results and the live tunnel state (synchronous: setup codes need it). */
export function composeNetStatus(src: NetSources, detection: NetDetection | undefined): NetStatus {
  const gw = src.ctx.gw;
  const tailscale = detection?.tailscale ?? { present: false, peers: [] };
  const wireguard = detection?.wireguard ?? { present: false, interfaces: [] };
  const port = gw.bind.port();
  const route = src.tunnel && src.tunnel.cfg.enabled ? tunnelPhoneRoute(src.tunnel.cfg) : undefined;
  const addresses = listAddresses({
    bindHost: gw.bind.host, bindMode: gw.bind.mode, port, tailscale, wireguard,
    tunnel: route && src.tunnel ? { host: src.tunnel.cfg.host, phoneUrl: route.phoneUrl, up: src.tunnel.status.state === 'up', sshForwardCommand: route.sshForwardCommand } : undefined,
  });
  const warnings: string[] = [];
  if (!addresses.some((a) => a.reachable && a.kind !== 'loopback')) {
    warnings.push('the gateway is reachable only from this machine (loopback); for a phone: set up the tunnel (`hearth tunnel set`), or restart with --bind tailnet, or pass --public-url');
  }
  if (tailscale.present && tailscale.running === false) warnings.push(`Tailscale is installed but not running (state ${tailscale.backendState ?? 'unknown'}); run \`tailscale up\``);
  if (tailscale.error) warnings.push(`Tailscale: ${tailscale.error}`);
  if (wireguard.error) warnings.push(`WireGuard: ${wireguard.error} (reading interfaces needs root)`);
  return {
    bind: { mode: gw.bind.mode, host: gw.bind.host, port },
    addresses, urls: setupCodeUrls(addresses),
    tailscale, wireguard,
    tunnel: route && src.tunnel ? { state: src.tunnel.status.state, ...route } : null,
    warnings,
  };
}

/** One connected node or operator with its path and RTT (the path indicator). */
/** One connection in `hearth.net.peers`, as the contract has it. */
export type PeerEntry = PeerEntryView;

export function listPeers(ctx: ModuleContext): PeerEntry[] {
  const out: PeerEntry[] = [];
  for (const s of ctx.gw.events.sessions) {
    const e: PeerEntry = {
      connId: s.connId, role: s.role, name: s.client.displayName ?? s.client.id, clientMode: s.client.mode,
      remoteIp: s.remoteIp, path: s.path ?? ctx.gw.peerPaths.classify(s.remoteIp), rttMs: s.rttMs ?? null, connectedAtMs: s.connectedAtMs,
    };
    if (s.deviceId) e.deviceId = s.deviceId;
    out.push(e);
  }
  return out.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name));
}

export function netMethods(sources: () => NetSources, refresh: () => Promise<NetDetection>): Record<string, MethodSpec> {
  return defineMethods({
    'hearth.net.peers': {
      role: 'operator', scope: 'operator.read',
      handler: () => ({ ts: Date.now(), peers: listPeers(sources().ctx) }),
    },
    'hearth.net.status': {
      role: 'operator', scope: 'operator.read',
      handler: async () => composeNetStatus(sources(), await refresh()),
    },
  });
}
