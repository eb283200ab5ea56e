/**
 * Everything a gateway is, assembled once its port is bound: the store, identity, pairing, the
 * node registry, the WebSocket server and the periodic work. `startGateway` (index.ts) binds the
 * port first and loads this module while the kernel already queues connections.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { HEALTH_REFRESH_MS, MAX_PREAUTH_PAYLOAD_BYTES, TICK_INTERVAL_MS } from '../../../src-shared/protocol/constants.ts';
import { CloseCode } from '../../../src-shared/protocol/errors.ts';
import { clampTimeoutMs } from '../../../src-shared/protocol/timer-limits.ts';
import { loadOrCreateIdentity } from '../identity/identity-file.ts';
import type { StateFiles } from '../paths.ts';
import { createStore } from '../store/index.ts';
import { INTERNAL_REQUESTER_PREFIX } from '../../../src-shared/protocol/constants.ts';
import { createAuthRateLimiter } from './auth-rate-limit.ts';
import type { BindDecision } from './bind.ts';
import { Broadcaster } from './broadcaster.ts';
import { DevicePairing } from '../pairing/device-pairing.ts';
import type { Edge } from './edge/index.ts';
import { createHttpHandler } from './http-routes.ts';
import { healthPayload } from '../health/payloads.ts';
import type { GatewayServices } from './services.ts';
import { NodeRegistry } from './nodes/registry.ts';
import { GatewayStartError, type GatewayOptions, type LiveGatewaySettings, type RunningGateway } from './options.ts';
import { Presence } from '../presence/presence.ts';
import { createSetupCodeIssuer, firstLanAddress } from '../pairing/setup-codes.ts';
import { createSocketHandler } from './socket-handler.ts';
import { acceptTunnelStream } from './tunnel-ingress.ts';
import { PeerPaths } from './peer-paths.ts';
import { warmUp } from './validate.ts';
import { createSqliteAlertBus, type AlertHistoryBus } from '../alerts/sqlite-bus.ts';
import { applyModuleMigrations } from '../modules/module-migrations.ts';
import { ModuleRegistry } from '../modules/registry.ts';
import { ServingGate } from '../modules/serving-gate.ts';
import type { AlertBus, FeatureModule, ModuleContext } from '../modules/types.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

const AUTO_APPROVE_KEY = 'gateway.autoApproveLocal';
/** Broadcasts after which the tray's view (nodes online, tunnels) may differ. */
const TRAY_EVENTS = new Set(['presence', 'hearth.tunnel.state']);

export interface AssembleInput {
  opts: GatewayOptions;
  server: Server;
  port: number;
  bind: BindDecision;
  files: StateFiles;
  hasAuth: boolean;
  startedAtMs: number;
  edge: Edge;
}

export interface Assembled {
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stops everything but the HTTP server and the lock (index.ts owns those). */
  close(reason: string): Promise<void>;
  createSetupCode: RunningGateway['createSetupCode'];
  connectedNodeCount(): number;
  watch: NonNullable<RunningGateway['watch']>;
  tunnels(): { name: string; state: 'up' | 'connecting' | 'down'; rttMs?: number }[];
  reconfigure: NonNullable<RunningGateway['reconfigure']>;
  url(): string;
  authMode: string;
  alerts: AlertHistoryBus;
}

export async function assemble(input: AssembleInput): Promise<Assembled> {
  const { opts, server, port, bind, files, hasAuth, startedAtMs, edge } = input;
  const clock = opts.clock ?? Date.now;
  const log = opts.logger;
  const version = opts.version ?? '0.1.0';
  // The generated validators (the first connect needs them) load while the rest is assembled,
  // instead of after it, behind the start-up banner.
  void warmUp();
  let store: ReturnType<typeof createStore>;
  try {
    store = createStore(files.database);
  } catch (err) {
    throw new GatewayStartError(`cannot open the state database ${files.database}: ${(err as Error).message}`);
  }
  const interrupted = store.invocations.closeInterrupted(clock(), startedAtMs);
  if (interrupted > 0) log.warn('marked runs left unfinished by a previous gateway as interrupted', { count: interrupted });

  // Feature modules: registered (duplicates refused) and their tables migrated before anything runs.
  // The core modules come first (always on, fixed order), then the feature modules; the alert bus
  // the alerts module serves is made once its table exists.
  const modules = new ModuleRegistry();
  const alertRef: { bus?: AlertHistoryBus } = {};
  const catalog = await import('../modules/catalog.ts');
  // Both lists load side by side; registration keeps the fixed order (core first).
  const [coreList, moduleList] = await Promise.all([
    catalog.coreModules({ alertBus: () => alertRef.bus!, options: opts }),
    opts.modules ?? catalog.gatewayModules(opts),
  ]);
  for (const mod of [...coreList, ...moduleList]) modules.register(mod);
  for (const mod of modules.modules) {
    if (!mod.migrations?.length) continue;
    try {
      applyModuleMigrations(store.db, mod.name, mod.migrations);
    } catch (err) {
      store.close();
      throw new GatewayStartError(`cannot prepare the ${mod.name} tables in ${files.database}: ${(err as Error).message}`);
    }
  }
  const alerts = createSqliteAlertBus(store.db, { clock, onListenerError: (err) => log.warn('an alert listener failed', { error: (err as Error).message }) });
  alertRef.bus = alerts;

  // 3. Services.
  const identity = loadOrCreateIdentity(files.gatewayIdentity);
  const events = new Broadcaster();
  events.addAudiences(modules.events);
  const pairing = new DevicePairing(store, events, clock);
  // HEARTH_AUDIT_MODE=batched brings back the old write-behind audit, only so `npm run bench` can
  // measure what durable records cost; everything else runs durable.
  const auditMode = process.env['HEARTH_AUDIT_MODE'] === 'batched' ? 'batched' : 'durable';
  const nodes = new NodeRegistry(store, events, clock, log, auditMode);
  store.disk.onChange((full) => {
    if (full) log.error('the state disk is full: new runs are refused until space is freed; reads and health keep working', { path: full.path, error: full.error });
    else log.warn('the state disk has space again: runs are accepted', { path: files.database });
  });
  const bootId = randomUUID();
  const wildcard = bind.host === '0.0.0.0' || bind.host === '::';
  // Where this machine's clients reach it: the loopback address it listens on (::1 listens on no IPv4).
  const advertisedHost = bind.loopbackOnly ? bind.host : wildcard ? firstLanAddress() ?? '127.0.0.1' : bind.host;
  // An IPv6 address (--bind custom --host ::1) goes in brackets in a URL.
  const inUrl = urlHost;
  const url = () => `ws://${wildcard ? '127.0.0.1' : inUrl(bind.host)}:${port}`;
  const presence = new Presence({ version, ip: advertisedHost, instanceId: bootId, clock });
  const setupUrlProviders: (() => readonly string[])[] = [];
  // What a hearth.json reload may change (reconfigure below); the handshake and the socket handler
  // hold these very objects, so a change reaches the next connection without a restart.
  const liveAuth: GatewayOptions['auth'] = { ...(hasAuth ? opts.auth : { mode: 'none' }) };
  const liveOrigins = [...opts.allowedOrigins];
  let publicUrl = opts.publicUrl;
  const createSetupCode = createSetupCodeIssuer({
    repo: store.bootstrap, clock, moreUrls: () => setupUrlProviders.flatMap((p) => p()),
    defaultUrl: () => (publicUrl ? { url: publicUrl.replace(/^http/, 'ws'), source: 'publicUrl' } : { url: `ws://${inUrl(advertisedHost)}:${port}`, source: `bind:${opts.bind}` }),
  });
  const autoApproveLocal = () => store.settings.get<boolean>(AUTO_APPROVE_KEY, opts.autoApproveLocal);
  const gw: GatewayServices = {
    store, pairing, nodes, presence, events, clock, log, startedAtMs, version, bootId, url,
    bind: { mode: opts.bind, host: bind.host, port: () => port, loopbackOnly: bind.loopbackOnly },
    get authMode() { return liveAuth.mode; },
    identity: { deviceId: identity.deviceId, publicKey: identity.publicKey },
    autoApproveLocal,
    setAutoApproveLocal: (on) => store.settings.set(AUTO_APPROVE_KEY, on),
    createSetupCode, setupUrlProviders, peerPaths: new PeerPaths(),
    connectedDeviceIds: () => new Set([...events.sessions].map((s) => s.deviceId).filter((d): d is string => d !== undefined)),
    modules, alerts, stateDir: opts.stateDir,
    hostAllowlist: edge.hosts,
    ...(opts.configStatus ? { configStatus: opts.configStatus } : {}),
    acceptTunnelStream: (stream, origin) => acceptTunnelStream(server, stream, origin, port),
  };
  // Work modules defer until the gateway serves (ModuleContext.whenServing).
  const serving = new ServingGate((err) => edge.faults.report('a module\'s deferred start-up work', err));
  // A request for a Host that detection may still name (MagicDNS) starts the deferred probes now.
  edge.onHostWait(() => serving.open());
  const limiter = createAuthRateLimiter(clock);
  const tickIntervalMs = opts.tickIntervalMs ?? TICK_INTERVAL_MS;
  const onSocket = createSocketHandler({
    gw, edge, allowedOrigins: liveOrigins, tickIntervalMs, onHelloSent: () => serving.open(),
    ...(opts.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: opts.handshakeTimeoutMs } : {}),
    handshake: {
      auth: liveAuth, pairing, autoApproveLocal, bootstrap: store.bootstrap,
      rateLimited: (ip) => limiter.limited(ip), recordAuthFailure: (ip) => limiter.record(ip),
    },
  });

  // 4. HTTP routes and the WebSocket server on the already bound port; upgrades on any path (SPEC §2).
  const httpHandler = createHttpHandler({
    staticDir: opts.staticDir,
    readiness: () => ({ ready: true, failing: [], uptimeMs: clock() - startedAtMs, eventLoop: {} }),
    moduleRoute: (path) => modules.route(path),
    refuseForeignHost: (req, res) => edge.refuseForeignHost(req, res),
    faults: edge.faults,
    log,
  });
  // Every socket starts at the pre-auth frame limit; the socket handler raises it after hello-ok.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_PREAUTH_PAYLOAD_BYTES });
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    try {
      onSocket(ws, req);
    } catch (err) {
      edge.faults.report('opening a WebSocket', err, { ip: req.socket.remoteAddress });
      ws.terminate();
    }
  });

  // 5. Periodic work: ticks (plus WS ping to find dead peers), health refresh, pairing expiry.
  const tick = setInterval(edge.faults.guard('the tick timer', () => {
    events.broadcast('tick', { ts: clock() });
    for (const ws of wss.clients) {
      try {
        const probe = (ws as WebSocket & { hearthAlive?: () => boolean }).hearthAlive;
        if (probe && !probe()) ws.terminate();
        else ws.ping();
      } catch (err) {
        edge.faults.report('pinging a client', err);
      }
    }
  }), tickIntervalMs);
  const health = setInterval(edge.faults.guard('the health timer', () => {
    events.stateVersion.health++;
    events.broadcast('health', healthPayload(gw), { stateVersion: true });
    pairing.expire();
  }), HEALTH_REFRESH_MS);
  tick.unref();
  health.unref();

  // 6. Feature modules start last, with everything they may use in place.
  // An alert key no module declared is still raised (never lose an alert), but logged once so
  // the module gets its `alertSources` declaration.
  const undeclared = new Set<string>();
  const alertsFor = (mod: FeatureModule): AlertBus => ({
    raise: (a) => {
      if (!modules.alertSources.sourceOf(a.key) && !undeclared.has(a.key)) {
        undeclared.add(a.key);
        log.warn('alert raised with a key no module declared; add it to the module\'s alertSources', { module: mod.name, key: a.key });
      }
      alerts.raise(a);
    },
    clear: (key, reason) => alerts.clear(key, reason),
    open: () => alerts.open(),
    subscribe: (listener) => alerts.subscribe(listener),
  });
  const contextFor = (mod: FeatureModule): ModuleContext => ({
    gw, log: log.child({ module: mod.name }), stateDir: opts.stateDir, alerts: alertsFor(mod),
    settings: {
      // A declared setting's default is the one `hearth config` shows, so it wins over the caller's fallback.
      get: <T>(key: string, fallback: T) => {
        const declared = modules.settings.get(`${mod.name}.${key}`);
        return store.settings.get<T>(`${mod.name}.${key}`, declared ? (declared.default as T) : fallback);
      },
      set: (key: string, value: unknown) => store.settings.set(`${mod.name}.${key}`, value),
    },
    invokeNode: async (nodeId, command, params, timeoutMs, stream) => {
      const req: Parameters<typeof nodes.invoke>[0] = { nodeId, command, params, idempotencyKey: randomUUID(), principal: `${INTERNAL_REQUESTER_PREFIX}${mod.name}` };
      const clamped = clampTimeoutMs(timeoutMs);
      if (clamped !== undefined) req.timeoutMs = clamped;
      if (stream?.onProgress) req.onProgress = stream.onProgress;
      if (stream?.signal) req.signal = stream.signal;
      return (await nodes.invoke(req)).payload;
    },
    whenServing: (task) => serving.add(task),
  });
  await modules.startAll(contextFor);
  serving.arm();

  const close = async (reason: string): Promise<void> => {
    serving.close();
    await modules.stopAll(log);
    alerts.close();
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
    wss.close();
    store.close();
  };

  const reconfigure = (next: LiveGatewaySettings, changed: readonly string[]): void => {
    const has = (prefix: string) => changed.some((k) => k === prefix || k.startsWith(`${prefix}.`));
    // Validate first (the only step that can refuse), then apply everything.
    if (has('gateway.trustedProxies')) edge.setTrustedProxies(next.trustedProxies);
    if (has('gateway.auth')) {
      // Sessions already connected stay; new connects need the new secret. Paired devices keep
      // their device tokens (revoke those with `hearth devices rotate`).
      delete liveAuth.token;
      delete liveAuth.password;
      Object.assign(liveAuth, next.auth);
    }
    if (has('gateway.allowedOrigins')) liveOrigins.splice(0, liveOrigins.length, ...next.allowedOrigins);
    if (has('gateway.publicUrl')) publicUrl = next.publicUrl;
    if (has('gateway.allowedHosts') || has('gateway.allowedOrigins') || has('gateway.publicUrl')) {
      const c: Parameters<typeof edge.hosts.setConfigured>[0] = { allowedOrigins: liveOrigins, allowedHosts: next.allowedHosts };
      if (publicUrl) c.publicUrl = publicUrl;
      edge.hosts.setConfigured(c);
    }
    // The file's value wins over an earlier UI toggle only when the file's value itself changed.
    if (has('gateway.autoApproveLocal')) store.settings.set(AUTO_APPROVE_KEY, next.autoApproveLocal);
  };

  return {
    reconfigure,
    onRequest: httpHandler,
    onUpgrade(req, socket, head) {
      // index.ts's upgrade boundary has checked Host and guards the socket's errors.
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close,
    createSetupCode: (o) => {
      const c = createSetupCode(o.publicUrl ? { profile: o.profile, publicUrl: o.publicUrl } : { profile: o.profile });
      return { setupCode: c.setupCode, gatewayUrl: c.gatewayUrl, urls: c.urls, expiresAtMs: c.expiresAtMs };
    },
    url,
    connectedNodeCount: () => nodes.connected.size,
    watch: (listener) => events.tap((event) => {
      if (TRAY_EVENTS.has(event)) listener();
    }),
    tunnels: () => {
      // The remote module's health carries the tunnel state (tunnel, rttMs, ssh host in summary).
      const h = modules.health()['remote'];
      if (!h || typeof h['tunnel'] !== 'string' || typeof h['tunnelHost'] !== 'string') return [];
      const st = h['tunnel'];
      const state = st === 'up' ? 'up' : st === 'connecting' || st === 'backoff' ? 'connecting' : 'down';
      const t: { name: string; state: typeof state; rttMs?: number } = { name: h['tunnelHost'], state };
      if (typeof h['rttMs'] === 'number') t.rttMs = h['rttMs'];
      return [t];
    },
    authMode: gw.authMode,
    alerts,
  };
}
