/**
 * Where each CLI setting comes from: flags, then environment, then the config file, then defaults.
 * Pure functions over an injected environment and config reader, so precedence is unit-tested.
 */
import { DEFAULT_GATEWAY_PORT } from '../../src-shared/protocol/constants.ts';
import type { HearthConfig } from '../core/config.ts';
import { CliError } from './cli-error.ts';

export type Env = Record<string, string | undefined>;

/** A secret plus a description of where it came from (never the secret itself). */
export interface Sourced<T> {
  value: T;
  /** e.g. `--token`, `HEARTH_GATEWAY_TOKEN`, `config /home/me/.local/state/hearth/hearth.json`. */
  source: string;
}

export const TOKEN_ENV = ['HEARTH_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_TOKEN'] as const;
export const PASSWORD_ENV = ['HEARTH_GATEWAY_PASSWORD', 'OPENCLAW_GATEWAY_PASSWORD'] as const;
export const PORT_ENV = ['HEARTH_GATEWAY_PORT', 'OPENCLAW_GATEWAY_PORT'] as const;

/** The config as read from one state dir, or undefined when the file does not exist. */
export interface LoadedConfig {
  path: string;
  config: HearthConfig | undefined;
}

/** Parses a port from a flag or env var; `what` names it in the error. */
export function parsePort(raw: string, what: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new CliError(`${what} must be a port number 0–65535, got "${raw}"`);
  }
  return n;
}

/** Flag > first non-empty env var > config > nothing. */
export function resolveSecret(
  kind: 'token' | 'password',
  flag: string | undefined,
  env: Env,
  loaded: LoadedConfig | undefined,
  useConfig = true,
): Sourced<string> | undefined {
  if (flag !== undefined && flag !== '') return { value: flag, source: `--${kind}` };
  for (const name of kind === 'token' ? TOKEN_ENV : PASSWORD_ENV) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { value: v.trim(), source: name };
  }
  const fromConfig = useConfig ? loaded?.config?.gateway.auth[kind] : undefined;
  if (fromConfig) return { value: fromConfig, source: `config ${loaded!.path}` };
  return undefined;
}

/** Flag > HEARTH_GATEWAY_PORT > OPENCLAW_GATEWAY_PORT > config > 18789. */
export function resolvePort(flag: string | undefined, env: Env, loaded: LoadedConfig | undefined): Sourced<number> {
  if (flag !== undefined) return { value: parsePort(flag, '--port'), source: '--port' };
  for (const name of PORT_ENV) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { value: parsePort(v, name), source: name };
  }
  if (loaded?.config) return { value: loaded.config.gateway.port, source: `config ${loaded.path}` };
  return { value: DEFAULT_GATEWAY_PORT, source: 'default' };
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.') || h === '0:0:0:0:0:0:0:1';
}

/**
 * Normalises what a user types as a gateway address: `ws://h:p`, `wss://h`, `http://h:p` (mapped to
 * ws), or bare `h:p`. Throws with the expected form otherwise.
 */
export function normalizeGatewayUrl(raw: string): string {
  let text = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `ws://${text}`;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new CliError(`"${raw}" is not a gateway URL; use ws://HOST:PORT (e.g. ws://127.0.0.1:${DEFAULT_GATEWAY_PORT})`);
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new CliError(`"${raw}" is not a gateway URL; use ws://HOST:PORT or wss://HOST`);
  }
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.protocol}//${u.host}${path}`;
}

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
}

/**
 * Gateway URL and credentials for client commands. The config file's secret is only sent to a
 * gateway on this machine: `--url` pointing elsewhere needs `--token`/`--password` or an env var,
 * so a local token never leaks to another host.
 */
export function resolveClientSettings(flags: ClientFlags, env: Env, loaded: LoadedConfig | undefined): ClientSettings {
  let url: string;
  if (flags.url !== undefined) {
    url = normalizeGatewayUrl(flags.url);
  } else {
    const port = resolvePort(undefined, env, loaded).value;
    const cfg = loaded?.config?.gateway;
    const host = cfg?.bind === 'custom' && cfg.customBindHost ? cfg.customBindHost : '127.0.0.1';
    url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  const local = isLoopbackHost(new URL(url).hostname);
  const token = resolveSecret('token', flags.token, env, loaded, flags.url === undefined || local);
  const password = resolveSecret('password', flags.password, env, loaded, flags.url === undefined || local);
  const auth: ClientSettings['auth'] = {};
  if (token) auth.token = token.value;
  if (password) auth.password = password.value;
  const authSource = [token?.source, password?.source].filter(Boolean).join(' and ') || 'none';
  return { url, auth, authSource };
}
