/**
 * The remote-access view: tunnel state, the network (tailnet, WireGuard, reachable addresses) and
 * the path + RTT of every connection, polled from the gateway's remote module while a screen that
 * shows them is mounted. A gateway without the module answers "unknown method": `available` false.
 */
import { useEffect, useState } from 'react';
import type { Invoker } from './invoker.ts';
import { errorText, isUnknownMethod } from './invoker.ts';

import type { NetStatusView, PeerEntryView, ReachableAddress, TunnelState, TunnelStatusPayload } from '../../src-shared/protocol/contract/remote.ts';

// The views are the contract's shapes (src-shared), not copies of them.
export type { TunnelState };
export type TunnelView = TunnelStatusPayload;
export type AddressView = ReachableAddress;
export type NetView = NetStatusView;
export type PeerView = PeerEntryView;

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
          client.invoke('hearth.tunnel.status', {}),
          client.invoke('hearth.net.peers', {}),
        ]);
        if (!stopped) setView((v) => ({ ...v, available: true, tunnel, peers: peers.peers, error: undefined }));
      } catch (err) {
        fail(err);
      }
    };
    const net = async () => {
      try {
        const n = await client.invoke('hearth.net.status', {}, { timeoutMs: 20_000 });
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
