/**
 * `startGateway`: refuse unsafe binds before touching anything, take the state-dir lock, bind the
 * port, then assemble the rest (assemble.ts: store, pairing, WebSocket server) while the kernel
 * already queues connections — requests and upgrades that arrive meanwhile wait for it.
 */
import type * as NodeHttp from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type * as NodeNet from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { stateFiles } from '../paths.ts';
import type { Assembled } from './assemble.ts';
import { resolveBind } from './bind.ts';
import { HTTP_SERVER_OPTIONS, createEdge, type Edge } from './edge/index.ts';
import { TrustedProxyError } from './edge/client-address.ts';
import { GatewayStartError, type GatewayOptions, type RunningGateway } from './options.ts';
import { acquireStateLock } from './state-lock.ts';

export { GatewayStartError } from './options.ts';
export type { GatewayOptions, RunningGateway } from './options.ts';

const require = createRequire(import.meta.url);

function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        // Only now (rarely) load the /proc walk that names the holder.
        void import('../net/port-holder.ts')
          .then(async ({ findPortHolder, portInUseMessage }) => portInUseMessage(port, host, await findPortHolder(port).catch(() => undefined)))
          .then((message) => reject(new GatewayStartError(message)), () => reject(new GatewayStartError(`port ${port} on ${host} is already in use; stop the program holding it, or pick another --port`)));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new GatewayStartError(`cannot bind ${host}: this machine has no such address; check --host / --bind`));
      } else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EAI_NONAME') {
        // --host is a name (listen looks it up first) that does not resolve.
        reject(new GatewayStartError(`cannot bind ${host}: no such address or host name on this machine; give --host an address of this machine (e.g. 192.168.1.5), or pick another --bind`));
      } else if (err.code === 'EINVAL' || err.code === 'EAFNOSUPPORT') {
        // E.g. a link-local IPv6 address without its interface, or IPv6 where the kernel has none.
        reject(new GatewayStartError(`cannot bind ${host}: not an address this machine can listen on (${err.code}; a link-local fe80:: address needs its interface, as fe80::1%eth0); check --host / --bind`));
      } else if (err.code === 'EACCES') {
        reject(new GatewayStartError(`not allowed to listen on ${host}:${port}; use a port above 1024`));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    const bindDirect = (server as unknown as { _listen2?: ListenStep })._listen2;
    if (typeof bindDirect === 'function' && Number.isInteger(port) && port >= 0 && port <= 65535 && (require('node:net') as typeof NodeNet).isIPv4(host)) {
      bindDirect.call(server, host, port, 4, 511);
    } else {
      server.listen(port, host);
    }
  });
}

/**
 * The step `listen()` ends in (`Server.prototype._listen2`, kept under that name for code that
 * wraps it): bind the address as given, listen, then 'listening' or 'error' on the next tick.
 * Before it, `listen(port, host)` looks an address up through `dns` like a name, runs Node's
 * IPv6 pattern on the answer (V8 compiles it on first use, ~4 ms) and loads the cluster module:
 * ~5-6 ms of start-up before the port is bound, for nothing when the host is an IPv4 address.
 * Every bind mode but an IPv6 --host is one; the rest go through listen().
 */
type ListenStep = (address: string, port: number, addressType: 4 | 6, backlog: number) => void;

/** Starts a gateway; throws {@link GatewayStartError} with a message naming the fix. */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const clock = opts.clock ?? Date.now;
  const hasAuth = (opts.auth.mode === 'token' && !!opts.auth.token) || (opts.auth.mode === 'password' && !!opts.auth.password);
  if (opts.auth.mode === 'token' && !opts.auth.token) throw new GatewayStartError('auth mode token needs a token: pass --token or run `hearth setup`');
  if (opts.auth.mode === 'password' && !opts.auth.password) throw new GatewayStartError('auth mode password needs a password: pass --password');

  // 1. Refuse exposure without auth before touching any state.
  const bind = resolveBind(opts.bind, opts.host, hasAuth);
  // 2. One gateway per state dir (one per port is the bind itself).
  const files = stateFiles(opts.stateDir);
  const lock = acquireStateLock(files.gatewayLock, opts.stateDir);
  const startedAtMs = clock();

  // 3. The edge (Host allowlist, client addresses, pre-auth limits, fault boundaries), then bind
  //    the port; traffic waits for `ready`.
  let edge: Edge;
  try {
    edge = createEdge({
      boundHost: bind.host, allowedOrigins: opts.allowedOrigins, log: opts.logger,
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
      ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}),
      ...(opts.trustedProxies ? { trustedProxies: opts.trustedProxies } : {}),
    });
  } catch (err) {
    lock.release();
    throw err instanceof TrustedProxyError ? new GatewayStartError(err.message) : err;
  }
  let app: Assembled | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => { markReady = r; });
  // The boundaries catch everything the handlers throw; requests that arrive before `ready`
  // wait for it.
  const handleRequest = edge.httpBoundary((req, res) => (app ? app.onRequest(req, res) : res.destroy()));
  const handleUpgrade = edge.upgradeBoundary((req, socket, head) => (app ? app.onUpgrade(req, socket, head) : socket.destroy()));
  // The port is bound by a plain TCP server, and Node's HTTP server (whose module is a good part
  // of what start-up would wait for) is made right after and fed every accepted socket — the
  // documented way to hand an http.Server its connections. The kernel queues connections from
  // the bind on, so clients can connect as early as possible.
  const tcp = (require('node:net') as typeof NodeNet).createServer();
  // Sockets accepted before the HTTP server exists (none in practice: it is made in the same turn).
  const early: Socket[] = [];
  const hand: { to?: Server } = {};
  tcp.on('connection', (s: Socket) => (hand.to ? hand.to.emit('connection', s) : early.push(s)));
  let port: number;
  try {
    port = await listen(tcp, opts.port, bind.host);
  } catch (err) {
    edge.stop();
    lock.release();
    throw err;
  }
  // From now on accept-time errors (e.g. a transient ENFILE) are logged, not fatal.
  tcp.on('error', (err) => edge.faults.report('the HTTP server', err));
  // An ESM named import of node:http evaluates all of its exports, which loads Node's bundled
  // undici (~20 ms and several MB); the CommonJS require does not.
  const { createServer } = require('node:http') as typeof NodeHttp;
  const server = createServer(HTTP_SERVER_OPTIONS, (req: IncomingMessage, res: ServerResponse) => {
    if (app) handleRequest(req, res);
    else void ready.then(() => handleRequest(req, res));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (app) return handleUpgrade(req, socket, head);
    socket.on('error', () => socket.destroy());
    void ready.then(() => handleUpgrade(req, socket, head));
  });
  server.on('connection', (s: Socket) => edge.onConnection(s));
  server.on('error', (err) => edge.faults.report('the HTTP server', err));
  // A listening http.Server starts tracking its connections on 'listening' (the header and request
  // timeouts, closeAllConnections); this one never listens itself, so it is told.
  server.emit('listening');
  hand.to = server;
  for (const s of early.splice(0)) server.emit('connection', s);

  // 4. Everything else.
  try {
    const { assemble } = await import('./assemble.ts');
    app = await assemble({ opts, server, port, bind, files, hasAuth, startedAtMs, edge });
  } catch (err) {
    markReady();
    edge.stop();
    tcp.close();
    server.close();
    server.closeAllConnections();
    lock.release();
    throw err instanceof GatewayStartError ? err : new GatewayStartError(`gateway failed to start: ${(err as Error).message}`);
  }
  markReady();
  lock.listening(bind.host, port);
  const running = app;
  opts.logger.info('gateway listening', { url: running.url(), bind: opts.bind, auth: running.authMode, stateDir: opts.stateDir });

  let closing: Promise<void> | undefined;
  const close = (reason = 'gateway stopping'): Promise<void> => {
    closing ??= (async () => {
      tcp.close(); // no new connections from here on
      await running.close(reason);
      edge.stop();
      server.closeAllConnections();
      lock.release();
      opts.logger.info('gateway stopped', { reason });
    })();
    return closing;
  };
  return {
    get url() { return running.url(); },
    host: bind.host,
    port,
    close,
    createSetupCode: (o) => running.createSetupCode(o),
    reconfigure: (next, changed) => running.reconfigure(next, changed),
    connectedNodeCount: () => running.connectedNodeCount(),
    watch: (listener) => running.watch(listener),
    tunnels: () => running.tunnels(),
    alerts: running.alerts,
  };
}
