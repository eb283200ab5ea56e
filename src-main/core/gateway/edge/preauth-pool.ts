/**
 * Unauthenticated connections, from TCP accept until hello-ok. An attacker can open sockets far
 * faster than it can be stopped, so the gateway never refuses a *new* connection for being one too
 * many: it evicts an older unauthenticated one instead — first one that has stalled (never sent a
 * byte after 500 ms, no connect 2 s after the challenge, an HTTP request still incomplete after
 * 2 s), else the oldest. A real client finishes its handshake in milliseconds and leaves the pool,
 * so it gets in, while a flood only ever holds a bounded number of descriptors, well under the
 * process's file limit, which stays free for clients and the store.
 *
 * Local peers (loopback, trusted proxies) and remote peers have separate budgets, so a flood from
 * the network never touches the reserve local clients use; remote peers also have a per-address
 * share, so one flooding host cannot take the remote budget either.
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

/** Per class (local, remote): a quarter of the descriptor limit, between 32 and 512 — so both together hold at most half. */
export function defaultTotalCap(limit = openFileLimit()): number {
  if (limit === undefined) return 256;
  return Math.max(32, Math.min(512, Math.floor(limit / 4)));
}

export const DEFAULT_PER_ADDRESS_CAP = 32;

export interface PreauthPoolOptions {
  /** Budget of each class (local, remote). */
  totalCap: number;
  perAddressCap: number;
  /** Local peers (loopback, trusted proxies): own budget, no per-address share. */
  localAddress: (ip: string) => boolean;
  onEvict: (ip: string, why: 'address-cap' | 'total-cap') => void;
  clock?: () => number;
}

/** How long a socket may show no progress before it is the first to go under pressure. */
export const STALL_MS = { silent: 500, challenge: 2_000, request: 2_000 } as const;

interface Entry {
  key: string;
  ip: string;
  local: boolean;
  acceptedAt: number;
  upgradedAt?: number;
}

export class PreauthPool {
  private readonly opts: PreauthPoolOptions;
  private readonly clock: () => number;
  private readonly classes = { local: new Map<Socket, Entry>(), remote: new Map<Socket, Entry>() };
  private readonly byKey = new Map<string, Set<Socket>>();
  evicted = 0;

  constructor(opts: PreauthPoolOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? Date.now;
  }

  get size(): number {
    return this.classes.local.size + this.classes.remote.size;
  }

  /** A socket was accepted: it stays in the pool until {@link trust} or its close. */
  track(socket: Socket): void {
    const raw = socket.remoteAddress ?? '';
    const ip = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
    const local = this.opts.localAddress(ip);
    const key = local ? '' : rateLimitKey(ip);
    const entry: Entry = { key, ip, local, acceptedAt: this.clock() };
    const cls = local ? this.classes.local : this.classes.remote;
    cls.set(socket, entry);
    socket.once('close', () => this.release(socket));
    if (!local) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(socket);
      if (set.size > this.opts.perAddressCap) this.evict(this.victim(set, socket), 'address-cap');
    }
    while (cls.size > this.opts.totalCap) this.evict(this.victim(cls.keys(), socket), 'total-cap');
  }

  /** The socket was upgraded to a WebSocket and got its challenge (the handshake timer takes over). */
  upgraded(socket: Socket): void {
    const e = this.entry(socket);
    if (!e) return;
    e.upgradedAt = this.clock();
  }

  private entry(socket: Socket): Entry | undefined {
    return this.classes.local.get(socket) ?? this.classes.remote.get(socket);
  }

  /** The socket authenticated (hello-ok sent): it no longer counts. */
  trust(socket: Socket): void {
    this.release(socket);
  }

  has(socket: Socket): boolean {
    return this.classes.local.has(socket) || this.classes.remote.has(socket);
  }

  private stalled(socket: Socket, now: number): boolean {
    const e = this.classes.local.get(socket) ?? this.classes.remote.get(socket);
    if (!e) return true;
    if (e.upgradedAt !== undefined) return now - e.upgradedAt > STALL_MS.challenge;
    if (socket.bytesRead === 0) return now - e.acceptedAt > STALL_MS.silent;
    return now - e.acceptedAt > STALL_MS.request;
  }

  /** The first stalled socket in age order, else the oldest; never `newcomer` while others exist. */
  private victim(oldestFirst: Iterable<Socket>, newcomer: Socket): Socket {
    const now = this.clock();
    let oldest: Socket | undefined;
    for (const s of oldestFirst) {
      if (s === newcomer) continue;
      oldest ??= s;
      if (this.stalled(s, now)) return s;
    }
    return oldest ?? newcomer;
  }

  private evict(socket: Socket, why: 'address-cap' | 'total-cap'): void {
    const e = this.classes.local.get(socket) ?? this.classes.remote.get(socket);
    this.release(socket);
    this.evicted++;
    socket.destroy();
    if (e) this.opts.onEvict(e.ip, why);
  }

  private release(socket: Socket): void {
    const e = this.classes.local.get(socket) ?? this.classes.remote.get(socket);
    if (!e) return;
    (e.local ? this.classes.local : this.classes.remote).delete(socket);
    if (e.local) return;
    const set = this.byKey.get(e.key);
    set?.delete(socket);
    if (set && set.size === 0) this.byKey.delete(e.key);
  }
}
