/**
 * The config file (`hearth.json` in the state dir, mode 0600), validated on read so a hand edit
 * that breaks it fails with a message naming the file and the field.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_GATEWAY_PORT } from '../../src-shared/protocol/constants.ts';
import { jsonErrorPlace, jsonReason, withKeyLine } from './config-reload/json-position.ts';

export type BindMode = 'loopback' | 'lan' | 'tailnet' | 'custom';
export type AuthMode = 'none' | 'token' | 'password';
export type ExecSecurity = 'deny' | 'allowlist' | 'ask' | 'full';

export interface HearthConfig {
  version: 1;
  gateway: {
    port: number;
    bind: BindMode;
    customBindHost?: string;
    auth: { mode: AuthMode; token?: string; password?: string };
    /** Silently approve devices connecting over loopback (SPEC §6.3). */
    autoApproveLocal: boolean;
    /** Extra browser origins allowed to open the WebSocket. */
    allowedOrigins: string[];
    /** Public URL put into setup codes (e.g. the tailnet address); its host is an allowed Host too. */
    publicUrl?: string;
    /** More host names the gateway answers to (DNS-rebinding protection), e.g. a proxy's public name. */
    allowedHosts?: string[];
    /** Reverse proxies (IPs or CIDR ranges) whose X-Forwarded-For names the real client. */
    trustedProxies?: string[];
  };
  node: {
    /** Gateway this machine's node agent connects to. */
    url?: string;
    displayName?: string;
    exec: { security: ExecSecurity; allowlist: string[] };
    /** Under a service manager, exit after this many refused credentials in a row (default 5; 0 = never). */
    authFailureExit?: number;
  };
}

export function defaultConfig(): HearthConfig {
  return {
    version: 1,
    gateway: { port: DEFAULT_GATEWAY_PORT, bind: 'loopback', auth: { mode: 'none' }, autoApproveLocal: true, allowedOrigins: [] },
    node: { exec: { security: 'full', allowlist: [] } },
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges a parsed file over the defaults, checking every field it sets. */
export function parseConfig(raw: unknown, source: string): HearthConfig {
  const cfg = defaultConfig();
  if (!isObj(raw)) throw new ConfigError(`${source}: expected a JSON object`);
  const bad = (field: string, want: string) => new ConfigError(`${source}: ${field} must be ${want}; fix or delete that field`);
  const g = raw['gateway'];
  if (g !== undefined) {
    if (!isObj(g)) throw bad('gateway', 'an object');
    if (g['port'] !== undefined) {
      if (!Number.isInteger(g['port']) || (g['port'] as number) < 0 || (g['port'] as number) > 65535) throw bad('gateway.port', 'an integer 0–65535');
      cfg.gateway.port = g['port'] as number;
    }
    if (g['bind'] !== undefined) {
      if (!['loopback', 'lan', 'tailnet', 'custom'].includes(g['bind'] as string)) throw bad('gateway.bind', 'one of loopback, lan, tailnet, custom');
      cfg.gateway.bind = g['bind'] as BindMode;
    }
    if (g['customBindHost'] !== undefined) {
      if (typeof g['customBindHost'] !== 'string') throw bad('gateway.customBindHost', 'a string');
      cfg.gateway.customBindHost = g['customBindHost'];
    }
    if (g['autoApproveLocal'] !== undefined) {
      if (typeof g['autoApproveLocal'] !== 'boolean') throw bad('gateway.autoApproveLocal', 'true or false');
      cfg.gateway.autoApproveLocal = g['autoApproveLocal'];
    }
    if (g['allowedOrigins'] !== undefined) {
      if (!Array.isArray(g['allowedOrigins']) || !g['allowedOrigins'].every((o) => typeof o === 'string')) throw bad('gateway.allowedOrigins', 'a list of strings');
      cfg.gateway.allowedOrigins = g['allowedOrigins'] as string[];
    }
    for (const k of ['allowedHosts', 'trustedProxies'] as const) {
      if (g[k] === undefined) continue;
      if (!Array.isArray(g[k]) || !g[k].every((o) => typeof o === 'string' && o.trim() !== '')) throw bad(`gateway.${k}`, 'a list of non-empty strings');
      cfg.gateway[k] = g[k] as string[];
    }
    if (g['publicUrl'] !== undefined) {
      if (typeof g['publicUrl'] !== 'string') throw bad('gateway.publicUrl', 'a string');
      cfg.gateway.publicUrl = g['publicUrl'];
    }
    const a = g['auth'];
    if (a !== undefined) {
      if (!isObj(a)) throw bad('gateway.auth', 'an object');
      if (a['mode'] !== undefined) {
        if (!['none', 'token', 'password'].includes(a['mode'] as string)) throw bad('gateway.auth.mode', 'one of none, token, password');
        cfg.gateway.auth.mode = a['mode'] as AuthMode;
      }
      for (const k of ['token', 'password'] as const) {
        if (a[k] !== undefined) {
          if (typeof a[k] !== 'string' || a[k] === '') throw bad(`gateway.auth.${k}`, 'a non-empty string');
          cfg.gateway.auth[k] = a[k] as string;
        }
      }
      if (a['mode'] === undefined) cfg.gateway.auth.mode = cfg.gateway.auth.token ? 'token' : cfg.gateway.auth.password ? 'password' : 'none';
    }
  }
  const n = raw['node'];
  if (n !== undefined) {
    if (!isObj(n)) throw bad('node', 'an object');
    if (n['url'] !== undefined) {
      if (typeof n['url'] !== 'string') throw bad('node.url', 'a ws:// or wss:// URL');
      cfg.node.url = n['url'];
    }
    if (n['displayName'] !== undefined) {
      if (typeof n['displayName'] !== 'string') throw bad('node.displayName', 'a string');
      cfg.node.displayName = n['displayName'];
    }
    if (n['authFailureExit'] !== undefined) {
      const v = n['authFailureExit'];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad('node.authFailureExit', 'a whole number ≥ 0 (0 = never exit)');
      cfg.node.authFailureExit = v;
    }
    const e = n['exec'];
    if (e !== undefined) {
      if (!isObj(e)) throw bad('node.exec', 'an object');
      if (e['security'] !== undefined) {
        if (!['deny', 'allowlist', 'ask', 'full'].includes(e['security'] as string)) throw bad('node.exec.security', 'one of deny, allowlist, ask, full');
        cfg.node.exec.security = e['security'] as ExecSecurity;
      }
      if (e['allowlist'] !== undefined) {
        if (!Array.isArray(e['allowlist']) || !e['allowlist'].every((o) => typeof o === 'string')) throw bad('node.exec.allowlist', 'a list of strings');
        cfg.node.exec.allowlist = e['allowlist'] as string[];
      }
    }
  }
  return cfg;
}

/** Reads the config file; a missing file yields the defaults. */
export function readConfig(path: string): HearthConfig {
  if (!existsSync(path)) return defaultConfig();
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const place = jsonErrorPlace(text, msg);
    throw new ConfigError(`${path}${place ? ` line ${place.line} column ${place.column}` : ''}: not valid JSON (${jsonReason(msg)}); fix that line or run \`hearth setup --force\``);
  }
  try {
    return parseConfig(raw, path);
  } catch (err) {
    throw err instanceof ConfigError ? new ConfigError(withKeyLine(err.message, path, text)) : err;
  }
}

/** Writes the config atomically with mode 0600 (it may hold the gateway token). */
export function writeConfig(path: string, cfg: HearthConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
