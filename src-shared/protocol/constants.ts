/** Protocol constants of the OpenClaw Gateway protocol as observed in openclaw@2026.9.6 (SPEC §1, §2). */

/** The protocol version a gateway speaks and answers with. */
export const PROTOCOL_VERSION = 4;
/** Oldest protocol a general client may ask for. */
export const MIN_CLIENT_PROTOCOL = 4;
/** Oldest protocol an authenticated node (role node + mode node) may speak; such a node is answered with 3. */
export const MIN_NODE_PROTOCOL = 3;
/** Oldest protocol a `probe`-mode client may speak. */
export const MIN_PROBE_PROTOCOL = 3;

export const DEFAULT_GATEWAY_PORT = 18789;

/** Frames before hello-ok larger than this close the socket with 1009. */
export const MAX_PREAUTH_PAYLOAD_BYTES = 64 * 1024;
/** A socket that has not completed the handshake by then is closed with 1000. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;
export const TICK_INTERVAL_MS = 30_000;
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;
export const MAX_BUFFERED_BYTES = 50 * 1024 * 1024;
/** Accepted clock skew between a device's `signedAt` and the gateway clock (SPEC §5.3). */
export const SIGNATURE_SKEW_MS = 120_000;
/**
 * The longest device token a client keeps (hello-ok `auth.deviceToken`, SPEC §6.4), and its
 * characters: visible ASCII. OpenClaw and Hearth issue 43 (32 random bytes, base64url); a
 * gateway sending more, or spaces and control characters, is refused at the contract rather than
 * have it saved in the node's state or the browser's identity.
 */
export const MAX_DEVICE_TOKEN_LENGTH = 512;
export const DEVICE_TOKEN_PATTERN = '^[!-~]*$';
/** Pending device pairing requests expire this long after the last retry (SPEC §6.3). */
export const DEVICE_PAIRING_TTL_MS = 5 * 60_000;
/** Setup codes (bootstrap tokens) live this long and are single use (SPEC §14). */
export const SETUP_CODE_TTL_MS = 10 * 60_000;
/** Nodes send host stats this often (SPEC §8.2). */
export const HOST_STATS_INTERVAL_MS = 60_000;
/** `health` event refresh interval (SPEC §10.2). */
export const HEALTH_REFRESH_MS = 60_000;
/** Default budget of a `node.invoke` when the caller gives none. */
export const DEFAULT_INVOKE_TIMEOUT_MS = 30_000;

export const CONNECT_CHALLENGE_CAPABILITIES = ['model-catalog-snapshot'] as const;

/** `client.id` values the real gateway accepts (SPEC §4.2). */
export const CLIENT_IDS = [
  'webchat-ui', 'openclaw-control-ui', 'openclaw-browser-copilot', 'openclaw-tui', 'webchat', 'cli',
  'gateway-client', 'openclaw-macos', 'openclaw-linux', 'openclaw-ios', 'openclaw-watchos',
  'openclaw-android', 'node-host', 'openclaw-worker', 'test', 'fingerprint', 'openclaw-probe',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** `client.mode` values the real gateway accepts (SPEC §4.2). */
export const CLIENT_MODES = ['webchat', 'cli', 'ui', 'backend', 'node', 'worker', 'probe', 'test'] as const;
export type ClientMode = (typeof CLIENT_MODES)[number];

export const ROLES = ['operator', 'node', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export const OPERATOR_SCOPES = [
  'operator.read', 'operator.write', 'operator.admin', 'operator.approvals', 'operator.questions',
  'operator.pairing', 'operator.talk', 'operator.talk.secrets',
] as const;
export type OperatorScope = (typeof OPERATOR_SCOPES)[number];

/** Scopes given to a fully trusted operator device (what a bootstrap operator token carries, SPEC §14). */
export const FULL_OPERATOR_SCOPES: OperatorScope[] = [
  'operator.admin', 'operator.approvals', 'operator.pairing', 'operator.questions', 'operator.read',
  'operator.talk.secrets', 'operator.write',
];

/** Node commands whose surface approval needs operator.admin (SPEC §7). */
export const ADMIN_APPROVE_COMMANDS = new Set([
  'system.run', 'system.run.prepare', 'system.which', 'browser.proxy', 'browser.proxy.upload.v1',
  'fs.listDir', 'system.execApprovals.get', 'system.execApprovals.set',
]);

/** Commands the gateway never stores on a node surface (SPEC §7: withheld). */
export const WITHHELD_COMMAND_PREFIXES = ['dir.', 'file.', 'workspace.'];

/** `system.run` params keys the gateway forwards to the node (SPEC §8.3). */
export const SYSTEM_RUN_FORWARDED_KEYS = [
  'command', 'rawCommand', 'systemRunPlan', 'cwd', 'env', 'timeoutMs', 'needsScreenRecording', 'agentId',
  'sessionKey', 'runId', 'suppressNotifyOnExit',
] as const;

/** Hearth node event carrying the node's LAN interfaces (for Wake-on-LAN); kept out of `node.host.stats`, whose schema is closed. */
export const HEARTH_INTERFACES_EVENT = 'hearth.node.interfaces';

/** The most bytes one `node.invoke.progress` chunk may carry (OpenClaw refuses more, SPEC §8.3). */
export const MAX_PROGRESS_CHUNK_BYTES = 16_384;
/** Chunks one binary progress frame may hold (1 MiB at most; a node sends far less, see progress-stream.ts). */
export const MAX_CHUNKS_PER_BINARY_FRAME = 64;
/** So the most output one binary frame may carry (1 MiB); a zstd frame never decodes to more. */
export const MAX_BINARY_FRAME_BYTES = MAX_CHUNKS_PER_BINARY_FRAME * MAX_PROGRESS_CHUNK_BYTES;
/**
 * Listed in hello-ok `features.capabilities` by a gateway that relays run output as binary
 * frames (`streamEncoding: 'binary'` on node.invoke; docs/protocol.md).
 */
export const BINARY_STREAM_CAPABILITY = 'hearth-binary-stream-v1';
/**
 * Listed beside it by a gateway that also takes and relays zstd-compressed binary progress
 * frames (`streamCompression: 'zstd'` on node.invoke; docs/protocol.md): each frame's body may be
 * one zstd frame of its chunks, which cuts the bytes every hop copies (run output is mostly
 * text and compresses 5–20×; a VPS relay's uplink is often the slowest link).
 */
export const ZSTD_STREAM_CAPABILITY = 'hearth-zstd-stream-v1';

/**
 * `requestedBy` of the runs a gateway feature module asks a node for itself (`module:<name>`,
 * e.g. model probes): in the audit log, but left out of history pages unless asked for.
 */
export const INTERNAL_REQUESTER_PREFIX = 'module:';
