/**
 * `createCore(runtime)`: the one composition root. The CLI (`hearth gateway`) and the Electron
 * host both call it; it turns flags, environment and the config file into gateway options (once,
 * here), refuses an unsafe bind before touching anything, starts the gateway (which binds its
 * port first and assembles the store, pairing, node registry and feature modules behind it),
 * announces it on the LAN when it is reachable beyond loopback, and hands back one `stop()`.
 *
 * Start-up order (docs/architecture.md): settings → bind safety → state dir → lock → listen →
 * store + migrations → services → WebSocket → feature modules → advertisement.
 *
 * Kept light on purpose: the gateway and mDNS code are imported lazily, so a host that only
 * resolves settings pays nothing and `hearth gateway` reaches `listening` as fast as before.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { HearthError } from './errors.ts';
import type { GatewayOptions, RunningGateway } from './gateway/options.ts';
import type { Logger } from './logger.ts';
import type { FeatureModule } from './modules/types.ts';
import { assertSafeBind, gatewayOptions, isLoopbackBind, resolveGatewaySettings, type GatewayFlags, type GatewaySettings } from './settings/gateway-settings.ts';
import type { Env, LoadedConfig } from './settings/sources.ts';
import { defaultConfig } from './config.ts';
import type { GatewayConfigReloader, GatewayReloaderOptions, ReloadOutcome } from './config-reload/gateway-reloader.ts';

export { HearthError } from './errors.ts';
export type { GatewaySettings, GatewayFlags } from './settings/gateway-settings.ts';

export type Advertiser = (o: { name: string; port: number; version: string }) => { stop(): Promise<void> };

export interface CoreRuntime {
  paths: {
    stateDir: string;
    /** The built web UI, served at `/`. */
    staticDir?: string;
  };
  logger: Logger;
  version: string;
  clock?: () => number;
  /** Port overrides (0 = any free port); otherwise flag > env > config > 18789. */
  ports?: { gateway?: number };
  /** The inputs of settings resolution: the config as loaded, the environment, and CLI flags. */
  settings: { config: LoadedConfig; env: Env; flags?: GatewayFlags };
  /** Feature modules; default: modules/catalog.ts. */
  modules?: readonly FeatureModule[];
  /**
   * LAN announcement (mDNS `_openclaw-gw._tcp`), made only when the bind reaches beyond loopback.
   * Default: core/discovery; `false` never announces.
   */
  advertise?: Advertiser | false;
  /** Instance name in the announcement; default `Hearth on <hostname>`. */
  instanceName?: string;
  /** The gateway starter (tests inject a fake); default: gateway/index.ts, loaded lazily. */
  startGateway?: (opts: GatewayOptions) => Promise<RunningGateway>;
  /**
   * Reload hearth.json when it changes (default true); `core.reloadConfig()` (SIGHUP) works even
   * when false. `restartHint` says how to restart this host's gateway (default: from HEARTH_SERVICE).
   */
  configReload?: { watch?: boolean; restartHint?: string; debounceMs?: number };
}

export interface Core {
  /** The resolved settings (where the port and secret came from, bind, public URL). */
  readonly settings: GatewaySettings;
  readonly options: GatewayOptions;
  readonly gateway: RunningGateway;
  /** True when the gateway listens only on this machine. */
  readonly loopbackOnly: boolean;
  /** Reads hearth.json again and applies what can change live (SIGHUP); never throws. */
  reloadConfig(trigger?: 'SIGHUP' | 'request'): ReloadOutcome;
  /** Stops the advertisement, then the gateway (modules, sockets, store, lock). Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** Settings → options, with the bind safety check; throws HearthError naming the fix. Starts nothing. */
export function resolveCoreOptions(runtime: CoreRuntime): { settings: GatewaySettings; options: GatewayOptions } {
  const { config, env, flags } = runtime.settings;
  const settings = resolveGatewaySettings(flags ?? {}, env, config, defaultConfig());
  if (runtime.ports?.gateway !== undefined) {
    settings.port = runtime.ports.gateway;
    settings.portSource = 'host';
  }
  assertSafeBind(settings);
  const host: Parameters<typeof gatewayOptions>[1] = { stateDir: runtime.paths.stateDir, logger: runtime.logger, version: runtime.version };
  if (runtime.paths.staticDir) host.staticDir = runtime.paths.staticDir;
  if (runtime.clock) host.clock = runtime.clock;
  const options = gatewayOptions(settings, host);
  if (runtime.modules) options.modules = runtime.modules;
  return { settings, options };
}

/** Maps errors a bare listen can throw to one actionable message. */
function startFailure(err: unknown, s: GatewaySettings): unknown {
  if (err instanceof HearthError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new HearthError(`port ${s.port} is already in use; stop the program holding it, or pass --port N`);
  if (code === 'EADDRNOTAVAIL') return new HearthError(`cannot listen on ${s.host ?? s.bind}: no such address on this machine; check --host/--bind`);
  if (code === 'EACCES') return new HearthError(`not allowed to listen on port ${s.port}; pick a port above 1024 with --port`);
  return err;
}

/** Resolves settings, starts the gateway and its announcement; returns the running core. */
export async function createCore(runtime: CoreRuntime): Promise<Core> {
  const { settings, options } = resolveCoreOptions(runtime);
  const loopbackOnly = isLoopbackBind(settings);
  // The gateway asks for the reload state (health, status); the reloader exists once it listens.
  const config: { reloader?: GatewayConfigReloader } = {};
  options.configStatus = () => config.reloader?.status();
  let gateway: RunningGateway;
  try {
    mkdirSync(runtime.paths.stateDir, { recursive: true, mode: 0o700 });
    const start = runtime.startGateway ?? (await import('./gateway/index.ts')).startGateway;
    gateway = await start(options);
  } catch (err) {
    throw startFailure(err, settings);
  }

  let advert: { stop(): Promise<void> } | undefined;
  if (!loopbackOnly && runtime.advertise !== false) {
    try {
      const advertise: Advertiser = runtime.advertise ?? (await loadDefaultAdvertiser(runtime.logger));
      advert = advertise({ name: runtime.instanceName ?? `Hearth on ${hostname()}`, port: gateway.port, version: runtime.version });
    } catch (err) {
      runtime.logger.warn('LAN announcement failed; nodes can still connect by address', { error: (err as Error).message });
    }
  }

  const { config: loaded, env, flags } = runtime.settings;
  const reloadOpts: GatewayReloaderOptions = {
    path: loaded.path, initial: loaded.config, running: { ...settings }, env, flags: flags ?? {}, gateway, log: runtime.logger,
    restartHint: runtime.configReload?.restartHint ?? (await import('./config-reload/restart-hint.ts')).gatewayRestartHint(env),
    watch: runtime.configReload?.watch !== false,
  };
  if (runtime.ports?.gateway !== undefined) reloadOpts.portOverride = runtime.ports.gateway;
  if (runtime.configReload?.debounceMs !== undefined) reloadOpts.debounceMs = runtime.configReload.debounceMs;
  if (runtime.clock) reloadOpts.clock = runtime.clock;
  // Loaded after listen, like the rest of the gateway, so start-up stays fast.
  const reloader = new (await import('./config-reload/gateway-reloader.ts')).GatewayConfigReloader(reloadOpts);
  config.reloader = reloader;

  let stopping: Promise<void> | undefined;
  return {
    settings, options, gateway, loopbackOnly,
    reloadConfig: (trigger = 'request') => reloader.reload(trigger),
    stop(reason = 'gateway stopping') {
      stopping ??= (async () => {
        reloader.close();
        await advert?.stop().catch(() => {});
        await gateway.close(reason);
      })();
      return stopping;
    },
  };
}

async function loadDefaultAdvertiser(logger: Logger): Promise<Advertiser> {
  const { advertiseGateway } = await import('./discovery/index.ts');
  return (o) => advertiseGateway({ ...o, logger });
}
