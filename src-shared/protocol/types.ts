/** Domain shapes that travel in payloads (SPEC §6–§10), shared by gateway, clients and the UI. */
import type { ConnectAuth, ClientInfo } from './schemas.ts';

export interface HostStats {
  cpuCount: number;
  loadAverage: number[];
  memoryTotalBytes: number;
  memoryFreeBytes: number;
  diskTotalBytes: number;
  diskAvailableBytes: number;
  updatedAtMs?: number;
}

export interface HostInterface { name: string; mac: string; address: string; netmask: string }

/** `rejected` is Hearth's: an operator turned this exact command surface down; it stays so until the node declares another. */
export type ApprovalState = 'approved' | 'pending-approval' | 'rejected';

/** One node in `node.list` / `node.describe` (SPEC §10.1). */
export interface NodeEntry {
  nodeId: string;
  displayName?: string;
  platform?: string;
  version?: string;
  clientId?: string;
  clientMode?: string;
  deviceFamily?: string;
  remoteIp?: string;
  /** Hearth: how a connected node reaches the gateway — loopback, lan, tailnet, wireguard, tunnel or internet. */
  path?: string;
  /** Hearth: WebSocket ping round trip of a connected node, ms (measured every 30 s). */
  rttMs?: number;
  caps: string[];
  commands: string[];
  sessionHost: boolean;
  hostStats?: HostStats;
  /** Hearth: the node's LAN cards as it last reported them (kept while it is offline, for Wake-on-LAN). */
  interfaces?: HostInterface[];
  /** Hearth: gateway clock minus the node's, in ms, while connected (device proofs allow ±120 s). */
  clockSkewMs?: number;
  nodePluginTools: unknown[];
  pathEnv?: string;
  approvalState: ApprovalState;
  connectedAtMs?: number;
  lastConnectedAtMs?: number;
  lastDisconnectedAtMs?: number;
  lastSeenAtMs?: number;
  lastSeenReason?: string;
  approvedAtMs?: number;
  paired: boolean;
  connected: boolean;
  protocol?: number;
}

export interface PresenceEntry {
  host?: string;
  clientId?: string;
  ip?: string;
  version?: string;
  platform?: string;
  deviceFamily?: string;
  mode?: string;
  reason?: string;
  text?: string;
  ts: number;
  deviceId?: string;
  roles?: string[];
  scopes?: string[];
  instanceId?: string;
}

export interface DeviceTokenSummary {
  role: string;
  scopes: string[];
  createdAtMs: number;
  lastUsedAtMs?: number;
  rotatedAtMs?: number;
  revokedAtMs?: number;
}

export type ApprovedVia = 'owner' | 'silent' | 'bootstrap' | 'trusted-cidr' | 'ssh-verified';

export interface NodeSurface {
  displayName?: string;
  version?: string;
  caps: string[];
  commands: string[];
  createdAtMs: number;
  approvedAtMs?: number;
  lastHostStats?: HostStats;
}

/** A paired device (`device.pair.list.paired[]`). */
export interface PairedDevice {
  deviceId: string;
  publicKey: string;
  displayName?: string;
  label?: string;
  platform?: string;
  deviceFamily?: string;
  clientId?: string;
  clientMode?: string;
  role: string;
  roles: string[];
  scopes: string[];
  approvedVia: ApprovedVia;
  createdAtMs: number;
  approvedAtMs: number;
  tokens: DeviceTokenSummary[];
  nodeSurface?: NodeSurface;
  connected: boolean;
  lastSeenAtMs?: number;
  remoteIp?: string;
}

/** A pending device pairing request (`device.pair.list.pending[]`, `device.pair.requested`). */
export interface PendingDeviceRequest {
  requestId: string;
  deviceId: string;
  publicKey: string;
  displayName?: string;
  platform?: string;
  deviceFamily?: string;
  clientId?: string;
  clientMode?: string;
  role: string;
  roles: string[];
  scopes: string[];
  silent: boolean;
  isRepair: boolean;
  remoteIp?: string;
  ts: number;
  /** Hearth addition: the short fingerprint a user compares with what the device shows. */
  fingerprint?: string;
  /**
   * Hearth addition, node role only: the commands (and capabilities) the node declared at the
   * connect that made this request. Approving the request admits the device AND exactly these
   * commands; a node that reconnects with a different list gets a new request id.
   */
  commands?: string[];
  caps?: string[];
}

/** A pending node command-surface request (`node.pair.list.pending[]`, `node.pair.requested`). */
export interface PendingNodeRequest {
  requestId: string;
  nodeId: string;
  clientId?: string;
  clientMode?: string;
  displayName?: string;
  platform?: string;
  version?: string;
  deviceFamily?: string;
  caps: string[];
  commands: string[];
  requiredApproveScopes: string[];
  ts: number;
  fingerprint?: string;
  /** Hearth addition: the declared commands that were not approved before (what the user is asked about). */
  newCommands?: string[];
}

/** `system.run` result (SPEC §9.1). `exitCode` is absent when the command never launched. */
export interface SystemRunResult {
  exitCode?: number;
  timedOut: boolean;
  success: boolean;
  stdout: string;
  stderr: string;
  error: string | null;
  /** Hearth addition: output past the cap was dropped. */
  truncated?: boolean;
  /** Hearth addition: wall time of the run. */
  durationMs?: number;
  /** Hearth addition: an operator cancelled the run (its process tree was killed). */
  cancelled?: boolean;
  /** Hearth addition: the output went out live (`hearth.invoke.progress`) and is not repeated here. */
  streamed?: boolean;
  /** Hearth addition, streamed runs: bytes past the cap per stream (the text carries no marker). */
  dropped?: { stdout: number; stderr: number; limitBytes: number };
}

export interface HelloOkAuth {
  method: 'none' | 'token' | 'password' | 'tailscale' | 'device-token' | 'bootstrap-token' | 'trusted-proxy';
  role: string;
  scopes: string[];
  deviceToken?: string;
  issuedAtMs?: number;
  deviceTokens?: { deviceToken: string; role: string; scopes: string[]; issuedAtMs: number }[];
}

export interface HelloOk {
  type: 'hello-ok';
  protocol: number;
  server: { version: string; buildId?: string; bootId?: string; connId: string; controlUiBuildSource?: string };
  features: { methods: string[]; events: string[]; capabilities?: string[] };
  snapshot: {
    presence: PresenceEntry[];
    health: unknown;
    stateVersion: { presence: number; health: number };
    uptimeMs: number;
    [k: string]: unknown;
  };
  auth: HelloOkAuth;
  policy: { maxPayload: number; maxBufferedBytes: number; tickIntervalMs: number; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ConnectChallenge {
  nonce: string;
  ts: number;
  capabilities?: string[];
}

export type { ConnectAuth, ClientInfo };
