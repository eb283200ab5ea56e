/**
 * The network edge of the gateway, in front of every route and handshake: which Host names it
 * answers to (DNS rebinding), who the client is behind a trusted proxy, how many unauthenticated
 * sockets it holds, how long a client may take, and the boundaries that keep one bad request,
 * frame or timer from ending the process. index.ts wires it around the HTTP server; the socket
 * handler and the HTTP routes consult it.
 */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../logger.ts';
import { isLoopbackAddress } from '../bind.ts';
import { parseTrustedProxies, resolveClientAddress, type ClientAddress } from './client-address.ts';
import { createFaultLog, type FaultLog } from './fault-log.ts';
import { HostAllowlist, hostRefusalMessage } from './host-allowlist.ts';
import { DEFAULT_PER_ADDRESS_CAP, PreauthPool, defaultTotalCap } from './preauth-pool.ts';
import { createRefusalSummary, type RefusalSummary } from './refusal-summary.ts';

export { HostAllowlist } from './host-allowlist.ts';
export type { ClientAddress } from './client-address.ts';

/**
 * HTTP timing limits, counted from accept: the request head must be complete within 10 s (this
 * also closes sockets that never send a byte, and slowloris headers), the request body within
 * 30 s; an idle keep-alive socket goes after 5 s. The checker runs every second.
 */
export const HTTP_SERVER_OPTIONS: ServerOptions = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
  maxHeaderSize: 16 * 1024,
};

export interface EdgeOptions {
  boundHost: string;
  publicUrl?: string;
  allowedOrigins: readonly string[];
  allowedHosts?: readonly string[];
  trustedProxies?: readonly string[];
  log: Logger;
  preauthTotalCap?: number;
  preauthPerAddressCap?: number;
}

export interface Edge {
  readonly hosts: HostAllowlist;
  readonly faults: FaultLog;
  /** Refused connects, rate limits, evictions, foreign hosts — logged as summaries. */
  readonly refusals: RefusalSummary;
  readonly pool: PreauthPool;
  clientAddress(req: IncomingMessage): ClientAddress;
  /** The server's `connection` listener. */
  onConnection(socket: Socket): void;
  /** Wraps the request listener: nothing it throws escapes, the client gets a 500. */
  httpBoundary(handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void;
  /** Wraps the upgrade listener: Host check first (421), nothing it throws escapes. */
  upgradeBoundary(handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /**
   * Answers a request whose Host is foreign; true when it did (the caller stops), false when the
   * Host is ours. While a detection that may add hosts is still running (hosts.learn) an unknown
   * Host waits for it: the promise says, once it ended, whether the request was refused.
   */
  refuseForeignHost(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** Called when a request starts waiting for host detection (the gateway starts deferred probes now). */
  onHostWait(kick: () => void): void;
  /** Replaces the trusted reverse proxies (a config reload); throws TrustedProxyError naming a bad entry. */
  setTrustedProxies(entries: readonly string[]): void;
  stop(): void;
}

const target = (req: IncomingMessage) => String(req.url ?? '').slice(0, 200);

function respond500(res: ServerResponse): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = 'internal error in the gateway; it keeps running — see its log for details\n';
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.destroy();
  }
}

function rawResponse(socket: Duplex, status: string, body: string): void {
  try {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
    setTimeout(() => socket.destroy(), 1_000).unref();
  } catch {
    socket.destroy();
  }
}

/** Builds the edge; throws (message naming the setting) on an invalid trusted-proxy entry. */
export function createEdge(opts: EdgeOptions): Edge {
  const { log } = opts;
  let trusted = opts.trustedProxies?.length ? parseTrustedProxies(opts.trustedProxies) : undefined;
  const hostInit: ConstructorParameters<typeof HostAllowlist>[0] = { boundHost: opts.boundHost, allowedOrigins: opts.allowedOrigins };
  if (opts.publicUrl) hostInit.publicUrl = opts.publicUrl;
  if (opts.allowedHosts) hostInit.allowedHosts = opts.allowedHosts;
  const hosts = new HostAllowlist(hostInit);
  const faults = createFaultLog(log);
  const refusals = createRefusalSummary(log, 'connection refused');
  const isTrustedPeer = (ip: string) => {
    if (!trusted) return false;
    try {
      return trusted.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
  };
  const pool = new PreauthPool({
    totalCap: opts.preauthTotalCap ?? defaultTotalCap(),
    perAddressCap: opts.preauthPerAddressCap ?? DEFAULT_PER_ADDRESS_CAP,
    localAddress: (ip) => isLoopbackAddress(ip) || isTrustedPeer(ip),
    onEvict: (ip, why) => refusals.note(why === 'total-cap' ? 'unauthenticated sockets over the total limit (oldest dropped)' : 'unauthenticated sockets over the per-address limit (oldest dropped)', ip),
  });

  let kick: () => void = () => {};
  /**
   * For a Host not (yet) on the list: undefined when nothing may still add it, else a promise
   * that settles once the running detections ended (at most HOST_LEARN_WAIT_MS).
   */
  const hostLearned = (req: IncomingMessage): Promise<boolean> | undefined => {
    const pending = hosts.settling();
    if (!pending) return undefined;
    kick();
    return pending.then(() => hosts.allows(req.headers.host));
  };

  const foreignHost = (req: IncomingMessage) => {
    const host = req.headers.host;
    refusals.note('requests for a foreign Host (DNS rebinding protection)', resolveClientAddress(req.socket.remoteAddress, req.headers, trusted).ip, { host: String(host).slice(0, 100) });
    return hostRefusalMessage(host);
  };

  return {
    hosts, faults, refusals, pool,
    clientAddress: (req) => resolveClientAddress(req.socket.remoteAddress, req.headers, trusted),
    onConnection(socket) {
      try {
        socket.setNoDelay(true);
        pool.track(socket);
      } catch (err) {
        faults.report('accepting a connection', err);
        socket.destroy();
      }
    },
    httpBoundary: (handler) => (req, res) => {
      try {
        handler(req, res);
      } catch (err) {
        faults.report('an HTTP request', err, { method: req.method, target: target(req) });
        respond500(res);
      }
    },
    upgradeBoundary: (handler) => (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      const upgrade = () => {
        try {
          handler(req, socket, head);
        } catch (err) {
          faults.report('a WebSocket upgrade', err, { target: target(req) });
          rawResponse(socket, '500 Internal Server Error', 'internal error in the gateway; it keeps running — see its log for details\n');
        }
      };
      if (hosts.allows(req.headers.host)) return upgrade();
      const learned = hostLearned(req);
      if (!learned) return rawResponse(socket, '421 Misdirected Request', foreignHost(req));
      // A WebSocket client sends nothing before the 101, so the socket can wait unread.
      void learned.then((ok) => {
        if (socket.destroyed) return;
        if (ok) upgrade();
        else rawResponse(socket, '421 Misdirected Request', foreignHost(req));
      });
    },
    refuseForeignHost(req, res) {
      if (hosts.allows(req.headers.host)) return false;
      const refuse = () => {
        const body = foreignHost(req);
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', connection: 'close' });
        res.end(body);
        return true;
      };
      const learned = hostLearned(req);
      if (!learned) return refuse();
      return learned.then((ok) => (ok ? false : res.destroyed || res.headersSent ? true : refuse()));
    },
    onHostWait(fn) {
      kick = fn;
    },
    setTrustedProxies(entries) {
      trusted = entries.length ? parseTrustedProxies(entries) : undefined;
    },
    stop() {
      refusals.stop();
    },
  };
}
