/** Turns a bind mode into a listen address, refusing exposure beyond loopback without auth. */
import { networkInterfaces } from 'node:os';
import type { BindMode } from '../config.ts';
import { GatewayStartError } from './options.ts';

/** Tailscale hands out addresses from the CGNAT range 100.64.0.0/10. */
export function isTailnetAddress(ip: string): boolean {
  const m = /^100\.(\d+)\./.exec(ip);
  return m !== null && Number(m[1]) >= 64 && Number(m[1]) <= 127;
}

export function findTailnetAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && isTailnetAddress(a.address)) return a.address;
  }
  return undefined;
}

export function isLoopbackAddress(ip: string | undefined): boolean {
  if (!ip) return false;
  const v = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v === '::1' || /^127\./.test(v);
}

export interface BindDecision {
  host: string;
  loopbackOnly: boolean;
}

export function resolveBind(mode: BindMode, customHost: string | undefined, hasAuth: boolean): BindDecision {
  if (mode !== 'loopback' && !hasAuth) {
    throw new GatewayStartError(
      `refusing to bind the gateway to ${mode === 'custom' ? customHost ?? 'a custom address' : mode} without authentication: ` +
        'pass --token <secret> (or --password), set HEARTH_GATEWAY_TOKEN, or run `hearth setup` to generate one',
    );
  }
  switch (mode) {
    case 'loopback':
      return { host: '127.0.0.1', loopbackOnly: true };
    case 'lan':
      return { host: '0.0.0.0', loopbackOnly: false };
    case 'tailnet': {
      const ip = findTailnetAddress();
      if (!ip) {
        throw new GatewayStartError('--bind tailnet: no tailnet (100.64.0.0/10) address found on this machine; start Tailscale first, or use --bind custom --host <addr>');
      }
      return { host: ip, loopbackOnly: false };
    }
    case 'custom': {
      if (!customHost) throw new GatewayStartError('--bind custom needs --host <address>');
      return { host: customHost, loopbackOnly: isLoopbackAddress(customHost) };
    }
  }
}
