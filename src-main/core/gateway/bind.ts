/**
 * Bind safety, in one place: turns a bind mode into a listen address and refuses exposure beyond
 * loopback without a token or password (DESIGN: loopback by default). createCore checks it before
 * anything starts; startGateway checks it again for hosts that call it directly.
 */
import { networkInterfaces } from 'node:os';
import type { BindMode } from '../config.ts';
import { isLoopbackHost } from '../net/loopback.ts';
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

/** A peer or listen address only this machine can reach (see net/loopback.ts). */
export const isLoopbackAddress = isLoopbackHost;

/** True when a gateway with this bind listens only on this machine. */
export function isLoopbackBind(mode: BindMode, customHost: string | undefined): boolean {
  return mode === 'loopback' || (mode === 'custom' && isLoopbackHost(customHost));
}

/** Throws when the bind would expose the gateway beyond this machine without a secret. */
export function assertBindSafe(mode: BindMode, customHost: string | undefined, hasAuth: boolean): void {
  if (hasAuth || isLoopbackBind(mode, customHost)) return;
  const where = mode === 'custom' ? customHost ?? 'a custom address' : mode;
  throw new GatewayStartError(
    `refusing to bind ${where} without a token or password; pass --token <secret> (or --password, or set HEARTH_GATEWAY_TOKEN), or run \`hearth setup\` to generate one`,
  );
}

export interface BindDecision {
  host: string;
  loopbackOnly: boolean;
}

export function resolveBind(mode: BindMode, customHost: string | undefined, hasAuth: boolean): BindDecision {
  assertBindSafe(mode, customHost, hasAuth);
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
      return { host: customHost, loopbackOnly: isLoopbackHost(customHost) };
    }
  }
}
