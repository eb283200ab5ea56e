/**
 * The contract every feature module of the gateway fulfils (tunnels, Telegram, models, storage,
 * alerts, operations, and the built-in control-plane features). A module registers what it adds —
 * methods, events, HTTP routes, settings, migrations, alert sources, node commands — and its
 * lifecycle; the {@link ModuleRegistry} refuses duplicate names and starts/stops modules in order.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { Audience } from '../gateway/broadcaster.ts';
import type { GatewayServices, MethodSpec } from '../gateway/services.ts';
import type { EventName } from '../../../src-shared/protocol/contract/index.ts';
import type { Alert, AlertInput } from '../../../src-shared/protocol/alerts.ts';
import type { AlertSourceSpec } from './alert-source-registry.ts';
import type { SettingSpec } from './settings-registry.ts';

export type { Alert, AlertInput, AlertSeverity } from '../../../src-shared/protocol/alerts.ts';
export type { AlertSourceSpec } from './alert-source-registry.ts';
export type { SettingSpec } from './settings-registry.ts';

/** Where modules raise and clear alerts (the alerts module implements it). */
export interface AlertSink {
  /** Raises (or refreshes) the alert with this key; raising an open key again does not re-notify. */
  raise(alert: AlertInput): void;
  /** Clears the open alert with this key, if any. */
  clear(key: string, reason?: string): void;
}

/** The bus notifiers (Telegram, tray) listen on. */
export interface AlertBus extends AlertSink {
  /** Open alerts, newest first. */
  open(): Alert[];
  /** Called on every raise, change and clear; returns an unsubscribe function. */
  subscribe(listener: (alert: Alert, change: 'raised' | 'updated' | 'cleared') => void): () => void;
}

/** One HTTP route a module serves on the gateway port (checked after Host validation). */
export interface HttpRoute {
  /** Exact path (`/v1/models`) or a prefix ending in `/` or `*` (`/ollama/*`). */
  path: string;
  /** Methods accepted; others get 405. Default GET and HEAD. */
  methods?: readonly string[];
  handler(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

/** What a module gets when it starts: the gateway's services and a few conveniences. */
export interface ModuleContext {
  gw: GatewayServices;
  /** Logger bound to the module's name. */
  log: Logger;
  /** The gateway's state directory (for files a module keeps beside the database). */
  stateDir: string;
  alerts: AlertBus;
  /**
   * The module's own settings (persisted in the settings table under `<module>.`). For a key the
   * module declared in `settings`, `get` falls back to the declared default, not `fallback`.
   */
  settings: {
    get<T>(key: string, fallback: T): T;
    set(key: string, value: unknown): void;
  };
  /**
   * Invokes a command on a connected node through the gateway's invoke routing (policy, audit
   * and timeouts included); resolves with the node's decoded payload or rejects with a ProtocolError.
   */
  invokeNode(nodeId: string, command: string, params: unknown, timeoutMs?: number, stream?: InvokeStreamOptions): Promise<unknown>;
  /**
   * Runs `task` once the gateway serves: right after its first hello-ok has gone out, or a second
   * after start-up when no client comes (never after `stop`; modules/serving-gate.ts). A module's
   * first probe of the world (network detection, model endpoint scans) goes here, so it never
   * stands between a starting gateway and its first client; until that probe has answered, the
   * module's health says `starting` rather than a state it has not checked.
   */
  whenServing(task: () => void): void;
}

/** Streaming and cancellation for {@link ModuleContext.invokeNode}. */
export interface InvokeStreamOptions {
  /** Pieces the node streams before its result (`node.invoke.progress`); awaited for backpressure. */
  onProgress?: (chunk: string, seq: number) => void | Promise<void>;
  /** Aborting cancels the run on the node. */
  signal?: AbortSignal;
}

/** Health a module contributes to `health` / `status --deep` (under `hearth.modules[name]`). */
export interface ModuleHealth {
  /** `ok`, `degraded` (warn), `down` (error), `disabled` (not configured) or `starting` (first check still running). */
  state: 'ok' | 'degraded' | 'down' | 'disabled' | 'starting';
  /** One line for `status`. */
  summary: string;
  /** Each line becomes a warning in `status --deep`. */
  warnings?: string[];
  [extra: string]: unknown;
}

export interface FeatureModule {
  /** Unique, lower-case, also the settings prefix and the migration namespace. */
  name: string;
  /**
   * The module's own schema steps, applied once each in order inside a transaction and tracked per
   * module (table `module_schema`), so modules never compete for the store's migration numbers.
   * Never edit a shipped step: append one.
   */
  migrations?: readonly string[];
  /**
   * Methods it adds, made with `defineMethods` (modules/define-method.ts): each must have a contract
   * entry (src-shared/protocol/contract/), whose params schema is the only one (registration refuses others).
   */
  methods?: Record<string, MethodSpec>;
  /** Events it broadcasts, with their audience; each must have its payload in the contract (a name outside it fails `tsc`). */
  events?: { [E in EventName]?: Audience };
  routes?: readonly HttpRoute[];
  /**
   * Its settings (stored as `<name>.<key>`, read through `ctx.settings`): shown and validated by
   * `hearth config list|get|set`; a key declared twice is refused.
   */
  settings?: readonly SettingSpec[];
  /** The alert keys it raises, by prefix (shown by `hearth alerts sources`); overlapping prefixes are refused. */
  alertSources?: readonly AlertSourceSpec[];
  /** Starts background work; may be async. A module that throws here is logged and left out. */
  start?(ctx: ModuleContext): void | Promise<void>;
  /** Stops timers, sockets and children; called in reverse start order. */
  stop?(): void | Promise<void>;
  health?(): ModuleHealth;
}
