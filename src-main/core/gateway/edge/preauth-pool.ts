/**
 * Unauthenticated connections, from TCP accept until hello-ok. An attacker can open sockets far
 * faster than it can be stopped, so the gateway never refuses a *new* connection for being one too
 * many: it evicts the oldest unauthenticated one instead (first from the same address once that
 * address holds its share, else the oldest of all). A real client finishes its handshake in
 * milliseconds and leaves the pool, so it always gets in, while a flood only ever holds `totalCap`
 * descriptors — well under the process's file limit, which stays free for clients and the store.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { rateLimitKey } from './client-address.ts';

/** Soft RLIMIT_NOFILE (Linux /proc); undefined where it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** A quarter of the descriptor limit for unauthenticated sockets, between 32 and 512. */
export function defaultTotalCap(limit = openFileLimit()): number {
  if (limit === undefined) return 256;
  return Math.max(32, Math.min(512, Math.floor(limit / 4)));
}

export const DEFAULT_PER_ADDRESS_CAP = 32;

export interface PreauthPoolOptions {
  totalCap: number;
  perAddressCap: number;
  /** Addresses without a per-address share (loopback, trusted proxies): only the total applies. */
  sharedAddress: (ip: string) => boolean;
  onEvict: (ip: string, why: 'address-cap' | 'total-cap') => void;
}

interface Entry {
  key: string;
  ip: string;
}

export class PreauthPool {
  private readonly entries = new Map<Socket, Entry>();
  private readonly byKey = new Map<string, Set<Socket>>();
  private readonly opts: PreauthPoolOptions;
  evicted = 0;

  constructor(opts: PreauthPoolOptions) {
    this.opts = opts;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A socket was accepted: it stays in the pool until {@link trust} or its close. */
  track(socket: Socket): void {
    const raw = socket.remoteAddress ?? '';
    const ip = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
    const key = this.opts.sharedAddress(ip) ? '' : rateLimitKey(ip);
    this.entries.set(socket, { key, ip });
    if (key !== '') {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(socket);
      if (set.size > this.opts.perAddressCap) this.evict(set.values().next().value as Socket, 'address-cap');
    }
    socket.once('close', () => this.release(socket));
    while (this.entries.size > this.opts.totalCap) this.evict(this.entries.keys().next().value as Socket, 'total-cap');
  }

  /** The socket authenticated (hello-ok sent): it no longer counts. */
  trust(socket: Socket): void {
    this.release(socket);
  }

  has(socket: Socket): boolean {
    return this.entries.has(socket);
  }

  private evict(socket: Socket, why: 'address-cap' | 'total-cap'): void {
    const e = this.entries.get(socket);
    this.release(socket);
    this.evicted++;
    socket.destroy();
    if (e) this.opts.onEvict(e.ip, why);
  }

  private release(socket: Socket): void {
    const e = this.entries.get(socket);
    if (!e) return;
    this.entries.delete(socket);
    if (e.key === '') return;
    const set = this.byKey.get(e.key);
    set?.delete(socket);
    if (set && set.size === 0) this.byKey.delete(e.key);
  }
}
