/**
 * The remote-access view: tunnel state, the network (tailnet, WireGuard, reachable addresses) and
 * the path + RTT of every connection, polled from the gateway's remote module while a screen that
 * shows them is mounted. A gateway without the module answers "unknown method": `available` false.
 */
import { useEffect, useState } from 'react';
import type { Invoker } from './invoker.ts';
import { errorText, isUnknownMethod } from './invoker.ts';

export type TunnelState = 'disabled' | 'connecting' | 'up' | 'backoff' | 'auth-failed' | 'host-key-mismatch' | 'remote-port-busy';

export interface TunnelView {
  configured: boolean;
  enabled: boolean;
  state: TunnelState;
  since: number;
  lastError: string | null;
  remote: { host: string; port: number; bind: string } | null;
  ssh: { user: string; host: string; port: number; hostKey: string } | null;
  rttMs: number | null;
  reconnects: number;
  connections: number;
  bytesIn: number;
  bytesOut: number;
  rttHistory: number[];
  history: { atMs: number; state: TunnelState; error?: string }[];
  phoneUrl: string | null;
  sshForwardCommand: string | null;
  publicBind: boolean;
}

export interface AddressView { kind: string; address: string; via: string; url: string; wsUrl: string; reachable: boolean; note?: string }

export interface NetView {
  bind: { mode: string; host: string; port: number };
  addresses: AddressView[];
  urls: string[];
  tailscale: { present: boolean; running?: boolean; backendState?: string; dnsName?: string; ipv4?: string; ipv6?: string; peers: { hostName: string; online: boolean; connection: string; curAddr: string; relay: string }[]; error?: string };
  wireguard: { present: boolean; interfaces: { name: string; addresses: string[]; peers: { endpoint: string | null; latestHandshakeMs: number | null }[] }[]; error?: string };
  warnings: string[];
}

export interface PeerView { connId: string; role: 'operator' | 'node'; name: string; deviceId?: string; remoteIp: string; path: string; rttMs: number | null }

export interface RemoteView {
  available: boolean;
  tunnel?: TunnelView;
  net?: NetView;
  peers?: PeerView[];
  error?: string;
}

/** Polls the tunnel and peers every `fastMs` and the network (it spawns tools on the gateway) every `netMs`. */
export function useRemoteView(client: Invoker, opts: { fastMs?: number; netMs?: number; withNet?: boolean } = {}): RemoteView {
  const [view, setView] = useState<RemoteView>({ available: true });
  const fastMs = opts.fastMs ?? 5000;
  const netMs = opts.netMs ?? 30_000;
  const withNet = opts.withNet ?? true;
  useEffect(() => {
    let stopped = false;
    const fail = (err: unknown) => {
      if (!stopped) setView((v) => (isUnknownMethod(err) ? { available: false } : { ...v, error: errorText(err) }));
    };
    const fast = async () => {
      try {
        const [tunnel, peers] = await Promise.all([
          client.invoke<TunnelView>('hearth.tunnel.status', {}),
          client.invoke<{ peers: PeerView[] }>('hearth.net.peers', {}),
        ]);
        if (!stopped) setView((v) => ({ ...v, available: true, tunnel, peers: peers.peers, error: undefined }));
      } catch (err) {
        fail(err);
      }
    };
    const net = async () => {
      try {
        const n = await client.invoke<NetView>('hearth.net.status', {}, { timeoutMs: 20_000 });
        if (!stopped) setView((v) => ({ ...v, net: n }));
      } catch (err) {
        fail(err);
      }
    };
    void fast();
    if (withNet) void net();
    const a = setInterval(() => void fast(), fastMs);
    const b = withNet ? setInterval(() => void net(), netMs) : undefined;
    return () => {
      stopped = true;
      clearInterval(a);
      if (b) clearInterval(b);
    };
  }, [client, fastMs, netMs, withNet]);
  return view;
}
