/**
 * Where each CLI setting comes from: flags, then environment, then the config file, then defaults.
 * Pure functions over an injected environment and config reader, so precedence is unit-tested.
 */
import { parseGatewayUrlFlag } from '../core/settings/client-url.ts';
import { isLoopbackHost, resolvePort, resolveSecret, type Env, type LoadedConfig } from '../core/settings/sources.ts';
import { urlHost } from '../../src-shared/net/url-host.ts';

export { parseGatewayUrlFlag } from '../core/settings/client-url.ts';

export {
  PASSWORD_ENV, PORT_ENV, TOKEN_ENV, isLoopbackHost, normalizeGatewayUrl, parsePort, resolvePort, resolveSecret,
  type Env, type LoadedConfig, type Sourced,
} from '../core/settings/sources.ts';

/** The web UI address (http/https) that serves the same host and port as a ws/wss URL. */
export function httpUrlFor(wsUrl: string): string {
  const u = new URL(wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return `${u.protocol}//${u.host}`;
}

export interface ClientFlags {
  url?: string;
  token?: string;
  password?: string;
}

export interface ClientSettings {
  url: string;
  auth: { token?: string; password?: string };
  /** Where the credential came from, for error messages ("none" when no secret was found). */
  authSource: string;
  /** This machine's config file (named in "wrong token" errors). */
  configPath?: string;
  /**
   * With no --url: the gateway of this state dir, running on another port than the one dialled
   * (it was started with --port). Named in "no gateway at" so the fix is one flag away.
   */
  liveGatewayElsewhere?: { pid: number; port: number; host?: string };
}

/**
 * Gateway URL and credentials for client commands. The config file's secret is only sent to a
 * gateway on this machine: `--url` pointing elsewhere needs `--token`/`--password` or an env var,
 * so a local token never leaks to another host.
 */
export function resolveClientSettings(flags: ClientFlags, env: Env, loaded: LoadedConfig | undefined): ClientSettings {
  let url: string;
  if (flags.url !== undefined) {
    url = parseGatewayUrlFlag(flags.url);
  } else {
    const port = resolvePort(undefined, env, loaded).value;
    const cfg = loaded?.config?.gateway;
    const host = cfg?.bind === 'custom' && cfg.customBindHost ? cfg.customBindHost : '127.0.0.1';
    url = `ws://${urlHost(host)}:${port}`;
  }
  const local = isLoopbackHost(new URL(url).hostname);
  const token = resolveSecret('token', flags.token, env, loaded, flags.url === undefined || local);
  const password = resolveSecret('password', flags.password, env, loaded, flags.url === undefined || local);
  const auth: ClientSettings['auth'] = {};
  if (token) auth.token = token.value;
  if (password) auth.password = password.value;
  const authSource = [token?.source, password?.source].filter(Boolean).join(' and ') || 'none';
  const settings: ClientSettings = { url, auth, authSource };
  if (loaded?.config) settings.configPath = loaded.path;
  return settings;
}
