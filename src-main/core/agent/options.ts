/** What it takes to run a node agent, and the status it reports to its host (CLI, tray). */
import type { SocketFactory } from '../../../src-shared/client/socket.ts';
import type { ExecSecurity } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AgentCommand } from '../modules/agent-commands.ts';
import type { BackoffSchedules } from './backoff.ts';

export interface NodeAgentOptions {
  /** Gateway WebSocket URL, e.g. ws://127.0.0.1:18789. Optional when `setupCode` carries one. */
  url?: string;
  /**
   * Several addresses of the same gateway, best first (a laptop: home LAN, then the VPS route).
   * Each connect tries them in order and keeps the first that answers; after a drop it starts
   * over from the first. Default: `url`, else the setup code's `urls`.
   */
  urls?: string[];
  /** Where the identity (0600) and the device token live. */
  stateDir: string;
  token?: string;
  password?: string;
  /** Where `token`/`password` came from (`--token`, `HEARTH_GATEWAY_TOKEN`, `config …`), named when the gateway refuses it. */
  secretSource?: string;
  /**
   * Under a service manager (`serviceManager`), stop after this many refusals of the node's
   * credential in a row so the manager shows the failure; 0 = keep retrying. Default 5.
   */
  authFailureExit?: number;
  /** The service manager running this agent (systemd, launchd, …), if any: see auth-refusals.ts. */
  serviceManager?: string;
  /** Shrinks the credential-refusal waits (5 s, 30 s, 2 min, 10 min); tests only. */
  authRetryScale?: number;
  /** Setup code (or oc-pair:// URL) to redeem on first connect. */
  setupCode?: string;
  displayName?: string;
  exec: { security: ExecSecurity; allowlist: string[] };
  logger: Logger;
  onStatus?: (status: NodeAgentStatus) => void;
  /** Called when a `system.run` finishes (or is refused by the exec policy), for "recent runs" views. */
  onRun?: (run: NodeRunRecord) => void;
  /** Host stats interval; 60 s by default (SPEC §8.2). */
  hostStatsIntervalMs?: number;
  clock?: () => number;
  /** Reported as `client.version` (the Hearth version); defaults to the agent's own constant. */
  version?: string;
  /** Socket factory; defaults to the `ws` package (tests and other hosts may pass their own). */
  socketFactory?: SocketFactory;
  /** Reconnect schedules, per reason; defaults in DEFAULT_BACKOFF (1 s → 30 s; refusals 5 s → 60 s). */
  backoff?: Partial<BackoffSchedules>;
  /** A connection that lasted this long restarts the backoff from its first step; 30 s by default. */
  stableAfterMs?: number;
  /** Budget for one handshake (socket open → hello-ok); 15 s by default. */
  connectTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL when killing a command's process tree; 1.5 s by default. */
  killGraceMs?: number;
  /** Commands added by feature modules (declared in `connect.commands`, served beside system.run); default: modules/catalog.ts. */
  commands?: readonly AgentCommand[];
}

/** One `system.run` as the node saw it. */
export interface NodeRunRecord {
  invokeId: string;
  command: string;
  startedAtMs: number;
  durationMs: number;
  exitCode?: number;
  timedOut: boolean;
  /** Launch failure or policy refusal. */
  error?: string;
  denied: boolean;
}

export type NodeAgentState = 'connecting' | 'pairing-required' | 'connected' | 'backoff' | 'stopped' | 'error';

export interface NodeAgentStatus {
  state: NodeAgentState;
  deviceId: string;
  /** Short fingerprint to compare with what the gateway shows. */
  fingerprint: string;
  gatewayUrl: string;
  /** Pending pairing request id while waiting for approval. */
  requestId?: string;
  /** While waiting for approval: why an operator's decision keeps this node out (removed, rejected, token rotated). */
  heldOut?: string;
  /** Human-readable explanation of the current state, with the next step. */
  message?: string;
  nextRetryInMs?: number;
  /** The refusal's `details.code` (else `code`) in states `error` / `pairing-required`. */
  errorCode?: string;
  /** `hello-ok.auth.method` while connected (`token`, `device-token`, `bootstrap-token`, …). */
  authMethod?: string;
  /** Protocol the gateway answered with, while connected. */
  protocol?: number;
  connectedAtMs?: number;
  /** While connected: the gateway has not yet approved this node's commands. */
  commandsPendingApproval?: boolean;
  /** Commands currently running on this node. */
  runningInvocations?: number;
  /** Stopped by itself: the gateway kept refusing its credential under a service manager (exit non-zero). */
  gaveUp?: boolean;
}

export interface NodeAgent {
  readonly status: NodeAgentStatus;
  /** Cancels running commands, closes the socket (1000), clears timers; status becomes `stopped`. */
  stop(): Promise<void>;
  /** Skips the current backoff wait (e.g. right after the user approved the node). */
  reconnectNow(): void;
  /** Changes the exec policy for the next invocations (the node window's toggle). */
  setExecPolicy(exec: { security: ExecSecurity; allowlist: string[] }): void;
}
