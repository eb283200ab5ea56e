/**
 * The desktop app's own settings (role, update channel, launch at login, paused node), behind
 * a small interface so the JSON file used today can become the SQLite settings table later.
 * Gateway and node options stay in the shared `hearth.json` config used by the CLI too.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UI_LANGUAGES, type UiLanguage } from '../../../src-shared/i18n/pick-language.ts';
import type { HostRole, UpdateChannel } from '../../../src-shared/ipc/contract.ts';

export interface DesktopSettings {
  version: 1;
  /** null until the first-run wizard completes. */
  role: HostRole | null;
  updateChannel: UpdateChannel;
  launchAtLogin: boolean;
  /** The user paused this machine's node from the tray; survives restarts. */
  nodePaused: boolean;
  /** The window's language (the tray menu follows it); null: the OS's preferred language. */
  language: UiLanguage | null;
  lastUpdateCheckAtMs?: number;
}

/** Where settings live; implemented by a JSON file now and by the store later. */
export interface SettingsStore {
  read(): DesktopSettings;
  write(s: DesktopSettings): void;
}

export function defaultDesktopSettings(): DesktopSettings {
  return { version: 1, role: null, updateChannel: 'stable', launchAtLogin: false, nodePaused: false, language: null };
}

/** Validates a parsed settings object; unknown or broken fields fall back to defaults (the file is ours, not the user's). */
export function parseDesktopSettings(raw: unknown): DesktopSettings {
  const s = defaultDesktopSettings();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return s;
  const r = raw as Record<string, unknown>;
  if (r['role'] === 'gateway' || r['role'] === 'node') s.role = r['role'];
  if (r['updateChannel'] === 'stable' || r['updateChannel'] === 'beta') s.updateChannel = r['updateChannel'];
  if (typeof r['launchAtLogin'] === 'boolean') s.launchAtLogin = r['launchAtLogin'];
  if (typeof r['nodePaused'] === 'boolean') s.nodePaused = r['nodePaused'];
  if (UI_LANGUAGES.includes(r['language'] as UiLanguage)) s.language = r['language'] as UiLanguage;
  if (typeof r['lastUpdateCheckAtMs'] === 'number' && Number.isFinite(r['lastUpdateCheckAtMs'])) s.lastUpdateCheckAtMs = r['lastUpdateCheckAtMs'];
  return s;
}

/** `desktop.json` in the state directory. */
export function desktopSettingsPath(stateDir: string): string {
  return join(stateDir, 'desktop.json');
}

/** A settings store backed by one JSON file, written atomically. */
export function jsonSettingsStore(path: string): SettingsStore {
  return {
    read() {
      if (!existsSync(path)) return defaultDesktopSettings();
      try {
        return parseDesktopSettings(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        return defaultDesktopSettings();
      }
    },
    write(s) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n', { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, path);
    },
  };
}

/** A store in memory (tests, and a fallback when the state dir is read-only). */
export function memorySettingsStore(initial: DesktopSettings = defaultDesktopSettings()): SettingsStore {
  let current = { ...initial };
  return { read: () => ({ ...current }), write: (s) => { current = { ...s }; } };
}
