/**
 * Domain shapes that travel in results and payloads (SPEC §6–§10), as schemas: node entries,
 * presence, devices, pairing requests, `system.run` results. `../types.ts` re-exports their
 * static types under the names the code has always used.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DEVICE_TOKEN_PATTERN, MAX_DEVICE_TOKEN_LENGTH } from '../constants.ts';
import { NonEmpty, Nullable, Open, Opt, Str, StringEnum } from './kit.ts';

const Num = Type.Number();
const Strs = Type.Array(Type.String());

export const HostStatsSchema = Open({
  cpuCount: Num,
  loadAverage: Type.Array(Num),
  memoryTotalBytes: Num,
  memoryFreeBytes: Num,
  diskTotalBytes: Num,
  diskAvailableBytes: Num,
  updatedAtMs: Opt(Num),
});
export type HostStats = Static<typeof HostStatsSchema>;

export const HostInterfaceSchema = Open({ name: Type.String(), mac: Type.String(), address: Type.String(), netmask: Type.String() });
export type HostInterface = Static<typeof HostInterfaceSchema>;

/** `rejected` is Hearth's: an operator turned this exact command surface down; it stays so until the node declares another. */
export const APPROVAL_STATES = ['approved', 'pending-approval', 'rejected'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** One node in `node.list` / `node.describe` (SPEC §10.1). */
export const NodeEntrySchema = Open({
  nodeId: NonEmpty,
  displayName: Opt(Type.String()),
  platform: Opt(Type.String()),
  version: Opt(Type.String()),
  clientId: Opt(Type.String()),
  clientMode: Opt(Type.String()),
  deviceFamily: Opt(Type.String()),
  remoteIp: Opt(Type.String()),
  /** Hearth: how a connected node reaches the gateway — loopback, lan, tailnet, wireguard, tunnel or internet. */
  path: Opt(Type.String()),
  /** Hearth: WebSocket ping round trip of a connected node, ms (measured every 30 s). */
  rttMs: Opt(Num),
  caps: Strs,
  commands: Strs,
  sessionHost: Type.Boolean(),
  hostStats: Opt(HostStatsSchema),
  /** Hearth: the node's LAN cards as it last reported them (kept while it is offline, for Wake-on-LAN). */
  interfaces: Opt(Type.Array(HostInterfaceSchema)),
  /** Hearth: gateway clock minus the node's, in ms, while connected (device proofs allow ±120 s). */
  clockSkewMs: Opt(Num),
  nodePluginTools: Type.Array(Type.Unknown()),
  pathEnv: Opt(Type.String()),
  // OpenClaw may grow this enum; a plain string keeps older clients working.
  approvalState: Type.Unsafe<ApprovalState>(Type.String()),
  connectedAtMs: Opt(Num),
  lastConnectedAtMs: Opt(Num),
  lastDisconnectedAtMs: Opt(Num),
  lastSeenAtMs: Opt(Num),
  lastSeenReason: Opt(Type.String()),
  approvedAtMs: Opt(Num),
  paired: Type.Boolean(),
  connected: Type.Boolean(),
  protocol: Opt(Num),
});
export type NodeEntry = Static<typeof NodeEntrySchema>;

export const PresenceEntrySchema = Open({
  host: Opt(Type.String()),
  clientId: Opt(Type.String()),
  ip: Opt(Type.String()),
  version: Opt(Type.String()),
  platform: Opt(Type.String()),
  deviceFamily: Opt(Type.String()),
  mode: Opt(Type.String()),
  reason: Opt(Type.String()),
  text: Opt(Type.String()),
  ts: Num,
  deviceId: Opt(Type.String()),
  roles: Opt(Strs),
  scopes: Opt(Strs),
  instanceId: Opt(Type.String()),
});
export type PresenceEntry = Static<typeof PresenceEntrySchema>;

export const DeviceTokenSummarySchema = Open({
  role: Type.String(),
  scopes: Strs,
  createdAtMs: Num,
  lastUsedAtMs: Opt(Num),
  rotatedAtMs: Opt(Num),
  revokedAtMs: Opt(Num),
});
export type DeviceTokenSummary = Static<typeof DeviceTokenSummarySchema>;

export const APPROVED_VIA = ['owner', 'silent', 'bootstrap', 'trusted-cidr', 'ssh-verified'] as const;
export type ApprovedVia = (typeof APPROVED_VIA)[number];

export const NodeSurfaceSchema = Open({
  displayName: Opt(Type.String()),
  version: Opt(Type.String()),
  caps: Strs,
  commands: Strs,
  createdAtMs: Num,
  approvedAtMs: Opt(Num),
  lastHostStats: Opt(HostStatsSchema),
});
export type NodeSurface = Static<typeof NodeSurfaceSchema>;

/** What a device said about itself when it connected: shared by paired devices and pending requests. */
const deviceFacts = {
  displayName: Opt(Type.String()),
  platform: Opt(Type.String()),
  deviceFamily: Opt(Type.String()),
  clientId: Opt(Type.String()),
  clientMode: Opt(Type.String()),
  role: Type.String(),
  roles: Strs,
  scopes: Strs,
};

/** A paired device (`device.pair.list.paired[]`). */
export const PairedDeviceSchema = Open({
  deviceId: NonEmpty,
  publicKey: Type.String(),
  ...deviceFacts,
  label: Opt(Type.String()),
  approvedVia: Type.Unsafe<ApprovedVia>(Type.String()),
  createdAtMs: Num,
  approvedAtMs: Num,
  tokens: Type.Array(DeviceTokenSummarySchema),
  nodeSurface: Opt(NodeSurfaceSchema),
  connected: Type.Boolean(),
  lastSeenAtMs: Opt(Num),
  remoteIp: Opt(Type.String()),
});
export type PairedDevice = Static<typeof PairedDeviceSchema>;

/** A pending device pairing request (`device.pair.list.pending[]`, `device.pair.requested`). */
export const PendingDeviceRequestSchema = Open({
  requestId: NonEmpty,
  deviceId: NonEmpty,
  publicKey: Type.String(),
  ...deviceFacts,
  silent: Type.Boolean(),
  isRepair: Type.Boolean(),
  remoteIp: Opt(Type.String()),
  ts: Num,
  /** Hearth addition: the short fingerprint a user compares with what the device shows. */
  fingerprint: Opt(Type.String()),
  /**
   * Hearth addition, node role only: the commands (and capabilities) the node declared at the
   * connect that made this request. Approving the request admits the device AND exactly these
   * commands; a node that reconnects with a different list gets a new request id.
   */
  commands: Opt(Strs),
  caps: Opt(Strs),
});
export type PendingDeviceRequest = Static<typeof PendingDeviceRequestSchema>;

/** A pending node command-surface request (`node.pair.list.pending[]`, `node.pair.requested`). */
export const PendingNodeRequestSchema = Open({
  requestId: NonEmpty,
  nodeId: NonEmpty,
  clientId: Opt(Type.String()),
  clientMode: Opt(Type.String()),
  displayName: Opt(Type.String()),
  platform: Opt(Type.String()),
  version: Opt(Type.String()),
  deviceFamily: Opt(Type.String()),
  caps: Strs,
  commands: Strs,
  requiredApproveScopes: Strs,
  ts: Num,
  fingerprint: Opt(Type.String()),
  /** Hearth addition: the declared commands that were not approved before (what the user is asked about). */
  newCommands: Opt(Strs),
});
export type PendingNodeRequest = Static<typeof PendingNodeRequestSchema>;

/** `system.run` result (SPEC §9.1). `exitCode` is absent when the command never launched. */
/**
 * `system.run` params as a node reads them from `paramsJSON` (SPEC §8.3: the keys the real
 * gateway forwards). Open, and null stands for absent, as the real gateway forwards an operator's
 * nulls; a field of another type is refused rather than ignored — a cwd or env the node dropped
 * would run the command somewhere, or with something, nobody asked for.
 */
export const SystemRunParamsSchema = Open({
  command: Type.Array(Type.String(), { minItems: 1 }),
  rawCommand: Opt(Nullable(Type.String())),
  cwd: Opt(Nullable(Type.String())),
  env: Opt(Nullable(Type.Record(Type.String(), Type.String()))),
  timeoutMs: Opt(Nullable(Num)),
  maxOutputBytes: Opt(Nullable(Num)),
  sessionKey: Opt(Nullable(Type.String())),
  runId: Opt(Nullable(Type.String())),
  agentId: Opt(Nullable(Type.String())),
  suppressNotifyOnExit: Opt(Nullable(Type.Boolean())),
  needsScreenRecording: Opt(Nullable(Type.Boolean())),
});
export type SystemRunParams = Static<typeof SystemRunParamsSchema>;

export const SystemRunResultSchema = Open({
  exitCode: Opt(Num),
  timedOut: Type.Boolean(),
  success: Type.Boolean(),
  stdout: Type.String(),
  stderr: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  /** Hearth addition: output past the cap was dropped. */
  truncated: Opt(Type.Boolean()),
  /** Hearth addition: wall time of the run. */
  durationMs: Opt(Num),
  /** Hearth addition: an operator cancelled the run (its process tree was killed). */
  cancelled: Opt(Type.Boolean()),
  /** Hearth addition: the output went out live (`hearth.invoke.progress`) and is not repeated here. */
  streamed: Opt(Type.Boolean()),
  /** Hearth addition, streamed runs: bytes past the cap per stream (the text carries no marker). */
  dropped: Opt(Open({ stdout: Num, stderr: Num, limitBytes: Num })),
  /**
   * Hearth addition, runs that were not streamed: this stream's bytes were not UTF-8, so its text
   * here has U+FFFD where they were (a streamed run gets the exact bytes).
   */
  notUtf8: Opt(Open({ stdout: Type.Boolean(), stderr: Type.Boolean() })),
});
export type SystemRunResult = Static<typeof SystemRunResultSchema>;

export const AUTH_METHODS = ['none', 'token', 'password', 'tailscale', 'device-token', 'bootstrap-token', 'trusted-proxy'] as const;

/** A device token as a gateway issues it: bounded (what a client saves must not be anything a peer sends). */
const DeviceToken = Str({ maxLength: MAX_DEVICE_TOKEN_LENGTH, pattern: DEVICE_TOKEN_PATTERN });

export const HelloOkAuthSchema = Open({
  method: Type.Unsafe<(typeof AUTH_METHODS)[number]>(Type.String()),
  role: Type.String(),
  scopes: Strs,
  deviceToken: Opt(DeviceToken),
  issuedAtMs: Opt(Num),
  deviceTokens: Opt(Type.Array(Open({ deviceToken: DeviceToken, role: Type.String(), scopes: Strs, issuedAtMs: Num }))),
});
export type HelloOkAuth = Static<typeof HelloOkAuthSchema>;

/** The `connect` result (SPEC §4.4). */
export const HelloOkSchema = Open({
  type: Type.Literal('hello-ok'),
  protocol: Num,
  server: Open({ version: Type.String(), buildId: Opt(Type.String()), bootId: Opt(Type.String()), connId: Type.String(), controlUiBuildSource: Opt(Type.String()) }),
  features: Open({ methods: Strs, events: Strs, capabilities: Opt(Strs) }),
  snapshot: Open({
    presence: Type.Array(PresenceEntrySchema),
    health: Type.Unknown(),
    stateVersion: Open({ presence: Num, health: Num }),
    uptimeMs: Num,
  }),
  auth: HelloOkAuthSchema,
  policy: Open({ maxPayload: Num, maxBufferedBytes: Num, tickIntervalMs: Num }),
});
export type HelloOk = Static<typeof HelloOkSchema>;

export const ConnectChallengeSchema = Open({ nonce: NonEmpty, ts: Num, capabilities: Opt(Strs) });
export type ConnectChallenge = Static<typeof ConnectChallengeSchema>;

/** One row of the invocation audit log (`hearth.invocations.list`, `hearth.invocation`). */
export const InvocationRecordSchema = Open({
  id: Type.String(),
  nodeId: Type.String(),
  nodeName: Opt(Type.String()),
  command: Type.String(),
  argv: Opt(Strs),
  cwd: Opt(Type.String()),
  requestedBy: Type.String(),
  idempotencyKey: Opt(Type.String()),
  startedAtMs: Num,
  finishedAtMs: Opt(Num),
  durationMs: Opt(Num),
  exitCode: Opt(Num),
  timedOut: Type.Boolean(),
  ok: Opt(Type.Boolean()),
  error: Opt(Type.String()),
  /** Hearth: its operator cancelled it (Ctrl-C, Cancel); the exit code is then the kill's. */
  cancelled: Opt(Type.Boolean()),
});
export type InvocationRecord = Static<typeof InvocationRecordSchema>;

export { StringEnum };
