/** The services a method handler and a module may use (GatewayServices), and the shape of a method (MethodSpec). */
import type { Logger } from '../logger.ts';
import type { Store } from '../store/index.ts';
import type { AlertBus } from '../modules/types.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { DevicePairing } from '../pairing/device-pairing.ts';
import type { HostAllowlist } from './edge/host-allowlist.ts';
import type { NodeRegistry } from './nodes/registry.ts';
import type { Presence } from '../presence/presence.ts';
import type { Session } from './session.ts';
import type { TunnelOrigin } from './tunnel-ingress.ts';
import type { PeerPaths } from './peer-paths.ts';
import type { Duplex } from 'node:stream';
import type { MethodName } from '../../../src-shared/protocol/contract/index.ts';
import type { ConfigStatusView } from './options.ts';

export interface GatewayServices {
  store: Store;
  pairing: DevicePairing;
  nodes: NodeRegistry;
  presence: Presence;
  events: Broadcaster;
  clock: () => number;
  log: Logger;
  startedAtMs: number;
  version: string;
  bootId: string;
  url: () => string;
  bind: { mode: string; host: string; port: () => number; loopbackOnly: boolean };
  authMode: 'none' | 'token' | 'password';
  identity: { deviceId: string; publicKey: string };
  autoApproveLocal: () => boolean;
  setAutoApproveLocal: (on: boolean) => void;
  createSetupCode: (opts: { profile: 'node' | 'operator' | 'limited' | 'voice-node'; publicUrl?: string }) => {
    setupId: string; setupCode: string; gatewayUrl: string; urls: string[]; expiresAtMs: number; urlSource: string;
  };
  /** The path indicator's classifier (remote module feeds it the WireGuard subnets). */
  peerPaths: PeerPaths;
  /** Where setup codes get their extra candidate URLs (tailnet, tunnel…): a module adds a provider. */
  setupUrlProviders: (() => readonly string[])[];
  connectedDeviceIds: () => Set<string>;
  /** Feature modules and everything they registered (methods, events, routes). */
  modules: ModuleRegistry;
  alerts: AlertBus;
  stateDir: string;
  /**
   * Host names the gateway answers to (DNS-rebinding protection). A module that publishes the
   * gateway under another name (tunnel, tailnet) adds it: `gw.hostAllowlist.add('https://home.example.ts.net')`.
   */
  hostAllowlist: HostAllowlist;
  /** hearth.json reload state (core/config-reload), when the host watches the file. */
  configStatus?: () => ConfigStatusView | undefined;
  /** Feeds a stream that arrived through a tunnel into the gateway's HTTP server as a remote peer (tunnel-ingress.ts). */
  acceptTunnelStream: (stream: Duplex, origin: TunnelOrigin) => void;
}

export interface MethodContext {
  session: Session;
  gw: GatewayServices;
  /** The body of a call that came as a binary frame, in pieces (only node.invoke.progress takes one). */
  body?: Uint8Array[];
}

/** Scope rule of a method: one scope, any of several, or a function of the params. */
export type ScopeRule = string | { anyOf: string[] } | ((params: unknown, ctx: MethodContext) => string[]);

export interface MethodSpec {
  /** Which role may call it. */
  role: 'operator' | 'node';
  scope?: ScopeRule;
  /**
   * The contract entry (src-shared/protocol/contract/) the params are checked against and the
   * result is typed by. Only `defineMethod(s)` (modules/define-method.ts) sets it, so a module
   * cannot bring a second params schema.
   */
  readonly contract: MethodName;
  handler: (params: never, ctx: MethodContext) => unknown | Promise<unknown>;
}
