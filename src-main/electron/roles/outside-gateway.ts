/**
 * A gateway of this machine's state dir that runs outside the desktop app (the system service
 * from `hearth gateway install`, or `hearth gateway` in a terminal): where the app reaches it,
 * and the credential this machine's own node presents to it. The app shares the state dir with
 * that gateway, so it can read the same secrets the gateway was started with.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { HearthConfig } from '../../core/config.ts';
import { envFilePath } from '../../core/service/names.ts';
import { loopbackGatewayUrl } from './gateway-options.ts';

/** How often the app looks whether the outside gateway it attached to still runs. */
export const OUTSIDE_RECHECK_MS = 5_000;

/**
 * How long a lock must stay free before the app takes over the outside gateway's (or node
 * agent's) role: `systemctl --user restart` frees it for a moment, and an app that took over then
 * would leave the restarted service failing on the lock.
 */
export const OUTSIDE_RESTART_GRACE_MS = 3_000;

/** How long the app waits for a gateway that holds the lock but is still starting (both launched at login). */
export const OUTSIDE_START_WAIT_MS = 15_000;

/** The URL this machine reaches a gateway at, from the address it listens on. */
export function outsideUrl(host: string | undefined, port: number): string {
  if (!host || host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === 'localhost') return loopbackGatewayUrl(port);
  return host.includes(':') ? `ws://[${host}]:${port}` : `ws://${host}:${port}`;
}

export interface OutsideCredential {
  token?: string;
  password?: string;
  /** Named in the node's message if the gateway refuses it. */
  source: string;
}

/**
 * The shared secret for the outside gateway, looked up where that gateway looks: the app's
 * environment, the config file, then the service's 0600 env file. Undefined when none is set
 * (a token-less loopback gateway admits local nodes by approval).
 */
export function outsideCredential(stateDir: string, cfg: HearthConfig, env: Record<string, string | undefined>): OutsideCredential | undefined {
  const fromEnv = env['HEARTH_GATEWAY_TOKEN'] ?? env['OPENCLAW_GATEWAY_TOKEN'];
  if (fromEnv) return { token: fromEnv, source: env['HEARTH_GATEWAY_TOKEN'] ? 'HEARTH_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_TOKEN' };
  const auth = cfg.gateway.auth;
  if (auth.mode === 'token' && auth.token) return { token: auth.token, source: 'config gateway.auth.token' };
  if (auth.mode === 'password' && auth.password) return { password: auth.password, source: 'config gateway.auth.password' };
  const file = envFilePath(stateDir, 'gateway');
  try {
    const vars = parseEnv(readFileSync(file, 'utf8'));
    if (vars['HEARTH_GATEWAY_TOKEN']) return { token: vars['HEARTH_GATEWAY_TOKEN'], source: file };
    if (vars['HEARTH_GATEWAY_PASSWORD']) return { password: vars['HEARTH_GATEWAY_PASSWORD'], source: file };
  } catch { /* no service env file */ }
  return undefined;
}
