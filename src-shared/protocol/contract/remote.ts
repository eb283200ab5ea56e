/**
 * Remote access (`hearth.tunnel.*`, `hearth.net.*`) and the `hearth.tunnel.state` event: the
 * tunnel's status shape lives here once, for the supervisor, the CLI and the Remote screen.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Empty, Nullable, Open, Opt, Params, StringEnum, method } from './kit.ts';

const Num = Type.Number();
const NStr = Nullable(Type.String());
const Strs = Type.Array(Type.String());

export const TUNNEL_STATES = ['disabled', 'connecting', 'up', 'backoff', 'auth-failed', 'host-key-mismatch', 'remote-port-busy'] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

export const TunnelEventSchema = Open({ atMs: Num, state: StringEnum(TUNNEL_STATES), error: Opt(Type.String()) });
export type TunnelEvent = Static<typeof TunnelEventSchema>;

/** What the tunnel supervisor knows. */
export const TunnelStatusSchema = Open({
  state: StringEnum(TUNNEL_STATES),
  /** When the current state began (ms since epoch). */
  since: Num,
  lastError: NStr,
  /** The forwarded port on the VPS. */
  remote: Nullable(Open({ host: Type.String(), port: Num, bind: Type.String() })),
  /** The SSH login. */
  ssh: Nullable(Open({ user: Type.String(), host: Type.String(), port: Num, hostKey: Type.String() })),
  rttMs: Nullable(Num),
  /** Bytes of SSH traffic received and sent, summed over every connection since the gateway started. */
  bytesIn: Num,
  bytesOut: Num,
  /** Forwarded connections open right now. */
  connections: Num,
  /** Forwarded connections accepted since the gateway started. */
  connectionsTotal: Num,
  /** Successful connections after the first one. */
  reconnects: Num,
  nextRetryAtMs: Nullable(Num),
  /** Set in `host-key-mismatch`: what the VPS presented instead of the pinned key. */
  presentedHostKey: Opt(Type.String()),
  /** The last 60 RTT samples, oldest first. */
  rttHistory: Type.Array(Num),
  /** State changes, newest last (at most 50). */
  history: Type.Array(TunnelEventSchema),
});
export type TunnelStatus = Static<typeof TunnelStatusSchema>;

/** `hearth.tunnel.status` (and set/up/down): the supervisor's status plus the configuration's facts. */
export const TunnelStatusPayloadSchema = Type.Intersect([
  TunnelStatusSchema,
  Open({
    configured: Type.Boolean(),
    enabled: Type.Boolean(),
    /** The remote bind is reachable by anyone who reaches the VPS. */
    publicBind: Type.Boolean(),
    /** What a phone opens after `ssh -N -L <remotePort>:127.0.0.1:<remotePort> user@vps` (or directly when public). */
    phoneUrl: NStr,
    sshForwardCommand: NStr,
  }),
]);
export type TunnelStatusPayload = Static<typeof TunnelStatusPayloadSchema>;

export const TunnelStateEventSchema = Open({ state: StringEnum(TUNNEL_STATES), since: Num, lastError: NStr, rttMs: Nullable(Num), reconnects: Num });

/** The path indicator: what kind of network a peer address came over (core/net/peer-path.ts classifies). */
export const PEER_PATHS = ['loopback', 'lan', 'tailnet', 'wireguard', 'tunnel', 'internet'] as const;
export type PeerPath = (typeof PEER_PATHS)[number];
// Results stay lenient on values (a newer gateway may add a path); the static types are exact.
const PathStr = Type.Unsafe<PeerPath>(Type.String());

export const ReachableAddressSchema = Open({
  kind: PathStr,
  address: Type.String(),
  /** Interface name, `tailscale` (MagicDNS) or the VPS host for the tunnel. */
  via: Type.String(),
  /** What a phone opens. */
  url: Type.String(),
  /** What a node dials. */
  wsUrl: Type.String(),
  /** Whether the gateway serves this address with its current bind (and the tunnel is up). */
  reachable: Type.Boolean(),
  note: Opt(Type.String()),
});
export type ReachableAddress = Static<typeof ReachableAddressSchema>;

export const TailscalePeerSchema = Open({
  hostName: Type.String(), dnsName: Type.String(), ips: Strs, online: Type.Boolean(),
  /** `direct` when CurAddr is set, `relay` (DERP) otherwise. */
  connection: Type.Unsafe<'direct' | 'relay' | 'idle'>(Type.String()), curAddr: Type.String(), relay: Type.String(),
  lastHandshake: NStr, rxBytes: Num, txBytes: Num,
});
export type TailscalePeer = Static<typeof TailscalePeerSchema>;

/** Tailscale as the gateway sees it (its LocalAPI, else the CLI). */
export const TailscaleInfoSchema = Open({
  present: Type.Boolean(), source: Opt(Type.Unsafe<'localapi' | 'cli'>(Type.String())), backendState: Opt(Type.String()), running: Opt(Type.Boolean()),
  hostName: Opt(Type.String()), dnsName: Opt(Type.String()), magicDnsSuffix: Opt(Type.String()),
  ipv4: Opt(Type.String()), ipv6: Opt(Type.String()), error: Opt(Type.String()),
  peers: Type.Array(TailscalePeerSchema),
});
export type TailscaleInfo = Static<typeof TailscaleInfoSchema>;

export const WireguardPeerSchema = Open({ publicKey: Type.String(), endpoint: NStr, allowedIps: Strs, latestHandshakeMs: Nullable(Num), rxBytes: Num, txBytes: Num });
export type WireguardPeer = Static<typeof WireguardPeerSchema>;

export const WireguardInterfaceSchema = Open({
  name: Type.String(), publicKey: Type.String(), listenPort: Nullable(Num),
  /** This machine's addresses on the interface (CIDR). */
  addresses: Strs,
  peers: Type.Array(WireguardPeerSchema),
});
export type WireguardInterface = Static<typeof WireguardInterfaceSchema>;

export const WireguardInfoSchema = Open({ present: Type.Boolean(), error: Opt(Type.String()), interfaces: Type.Array(WireguardInterfaceSchema) });
export type WireguardInfo = Static<typeof WireguardInfoSchema>;

export const NetStatusSchema = Open({
  bind: Open({ mode: Type.String(), host: Type.String(), port: Num }),
  addresses: Type.Array(ReachableAddressSchema),
  /** Setup-code order: tailnet, tunnel/VPS, LAN, loopback last. */
  urls: Strs,
  tailscale: TailscaleInfoSchema,
  wireguard: WireguardInfoSchema,
  tunnel: Nullable(Open({ state: Type.String(), phoneUrl: Type.String(), sshForwardCommand: NStr })),
  warnings: Strs,
});
export type NetStatusView = Static<typeof NetStatusSchema>;

export const PeerEntrySchema = Open({
  connId: Type.String(),
  role: StringEnum(['operator', 'node'] as const),
  name: Type.String(),
  clientMode: Opt(Type.String()),
  deviceId: Opt(Type.String()),
  remoteIp: Type.String(),
  path: PathStr,
  rttMs: Nullable(Num),
  connectedAtMs: Opt(Num),
});
export type PeerEntryView = Static<typeof PeerEntrySchema>;

const Wait = Type.Integer({ minimum: 0, maximum: 60_000 });

export const TunnelSetParamsSchema = Params({
  ssh: Type.String({ minLength: 3, maxLength: 300 }),
  identity: Type.String({ minLength: 1, maxLength: 4096 }),
  remotePort: Opt(Type.Integer({ minimum: 1, maximum: 65535 })),
  remoteBind: Opt(Type.String({ minLength: 1, maxLength: 255 })),
  hostKey: Opt(Type.String({ maxLength: 100 })),
  acceptHostKey: Opt(Type.Boolean()),
  public: Opt(Type.Boolean()),
  waitMs: Opt(Wait),
});
export type TunnelSetParams = Static<typeof TunnelSetParamsSchema>;

export const remoteMethods = {
  'hearth.tunnel.status': method(Empty, TunnelStatusPayloadSchema),
  'hearth.tunnel.set': method(TunnelSetParamsSchema, TunnelStatusPayloadSchema),
  'hearth.tunnel.up': method(Params({ waitMs: Opt(Wait) }), TunnelStatusPayloadSchema),
  'hearth.tunnel.down': method(Empty, TunnelStatusPayloadSchema),
  'hearth.tunnel.test': method(Empty, Open({
    ok: Type.Boolean(),
    reachable: Type.Boolean(),
    hostKey: Opt(Type.String()),
    hostKeyMatches: Opt(Type.Boolean()),
    authOk: Opt(Type.Boolean()),
    /** Whether the VPS accepted a listen on remoteBind:remotePort (released again at once). */
    forwardOk: Opt(Type.Boolean()),
    connectMs: Opt(Num),
    error: Opt(Type.String()),
    tunnelState: StringEnum(TUNNEL_STATES),
    rttMs: Nullable(Num),
  })),
  'hearth.net.peers': method(Empty, Open({ ts: Num, peers: Type.Array(PeerEntrySchema) })),
  'hearth.net.status': method(Empty, NetStatusSchema),
};
