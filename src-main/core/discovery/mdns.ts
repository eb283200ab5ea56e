/**
 * The slice of bonjour-service that discovery uses, and a factory that never lets multicast
 * trouble escape: socket errors (no multicast route, port 5353 taken, EACCES) are logged as
 * warnings instead of becoming an unhandled 'error' event that would kill the gateway.
 */
import Bonjour from 'bonjour-service';
import type { EventEmitter } from 'node:events';
import type { Logger } from '../logger.ts';

export interface PublishedService {
  stop?: CallableFunction;
  on?(event: 'error', listener: (err: Error) => void): unknown;
}

export interface BrowserHandle {
  on(event: 'up' | 'down', listener: (service: unknown) => void): unknown;
  stop(): void;
  readonly services?: unknown[];
}

export interface MdnsLike {
  publish(opts: { name: string; type: string; protocol?: 'tcp' | 'udp'; port: number; txt?: Record<string, string>; host?: string; disableIPv6?: boolean }): PublishedService;
  find(opts: { type: string; protocol?: 'tcp' | 'udp' }): BrowserHandle;
  unpublishAll(cb?: CallableFunction): void;
  destroy(cb?: CallableFunction): void;
}

/** multicast-dns options passed through bonjour-service (tests use a loopback interface and a private port). */
export interface MdnsOptions {
  interface?: string;
  port?: number;
  ip?: string;
  ttl?: number;
  loopback?: boolean;
  bind?: string | false;
}

export type MdnsFactory = (opts: MdnsOptions, onError: (err: Error) => void) => MdnsLike;

/** The real bonjour-service, with its multicast socket's 'error' events caught. */
export const bonjourFactory: MdnsFactory = (opts, onError) => {
  const b = new Bonjour(opts as never, onError);
  // bonjour-service does not listen for the multicast socket's 'error' (EADDRINUSE/EACCES):
  // without a listener Node would throw it from the event loop.
  const mdns = (b as unknown as { server?: { mdns?: EventEmitter } }).server?.mdns;
  mdns?.on('error', onError);
  mdns?.on('warning', (err: Error) => onError(err));
  return b as unknown as MdnsLike;
};

/** Logs a multicast error once per message, as a warning. */
export function mdnsErrorLogger(logger: Logger, what: string): (err: Error) => void {
  const seen = new Set<string>();
  return (err) => {
    const msg = err?.message ?? String(err);
    if (seen.has(msg)) return;
    seen.add(msg);
    logger.warn(`${what}: mDNS unavailable, continuing without it`, { error: msg });
  };
}
