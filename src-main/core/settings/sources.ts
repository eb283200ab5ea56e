/**
 * Where each setting comes from: flags, then environment, then the config file, then defaults.
 * Pure functions over an injected environment and config, shared by the CLI and the Electron host
 * (through createCore), so precedence is unit-tested once.
 */
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';
import type { HearthConfig } from '../config.ts';
import { HearthError } from '../errors.ts';
import { isLoopbackHost } from '../net/loopback.ts';

export { isLoopbackHost };

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
    throw new HearthError(`${what} must be a port number 0–65535, got "${raw}"`);
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
    throw new HearthError(`"${raw}" is not a gateway URL; use ws://HOST:PORT (e.g. ws://127.0.0.1:${DEFAULT_GATEWAY_PORT})`);
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new HearthError(`"${raw}" is not a gateway URL; use ws://HOST:PORT or wss://HOST`);
  }
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.protocol}//${u.host}${path}`;
}
