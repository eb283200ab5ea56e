/** Shared plumbing of client commands: state dir, config loading and gateway settings from flags. */
import { existsSync } from 'node:fs';
import { ConfigError, readConfig } from '../core/config.ts';
import { liveLockOwner } from '../core/gateway/state-lock.ts';
import { defaultStateDir, stateFiles } from '../core/paths.ts';
import { CliError } from './cli-error.ts';
import { resolveClientSettings, type ClientFlags, type ClientSettings, type LoadedConfig } from './settings.ts';

export interface StateDirFlag {
  stateDir?: string;
}

/** `--state-dir`, else HEARTH_STATE_DIR, else the OS default. */
export function stateDirFrom(flags: StateDirFlag): string {
  return flags.stateDir ?? defaultStateDir();
}

/** Reads the state dir's config; a missing file gives `config: undefined`, a broken one a CliError. */
export function loadConfig(stateDir: string): LoadedConfig {
  const path = stateFiles(stateDir).config;
  if (!existsSync(path)) return { path, config: undefined };
  try {
    return { path, config: readConfig(path) };
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** URL and credentials for a client command from its flags, the environment and the config. */
export function clientSettingsFrom(flags: ClientFlags & StateDirFlag): ClientSettings {
  const dir = stateDirFrom(flags);
  const settings = resolveClientSettings(flags, process.env, loadConfig(dir));
  if (flags.url === undefined) {
    const owner = liveLockOwner(stateFiles(dir).gatewayLock);
    if (owner?.port !== undefined && String(owner.port) !== new URL(settings.url).port) settings.liveGatewayElsewhere = { pid: owner.pid, port: owner.port, ...(owner.host ? { host: owner.host } : {}) };
  }
  return settings;
}
