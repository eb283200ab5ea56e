/**
 * Resolves gateway flags, environment and config into GatewayOptions — the same for `hearth
 * gateway` and the Electron host (both through createCore) — and refuses an exposed gateway
 * without a secret before anything starts listening (DESIGN: loopback by default).
 */
import type { AuthMode, BindMode, HearthConfig } from '../config.ts';
import { HearthError } from '../errors.ts';
import { assertBindSafe, isLoopbackBind as bindIsLoopback } from '../gateway/bind.ts';
import type { GatewayOptions } from '../gateway/options.ts';
import type { Logger } from '../logger.ts';
import { checkPublicUrl } from '../net/public-url.ts';
import { resolvePort, resolveSecret, type Env, type LoadedConfig } from './sources.ts';

export interface GatewayFlags {
  port?: string;
  bind?: string;
  host?: string;
  token?: string;
  password?: string;
  publicUrl?: string;
  /** Comma-separated host names (`--allowed-hosts`). */
  allowedHosts?: string;
  /** Comma-separated addresses or CIDR ranges (`--trusted-proxies`). */
  trustedProxies?: string;
}

export interface GatewaySettings {
  port: number;
  portSource: string;
  bind: BindMode;
  host?: string;
  auth: { mode: AuthMode; token?: string; password?: string };
  /** Where the secret came from: a flag, an env var name, or `config <path>`; "none" without one. */
  authSource: string;
  publicUrl?: string;
  autoApproveLocal: boolean;
  allowedOrigins: string[];
  allowedHosts: string[];
  trustedProxies: string[];
  /** True when no config file exists and the embedded defaults are used. */
  embeddedDefaults: boolean;
}

const BINDS: readonly BindMode[] = ['loopback', 'lan', 'tailnet', 'custom'];

/** Applies precedence: flags > env > config > defaults. */
export function resolveGatewaySettings(flags: GatewayFlags, env: Env, loaded: LoadedConfig, defaults: HearthConfig): GatewaySettings {
  const cfg = (loaded.config ?? defaults).gateway;
  const port = resolvePort(flags.port, env, loaded.config ? loaded : undefined);

  let bind: BindMode = cfg.bind;
  if (flags.bind !== undefined) {
    if (!BINDS.includes(flags.bind as BindMode)) throw new HearthError(`--bind must be one of ${BINDS.join(', ')}, got "${flags.bind}"`);
    bind = flags.bind as BindMode;
  }
  let host = flags.host ?? (bind === 'custom' ? cfg.customBindHost : undefined);
  if (flags.host !== undefined && flags.bind === undefined) bind = 'custom';
  if (bind === 'custom' && !host) throw new HearthError('--bind custom needs --host ADDR (or gateway.customBindHost in the config)');
  if (bind !== 'custom') host = undefined;

  const token = resolveSecret('token', flags.token, env, loaded);
  const password = resolveSecret('password', flags.password, env, loaded);
  const fromFlagOrEnv = (v: typeof token) => (v !== undefined && !v.source.startsWith('config ') ? v : undefined);
  let auth: GatewaySettings['auth'];
  let authSource = 'none';
  const chosenToken = fromFlagOrEnv(token) ?? (fromFlagOrEnv(password) ? undefined : cfg.auth.mode === 'token' ? token : undefined);
  const chosenPassword = chosenToken ? undefined : fromFlagOrEnv(password) ?? (cfg.auth.mode === 'password' ? password : undefined);
  if (chosenToken) {
    auth = { mode: 'token', token: chosenToken.value };
    authSource = chosenToken.source;
  } else if (chosenPassword) {
    auth = { mode: 'password', password: chosenPassword.value };
    authSource = chosenPassword.source;
  } else if (cfg.auth.mode === 'none') {
    auth = { mode: 'none' };
  } else {
    throw new HearthError(`${loaded.path} sets gateway.auth.mode ${cfg.auth.mode} but holds no ${cfg.auth.mode}; run \`hearth setup --force\` or pass --${cfg.auth.mode}`);
  }

  const settings: GatewaySettings = {
    port: port.value,
    portSource: port.source,
    bind,
    auth,
    authSource,
    autoApproveLocal: cfg.autoApproveLocal,
    allowedOrigins: cfg.allowedOrigins,
    // A flag replaces the configured list (like every other flag); an empty flag clears it.
    allowedHosts: flags.allowedHosts !== undefined ? splitList(flags.allowedHosts) : cfg.allowedHosts ?? [],
    trustedProxies: flags.trustedProxies !== undefined ? splitList(flags.trustedProxies) : cfg.trustedProxies ?? [],
    embeddedDefaults: loaded.config === undefined,
  };
  if (host !== undefined) settings.host = host;
  const publicUrl = flags.publicUrl ?? cfg.publicUrl;
  if (publicUrl !== undefined) settings.publicUrl = checkPublicUrl(publicUrl, flags.publicUrl !== undefined ? '--public-url' : 'gateway.publicUrl');
  return settings;
}

function splitList(v: string): string[] {
  return v.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

/** True when the gateway would listen only on this machine. */
export function isLoopbackBind(s: Pick<GatewaySettings, 'bind' | 'host'>): boolean {
  return bindIsLoopback(s.bind, s.host);
}

/** Refuses a non-loopback bind without a token or password (checked before starting). */
export function assertSafeBind(s: GatewaySettings): void {
  assertBindSafe(s.bind, s.host, s.auth.mode !== 'none');
}

/** What the host adds to the resolved settings. */
export interface GatewayHost {
  stateDir: string;
  logger: Logger;
  version: string;
  staticDir?: string;
  clock?: () => number;
}

/** GatewayOptions from resolved settings and the host. */
export function gatewayOptions(s: GatewaySettings, host: GatewayHost): GatewayOptions {
  const opts: GatewayOptions = {
    stateDir: host.stateDir, port: s.port, bind: s.bind, auth: s.auth, autoApproveLocal: s.autoApproveLocal,
    allowedOrigins: s.allowedOrigins, allowedHosts: s.allowedHosts, trustedProxies: s.trustedProxies,
    logger: host.logger, version: host.version,
  };
  if (s.host !== undefined) opts.host = s.host;
  if (s.publicUrl !== undefined) opts.publicUrl = s.publicUrl;
  if (host.staticDir) opts.staticDir = host.staticDir;
  if (host.clock) opts.clock = host.clock;
  return opts;
}
