/**
 * `startGateway`: composes the gateway from its parts and starts it. Order matters and is spelled
 * out below: refuse unsafe binds before touching anything, take the state-dir lock before opening
 * the database, listen last, and only then warm up what can wait.
 */
import { randomUUID } from 'node:crypto';
import type * as NodeHttp from 'node:http';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../../../src-shared/protocol/errors.ts';
import { HEALTH_REFRESH_MS, MAX_PAYLOAD_BYTES, TICK_INTERVAL_MS } from '../../../src-shared/protocol/constants.ts';
import { identityFromPem } from '../identity/ed25519.ts';
import { loadOrCreateIdentity } from '../identity/identity-file.ts';
import { stateFiles } from '../paths.ts';
import { createStore } from '../store/index.ts';
import { createAuthRateLimiter } from './auth-rate-limit.ts';
import { resolveBind } from './bind.ts';
import { Broadcaster } from './broadcaster.ts';
import { DevicePairing } from './device-pairing.ts';
import { createHttpHandler } from './http-routes.ts';
import { healthPayload } from './methods/system.ts';
import type { GatewayServices } from './methods/types.ts';
import { NodeRegistry } from './node-registry.ts';
import { GatewayStartError, type GatewayOptions, type RunningGateway } from './options.ts';
import { Presence } from './presence.ts';
import { firstLanAddress, createSetupCodeIssuer } from './setup-codes.ts';
import { createSocketHandler } from './socket-handler.ts';
import { acquireStateLock } from './state-lock.ts';
import { warmUp } from './validate.ts';

export { GatewayStartError } from './options.ts';
export type { GatewayOptions, RunningGateway } from './options.ts';

const AUTO_APPROVE_KEY = 'gateway.autoApproveLocal';

// An ESM named import of node:http evaluates all of its exports, which loads Node's bundled
// undici (~20 ms and several MB); the CommonJS require does not.
const { createServer } = createRequire(import.meta.url)('node:http') as typeof NodeHttp;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new GatewayStartError(`port ${port} on ${host} is already in use — another gateway is probably running (check with \`hearth status\`); one gateway per host: stop it, or pick another --port`));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new GatewayStartError(`cannot bind ${host}: this machine has no such address; check --host / --bind`));
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
    server.listen(port, host);
  });
}

/** Starts a gateway; throws {@link GatewayStartError} with a message naming the fix. */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const clock = opts.clock ?? Date.now;
  const log = opts.logger;
  const version = opts.version ?? '0.1.0';
  const hasAuth = (opts.auth.mode === 'token' && !!opts.auth.token) || (opts.auth.mode === 'password' && !!opts.auth.password);
  if (opts.auth.mode === 'token' && !opts.auth.token) throw new GatewayStartError('auth mode token needs a token: pass --token or run `hearth setup`');
  if (opts.auth.mode === 'password' && !opts.auth.password) throw new GatewayStartError('auth mode password needs a password: pass --password');

  // 1. Refuse exposure without auth before touching any state.
  const bind = resolveBind(opts.bind, opts.host, hasAuth);
  // 2. One gateway per state dir.
  const files = stateFiles(opts.stateDir);
  const lock = acquireStateLock(files.gatewayLock, opts.stateDir);
  let store: ReturnType<typeof createStore>;
  try {
    store = createStore(files.database);
  } catch (err) {
    lock.release();
    throw new GatewayStartError(`cannot open the state database ${files.database}: ${(err as Error).message}`);
  }
  const startedAtMs = clock();
  const interrupted = store.invocations.closeInterrupted(startedAtMs, startedAtMs);
  if (interrupted > 0) log.warn('marked runs left unfinished by a previous gateway as interrupted', { count: interrupted });

  // 3. Services.
  const identity = loadOrCreateIdentity(files.gatewayIdentity);
  const events = new Broadcaster();
  const pairing = new DevicePairing(store, events, clock);
  const nodes = new NodeRegistry(store, events, clock, log);
  const bootId = randomUUID();
  let port = opts.port;
  const advertisedHost = bind.loopbackOnly ? '127.0.0.1' : bind.host === '0.0.0.0' ? firstLanAddress() ?? '127.0.0.1' : bind.host;
  const url = () => `ws://${bind.host === '0.0.0.0' ? '127.0.0.1' : bind.host}:${port}`;
  const presence = new Presence({ version, ip: advertisedHost, instanceId: bootId, clock });
  const createSetupCode = createSetupCodeIssuer({
    repo: store.bootstrap, clock,
    defaultUrl: () => (opts.publicUrl ? { url: opts.publicUrl.replace(/^http/, 'ws'), source: 'publicUrl' } : { url: `ws://${advertisedHost}:${port}`, source: `bind:${opts.bind}` }),
  });
  const autoApproveLocal = () => store.settings.get<boolean>(AUTO_APPROVE_KEY, opts.autoApproveLocal);
  const gw: GatewayServices = {
    store, pairing, nodes, presence, events, clock, log, startedAtMs, version, bootId, url,
    bind: { mode: opts.bind, host: bind.host, port: () => port, loopbackOnly: bind.loopbackOnly },
    authMode: hasAuth ? opts.auth.mode : 'none',
    identity: { deviceId: identityFromPem(identity.privateKeyPem).deviceId, publicKey: identity.publicKey },
    autoApproveLocal,
    setAutoApproveLocal: (on) => store.settings.set(AUTO_APPROVE_KEY, on),
    createSetupCode,
    connectedDeviceIds: () => new Set([...events.sessions].map((s) => s.deviceId).filter((d): d is string => d !== undefined)),
  };
  const limiter = createAuthRateLimiter(clock);
  const tickIntervalMs = opts.tickIntervalMs ?? TICK_INTERVAL_MS;
  const onSocket = createSocketHandler({
    gw, allowedOrigins: opts.allowedOrigins, tickIntervalMs,
    ...(opts.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: opts.handshakeTimeoutMs } : {}),
    handshake: {
      auth: hasAuth ? opts.auth : { mode: 'none' }, pairing, autoApproveLocal, bootstrap: store.bootstrap,
      rateLimited: (ip) => limiter.limited(ip), recordAuthFailure: (ip) => limiter.record(ip),
    },
  });

  // 4. HTTP + WebSocket on one port; upgrades accepted on any path (SPEC §2).
  const server = createServer(createHttpHandler({
    staticDir: opts.staticDir,
    readiness: () => ({ ready: true, failing: [], uptimeMs: clock() - startedAtMs, eventLoop: {} }),
  }));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_PAYLOAD_BYTES });
  wss.on('connection', onSocket);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  server.on('connection', (s) => s.setNoDelay(true));
  try {
    port = await listen(server, opts.port, bind.host);
  } catch (err) {
    store.close();
    lock.release();
    throw err;
  }

  // 5. Periodic work: ticks (plus WS ping to find dead peers), health refresh, pairing expiry.
  const tick = setInterval(() => {
    events.broadcast('tick', { ts: clock() });
    for (const ws of wss.clients) {
      const probe = (ws as WebSocket & { hearthAlive?: () => boolean }).hearthAlive;
      if (probe && !probe()) ws.terminate();
      else ws.ping();
    }
  }, tickIntervalMs);
  const health = setInterval(() => {
    events.stateVersion.health++;
    events.broadcast('health', healthPayload(gw), { stateVersion: true });
    pairing.expire();
  }, HEALTH_REFRESH_MS);
  tick.unref();
  health.unref();
  // Compile validators after we are reachable, so start-up is not slowed by them.
  setImmediate(() => void warmUp());
  log.info('gateway listening', { url: url(), bind: opts.bind, auth: gw.authMode, stateDir: opts.stateDir });

  let closing: Promise<void> | undefined;
  const close = (reason = 'gateway stopping'): Promise<void> => {
    closing ??= (async () => {
      clearInterval(tick);
      clearInterval(health);
      events.broadcast('shutdown', { reason });
      nodes.failAll('gateway stopped while the command was running');
      for (const ws of wss.clients) ws.close(CloseCode.SERVICE_RESTART, 'service restart');
      server.close();
      // Give peers a moment to answer the close frame, then cut off the rest; the store stays
      // open until every socket's close handler has run.
      const deadline = Date.now() + 500;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ws of wss.clients) ws.terminate();
      while (wss.clients.size > 0) await new Promise((r) => setImmediate(r));
      server.closeAllConnections();
      wss.close();
      store.close();
      lock.release();
      log.info('gateway stopped', { reason });
    })();
    return closing;
  };

  return {
    get url() { return url(); },
    host: bind.host,
    get port() { return port; },
    close,
    createSetupCode: (o) => {
      const c = createSetupCode(o.publicUrl ? { profile: o.profile, publicUrl: o.publicUrl } : { profile: o.profile });
      return { setupCode: c.setupCode, gatewayUrl: c.gatewayUrl, expiresAtMs: c.expiresAtMs };
    },
  };
}
