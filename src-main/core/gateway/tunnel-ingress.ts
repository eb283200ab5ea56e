/**
 * The one door for connections that reach the gateway through a tunnel (the SSH reverse tunnel
 * to the VPS). Such a stream is fed into the gateway's own HTTP server, so it gets exactly the
 * treatment of any other client — Host and Origin checks, rate limits, WebSocket upgrade — but it
 * is marked: `tunnelOriginOf(req.socket)` tells the socket handler that, whatever the stream
 * looks like, the peer is remote. Traffic through a tunnel is never local (no loopback
 * auto-approval, no loopback exemption from rate limits).
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const TUNNEL_ORIGIN = Symbol.for('hearth.tunnelOrigin');

/** Where a tunnelled connection came from. */
export interface TunnelOrigin {
  /** The tunnel kind; only the SSH reverse tunnel exists today. */
  via: 'ssh-tunnel';
  /** The VPS host name, used in the remote address `tunnel:<vps>`. */
  vps: string;
  /** The originating address as the VPS reports it (usually its own loopback for `ssh -L` users). */
  srcIp: string;
  srcPort: number;
}

/** The address a tunnelled peer is known by: per VPS, plus the source when it is not the VPS itself. */
export function tunnelRemoteAddress(o: TunnelOrigin): string {
  const fromVpsItself = o.srcIp === '' || o.srcIp === '::1' || /^127\./.test(o.srcIp) || o.srcIp === '::ffff:127.0.0.1';
  return fromVpsItself ? `tunnel:${o.vps}` : `tunnel:${o.vps}/${o.srcIp}`;
}

/** The tunnel a request's socket came through, or undefined for ordinary TCP connections. */
export function tunnelOriginOf(socket: unknown): TunnelOrigin | undefined {
  if (typeof socket !== 'object' || socket === null) return undefined;
  return (socket as Record<symbol, TunnelOrigin | undefined>)[TUNNEL_ORIGIN];
}

type SocketShim = Duplex & {
  remoteAddress?: string; remotePort?: number; remoteFamily?: string; localAddress?: string; localPort?: number;
  setNoDelay?: (on?: boolean) => unknown; setKeepAlive?: (on?: boolean, ms?: number) => unknown;
  setTimeout?: (ms: number, cb?: () => void) => unknown; destroySoon?: () => void;
};

/**
 * Hands a tunnelled byte stream (an ssh2 channel) to `server` as if it were an accepted socket.
 * The stream gets the few net.Socket methods http and ws call (setNoDelay, setKeepAlive, a real
 * idle setTimeout so keep-alive connections are closed like TCP ones) and the tunnel marker.
 */
export function acceptTunnelStream(server: Server, stream: Duplex, origin: TunnelOrigin, localPort: number): void {
  const s = stream as SocketShim;
  const define = (key: string | symbol, value: unknown) => Object.defineProperty(s, key, { value, configurable: true, enumerable: false, writable: true });
  define(TUNNEL_ORIGIN, origin);
  define('remoteAddress', tunnelRemoteAddress(origin));
  define('remotePort', origin.srcPort);
  define('remoteFamily', 'tunnel');
  define('localAddress', '127.0.0.1');
  define('localPort', localPort);
  let idleMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => s.emit('timeout'), idleMs) : undefined;
    timer?.unref();
  };
  define('setNoDelay', () => s);
  define('setKeepAlive', () => s);
  define('setTimeout', (ms: number, cb?: () => void) => {
    idleMs = ms;
    if (cb) s.once('timeout', cb);
    arm();
    return s;
  });
  if (typeof s.destroySoon !== 'function') define('destroySoon', () => s.end());
  s.once('close', () => { if (timer) clearTimeout(timer); });
  s.on('error', () => s.destroy());
  server.emit('connection', s);
  // Reset the idle timer on traffic; attached after the server's own reader so flow is unchanged.
  s.on('data', () => { if (idleMs > 0) arm(); });
}
