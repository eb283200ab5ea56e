/** What it takes to run a node agent, and the status it reports to its host (CLI, tray). */
import type { ExecSecurity } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface NodeAgentOptions {
  /** Gateway WebSocket URL, e.g. ws://127.0.0.1:18789 */
  url: string;
  /** Where the identity (0600) and the device token live. */
  stateDir: string;
  token?: string;
  password?: string;
  /** Setup code (or oc-pair:// URL) to redeem on first connect. */
  setupCode?: string;
  displayName?: string;
  exec: { security: ExecSecurity; allowlist: string[] };
  logger: Logger;
  onStatus?: (status: NodeAgentStatus) => void;
  /** Host stats interval; 60 s by default (SPEC §8.2). */
  hostStatsIntervalMs?: number;
  clock?: () => number;
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
  /** Human-readable explanation of the current state, with the next step. */
  message?: string;
  nextRetryInMs?: number;
}

export interface NodeAgent {
  readonly status: NodeAgentStatus;
  stop(): Promise<void>;
}
