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
  /** The remote module's tunnels for the tray (colour and tooltip); empty when none is configured. */
  tunnels?(): { name: string; state: 'up' | 'connecting' | 'down'; rttMs?: number }[];
  /** The gateway's alert bus (tray state, in-process notifiers); absent in test doubles. */
  readonly alerts?: AlertHistoryBus;
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
