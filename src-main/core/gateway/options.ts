/** What it takes to start a gateway, and what a started one offers its host (CLI, Electron). */
import type { AuthMode, BindMode } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AlertHistoryBus } from '../alerts/sqlite-bus.ts';
import { HearthError } from '../errors.ts';
import type { FeatureModule } from '../modules/types.ts';

export interface GatewayOptions {
  stateDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  bind: BindMode;
  /** Address for `bind: custom`. */
  host?: string;
  auth: { mode: AuthMode; token?: string; password?: string };
  autoApproveLocal: boolean;
  allowedOrigins: string[];
  /** Public URL for setup codes (tailnet or tunnel address); its host is also an allowed Host. */
  publicUrl?: string;
  /**
   * More names (or URLs) the gateway answers to in the Host header, besides loopback, the bound
   * address and the public URL (DNS-rebinding protection, edge/host-allowlist.ts).
   */
  allowedHosts?: string[];
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed, so failures
   * are counted per real client. Forwarding headers from anyone else are ignored.
   */
  trustedProxies?: string[];
  /** Directory of the built web UI, served at `/`. */
  staticDir?: string;
  logger: Logger;
  clock?: () => number;
  handshakeTimeoutMs?: number;
  tickIntervalMs?: number;
  version?: string;
  /** Feature modules to register and start; default: every module in modules/catalog.ts. */
  modules?: readonly FeatureModule[];
  /** The state of hearth.json reloading (core/config-reload), shown in `health` and `status`. */
  configStatus?: () => ConfigStatusView | undefined;
}

/** What a hearth.json reload can change in a running gateway (everything but port, bind and state dir). */
export interface LiveGatewaySettings {
  auth: { mode: AuthMode; token?: string; password?: string };
  autoApproveLocal: boolean;
  allowedOrigins: string[];
  allowedHosts: string[];
  trustedProxies: string[];
  publicUrl?: string;
}

/** hearth.json as the running gateway sees it: when it was read, what is wrong, what waits for a restart. */
export interface ConfigStatusView {
  path: string;
  /** False when the file cannot be watched (then only SIGHUP reloads it). */
  watching: boolean;
  loadedAtMs: number;
  reloads: number;
  /** The last reload's refusal (broken file), while it lasts; the previous settings stay in force. */
  error?: string;
  /** Keys changed in the file that only a restart applies, each with the sentence to show. */
  restartRequired: { key: string; message: string }[];
}

export interface RunningGateway {
  /** ws:// URL clients on this machine use. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, sends `shutdown`, closes clients with 1012 and closes the store. */
  close(reason?: string): Promise<void>;
  /** Nodes connected right now (tray status line). */
  connectedNodeCount(): number;
  /**
   * Calls `listener` whenever what the tray shows may have changed without an alert: a node
   * connecting or leaving, a tunnel changing state. Returns the unsubscribe function.
   */
  watch?(listener: () => void): () => void;
  /** The remote module's tunnels for the tray (colour and tooltip); empty when none is configured. */
  tunnels?(): { name: string; state: 'up' | 'connecting' | 'down'; rttMs?: number }[];
  /** The gateway's alert bus (tray state, in-process notifiers); absent in test doubles. */
  readonly alerts?: AlertHistoryBus;
  /**
   * Applies settings from a reloaded hearth.json; `changed` lists the keys that changed (only
   * those are touched, so e.g. a UI toggle of auto-approve is not undone by an unrelated edit).
   * Throws (HearthError naming the key) when a value cannot be applied; nothing is changed then.
   */
  reconfigure?(next: LiveGatewaySettings, changed: readonly string[]): void;
  /** Issues a setup code (same as `device.pair.setupCode`). */
  createSetupCode(opts: { profile: 'node' | 'operator'; publicUrl?: string }): { setupCode: string; gatewayUrl: string; urls?: string[]; expiresAtMs: number };
}

/** Refusal to start, with a message that names the fix. The CLI prints it and exits non-zero. */
export class GatewayStartError extends HearthError {
  constructor(message: string, exitCode = 1) {
    super(message, exitCode);
    this.name = 'GatewayStartError';
  }
}
