/**
 * Reloads `hearth.json` into a running node agent (`hearth node run`): the exec policy
 * (`node.exec.*`) applies at once; the gateway address, the display name and the gateway secret
 * are part of the connection, so a change of those is named with the restart command. A broken
 * file keeps the running settings and logs one error with the line and the fix. Keys, never values.
 */
import { type ExecSecurity, type HearthConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { changedKeys } from './diff.ts';
import { readConfigForReload } from './read-config-text.ts';
import { watchFile, type FileWatch } from './watch-file.ts';

/** The parts of the agent's settings hearth.json feeds. */
export interface NodeFileSettings {
  url?: string;
  urls?: string[];
  displayName?: string;
  token?: string;
  password?: string;
  exec: { security: ExecSecurity; allowlist: string[] };
}

export interface NodeReloaderOptions {
  path: string;
  initial: HearthConfig | undefined;
  running: NodeFileSettings;
  /** The settings the agent would start with from this config (flags and env applied); may throw. */
  resolve(config: HearthConfig | undefined): NodeFileSettings;
  setExecPolicy(exec: { security: ExecSecurity; allowlist: string[] }): void;
  log: Logger;
  /** Where the user reads it (the terminal of `hearth node run`), besides the log. */
  say?: (line: string) => void;
  restartHint: string;
  watch?: boolean;
  debounceMs?: number;
}

export class NodeConfigReloader {
  private last: HearthConfig | undefined;
  private exec: NodeFileSettings['exec'];
  private readonly restart = new Set<string>();
  private error: string | undefined;
  private readonly watcher: FileWatch | undefined;
  private readonly opts: NodeReloaderOptions;

  constructor(opts: NodeReloaderOptions) {
    this.opts = opts;
    this.last = opts.initial;
    this.exec = { security: opts.running.exec.security, allowlist: [...opts.running.exec.allowlist] };
    if (opts.watch !== false) {
      this.watcher = watchFile(opts.path, () => this.reload('file'), {
        ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
        onError: (err) => this.tell('warn', `cannot watch ${opts.path} for changes (${err.message}); edits apply after SIGHUP or a restart`),
      });
    }
  }

  close(): void {
    this.watcher?.close();
  }

  private tell(level: 'info' | 'warn' | 'error', line: string): void {
    this.opts.log[level](line, { path: this.opts.path });
    // Errors already reach the terminal through the logger (`hearth node run` logs errors to stderr).
    if (level !== 'error') this.opts.say?.(line);
  }

  /** Reads the file again and applies the exec policy; never throws. */
  reload(trigger: 'file' | 'SIGHUP'): { ok: boolean; error?: string } {
    const { path } = this.opts;
    const read = readConfigForReload(path);
    let next: NodeFileSettings;
    try {
      if (!read.ok) throw new Error(read.error);
      next = this.opts.resolve(read.missing ? undefined : read.config);
    } catch (err) {
      const raw = (err as Error).message;
      const error = raw.startsWith(path) ? raw : `${path}: ${raw}`;
      if (error !== this.error) this.tell('error', `config not reloaded: ${error}; the node agent keeps its previous settings`);
      this.error = error;
      return { ok: false, error };
    }
    if (this.error) this.tell('info', `${path} is valid again; its settings are in force`);
    this.error = undefined;
    const fileChanged = changedKeys(this.last ?? {}, read.config);
    this.last = read.config;

    const execChanged = changedKeys({ node: { exec: this.exec } }, { node: { exec: next.exec } });
    if (execChanged.length) {
      this.opts.setExecPolicy(next.exec);
      this.exec = { security: next.exec.security, allowlist: [...next.exec.allowlist] };
      for (const key of execChanged) this.tell('info', `config reloaded: ${key} changed`);
    }

    // Part of the connection: compared with what the agent runs with, so an edit undone clears it.
    const r = this.opts.running;
    const restartNow = new Set<string>();
    if (next.url !== r.url || JSON.stringify(next.urls ?? []) !== JSON.stringify(r.urls ?? [])) {
      restartNow.add(fileChanged.includes('node.url') || !fileChanged.includes('gateway.port') ? 'node.url' : 'gateway.port');
    }
    if (next.displayName !== r.displayName) restartNow.add('node.displayName');
    if (next.token !== r.token) restartNow.add('gateway.auth.token');
    if (next.password !== r.password) restartNow.add('gateway.auth.password');
    for (const key of restartNow) {
      if (!this.restart.has(key)) this.tell('warn', `config reloaded: ${key} changed; restart the node agent to apply it (${this.opts.restartHint})`);
    }
    this.restart.clear();
    for (const k of restartNow) this.restart.add(k);
    if (fileChanged.length === 0 && trigger === 'SIGHUP') this.tell('info', `config reloaded: ${path} has no changes`);
    return { ok: true };
  }
}
