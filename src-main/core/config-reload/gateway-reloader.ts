/**
 * Reloads `hearth.json` into a running gateway: on a change of the file (watch-file.ts) or on
 * SIGHUP. A broken file never stops the gateway: the previous settings stay, one error naming the
 * line and the fix is logged and raised as an alert, and `health`/`status` show it until the file
 * is fixed. What can change live is applied (RunningGateway.reconfigure); what cannot (port, bind)
 * is logged and shown as a warning until the gateway restarts. Logs name keys, never values.
 */
import { defaultConfig, type HearthConfig } from '../config.ts';
import { HearthError } from '../errors.ts';
import { TrustedProxyError, parseTrustedProxies } from '../gateway/edge/client-address.ts';
import type { ConfigStatusView, LiveGatewaySettings, RunningGateway } from '../gateway/options.ts';
import type { Logger } from '../logger.ts';
import { isLoopbackBind, resolveGatewaySettings, type GatewayFlags, type GatewaySettings } from '../settings/gateway-settings.ts';
import type { Env } from '../settings/sources.ts';
import { changedKeys } from './diff.ts';
import { lineOfKey, readConfigForReload } from './read-config-text.ts';
import { watchFile, type FileWatch } from './watch-file.ts';

export const CONFIG_ALERT_KEY = 'config.invalid';

/** Keys only a restart applies: the listening socket is bound once. */
const RESTART_KEYS = ['gateway.port', 'gateway.bind', 'gateway.customBindHost'] as const;

export interface GatewayReloaderOptions {
  path: string;
  /** The file as read at start (undefined: it did not exist, defaults were used). */
  initial: HearthConfig | undefined;
  /** What the gateway runs with now. */
  running: GatewaySettings;
  env: Env;
  flags: GatewayFlags;
  /** A host's port override (Electron, tests): the file's port never applies then. */
  portOverride?: number;
  gateway: Pick<RunningGateway, 'reconfigure' | 'alerts'>;
  log: Logger;
  /** How to restart this gateway (gatewayRestartHint). */
  restartHint: string;
  clock?: () => number;
  /** Watch the file (default true); SIGHUP and `reload()` work either way. */
  watch?: boolean;
  debounceMs?: number;
}

export interface ReloadOutcome {
  ok: boolean;
  error?: string;
  /** Keys applied live. */
  applied: string[];
  /** Keys waiting for a restart (all of them, not only this reload's). */
  restartRequired: string[];
}

function liveOf(s: GatewaySettings): LiveGatewaySettings {
  const l: LiveGatewaySettings = {
    auth: { ...s.auth }, autoApproveLocal: s.autoApproveLocal,
    allowedOrigins: [...s.allowedOrigins], allowedHosts: [...s.allowedHosts], trustedProxies: [...s.trustedProxies],
  };
  if (s.publicUrl !== undefined) l.publicUrl = s.publicUrl;
  return l;
}

/** The live settings laid out like hearth.json, so their diff uses the file's key names. */
function asConfigKeys(l: LiveGatewaySettings): Record<string, unknown> {
  return {
    gateway: {
      auth: { mode: l.auth.mode, token: l.auth.token, password: l.auth.password },
      autoApproveLocal: l.autoApproveLocal, allowedOrigins: l.allowedOrigins, allowedHosts: l.allowedHosts,
      trustedProxies: l.trustedProxies, publicUrl: l.publicUrl,
    },
  };
}

export class GatewayConfigReloader {
  private last: HearthConfig;
  private live: LiveGatewaySettings;
  private readonly running: GatewaySettings;
  private readonly opts: GatewayReloaderOptions;
  private readonly clock: () => number;
  private readonly restart = new Map<string, string>();
  private error: string | undefined;
  private loadedAtMs: number;
  private reloads = 0;
  private watcher: FileWatch | undefined;
  private watching = false;

  constructor(opts: GatewayReloaderOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? Date.now;
    this.last = opts.initial ?? defaultConfig();
    this.running = opts.running;
    this.live = liveOf(opts.running);
    this.loadedAtMs = this.clock();
    if (opts.watch !== false) {
      this.watcher = watchFile(opts.path, () => this.reload('file'), {
        ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
        onError: (err) => {
          this.watching = false;
          opts.log.warn(`cannot watch ${opts.path} for changes (${err.message}); edits apply after SIGHUP or a restart`);
        },
      });
      this.watching = true;
    }
  }

  status(): ConfigStatusView {
    const s: ConfigStatusView = {
      path: this.opts.path, watching: this.watching, loadedAtMs: this.loadedAtMs, reloads: this.reloads,
      restartRequired: [...this.restart].map(([key, message]) => ({ key, message })),
    };
    if (this.error) s.error = this.error;
    return s;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.watching = false;
  }

  /** Reads the file again and applies it; never throws. */
  reload(trigger: 'file' | 'SIGHUP' | 'request'): ReloadOutcome {
    try {
      return this.reloadOnce(trigger);
    } catch (err) {
      // A bug here must not take the gateway down: report it like a refused file.
      return this.refuse(`${this.opts.path}: reload failed (${(err as Error).message}); the previous settings stay`);
    }
  }

  private reloadOnce(trigger: 'file' | 'SIGHUP' | 'request'): ReloadOutcome {
    const { path, log } = this.opts;
    const read = readConfigForReload(path);
    if (!read.ok) return this.refuse(read.error);
    const text = read.text;
    const lineOf = (key: string) => {
      const n = lineOfKey(text, key);
      return n !== undefined ? `${path} line ${n}` : path;
    };

    let next: GatewaySettings;
    try {
      next = resolveGatewaySettings(this.opts.flags, this.opts.env, { path, config: read.missing ? undefined : read.config }, defaultConfig());
    } catch (err) {
      if (err instanceof HearthError) return this.refuse(err.message.startsWith(path) ? err.message : `${path}: ${err.message}`);
      throw err;
    }
    if (this.opts.portOverride !== undefined) next.port = this.opts.portOverride;
    try {
      if (next.trustedProxies.length) parseTrustedProxies(next.trustedProxies);
    } catch (err) {
      if (err instanceof TrustedProxyError) return this.refuse(`${lineOf('gateway.trustedProxies')}: ${err.message}`);
      throw err;
    }
    // The bind was judged safe with a secret; a reload must not take the secret away from it.
    if (!isLoopbackBind(this.running) && next.auth.mode === 'none') {
      return this.refuse(`${lineOf('gateway.auth')}: gateway.auth leaves this gateway without a token or password while it listens beyond loopback (${this.running.bind}); put the token back, or run \`hearth setup --force\``);
    }

    const fileChanged = changedKeys(this.last, read.config);
    const nextLive = liveOf(next);
    const effective = changedKeys(asConfigKeys(this.live), asConfigKeys(nextLive));
    // auth.mode/token/password travel together: apply them as one `gateway.auth` change.
    if (effective.length > 0) {
      if (!this.opts.gateway.reconfigure) return this.refuse(`${path}: this gateway cannot apply changes while it runs; restart it to apply them (${this.opts.restartHint})`);
      try {
        this.opts.gateway.reconfigure(nextLive, effective);
      } catch (err) {
        const key = effective[0]!;
        return this.refuse(`${lineOf(key)}: ${key} cannot be applied (${(err as Error).message}); the previous settings stay`);
      }
    }
    this.live = nextLive;
    this.last = read.config;
    this.loadedAtMs = this.clock();
    this.reloads++;
    if (this.error) {
      log.info(`${path} is valid again; its settings are in force`);
      this.error = undefined;
      this.opts.gateway.alerts?.clear(CONFIG_ALERT_KEY, 'resolved');
    }

    for (const key of effective) log.info(`config reloaded: ${key} changed`, { path, trigger });

    // Restart-only keys: compared with what the gateway runs with, so an edit undone clears it.
    const restartNow = new Map<string, string>();
    const differs: Record<(typeof RESTART_KEYS)[number], boolean> = {
      'gateway.port': next.port !== this.running.port,
      'gateway.bind': next.bind !== this.running.bind,
      'gateway.customBindHost': next.bind === 'custom' && next.host !== this.running.host,
    };
    for (const key of RESTART_KEYS) {
      if (!differs[key]) continue;
      const message = `config reloaded: ${key} changed; restart the gateway to apply it (${this.opts.restartHint})`;
      restartNow.set(key, message);
      if (!this.restart.has(key)) log.warn(message, { path, trigger });
    }
    for (const key of this.restart.keys()) {
      if (!restartNow.has(key)) log.info(`config reloaded: ${key} is back to the value the gateway runs with; no restart needed for it`, { path });
    }
    this.restart.clear();
    for (const [k, v] of restartNow) this.restart.set(k, v);

    // What changed in the file but was not applied: overridden at start, or not the gateway's.
    const overridden = fileChanged.filter((k) => k.startsWith('gateway.') && !RESTART_KEYS.includes(k as never) && !effective.some((e) => e === k || k.startsWith(`${e}.`) || e.startsWith(`${k}.`)));
    for (const key of overridden) {
      log.info(`config reloaded: ${key} changed in the file, but a command-line flag or environment variable given at start decides it; nothing to apply`, { path });
    }
    const others = fileChanged.filter((k) => !k.startsWith('gateway.'));
    if (others.length) log.debug('config reloaded: settings for other programs changed (the node agent reads node.*)', { keys: others });
    if (fileChanged.length === 0 && effective.length === 0 && trigger !== 'file') log.info(`config reloaded: ${path} has no changes`, { trigger });
    return { ok: true, applied: effective, restartRequired: [...this.restart.keys()] };
  }

  private refuse(error: string): ReloadOutcome {
    // One error per distinct problem: saving the same broken file twice does not repeat it.
    if (error !== this.error) {
      this.opts.log.error(`config not reloaded: ${error}`);
      this.opts.gateway.alerts?.raise({
        key: CONFIG_ALERT_KEY, source: 'config', severity: 'warning',
        message: `hearth.json was not reloaded: ${error}`, details: { path: this.opts.path },
      });
    }
    this.error = error;
    return { ok: false, error, applied: [], restartRequired: [...this.restart.keys()] };
  }
}
