/**
 * Launch at login on Linux: an XDG autostart entry (`$XDG_CONFIG_HOME/autostart/hearth.desktop`,
 * per the freedesktop Desktop Application Autostart spec). Electron's setLoginItemSettings only
 * covers macOS and Windows. Writing the file is pure text; enable/disable take the directory.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUTOSTART_FILE = 'hearth.desktop';
/** Argument the app sees when started at login: come up in the tray without a window. */
export const HIDDEN_ARG = '--hidden';

/** `$XDG_CONFIG_HOME/autostart`, falling back to `~/.config/autostart`. */
export function autostartDir(env: Record<string, string | undefined>, home: string): string {
  const base = env['XDG_CONFIG_HOME'] && env['XDG_CONFIG_HOME'].startsWith('/') ? env['XDG_CONFIG_HOME'] : join(home, '.config');
  return join(base, 'autostart');
}

/**
 * Quotes one Exec argument per the Desktop Entry spec: arguments with reserved characters are
 * double-quoted with `"`, `` ` ``, `$` and `\` backslash-escaped; `%` is doubled (field codes).
 */
export function quoteExecArg(arg: string): string {
  const escapedPercent = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escapedPercent) && escapedPercent !== '') return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The command to start this app: the AppImage file when running from one (its mount path changes every run). */
export function launchCommand(execPath: string, env: Record<string, string | undefined>, args: string[] = [HIDDEN_ARG]): string[] {
  return [env['APPIMAGE'] || execPath, ...args];
}

export interface DesktopEntryInput {
  name: string;
  command: string[];
  comment?: string;
  icon?: string;
}

/** Renders the .desktop file text. */
export function autostartDesktopEntry(i: DesktopEntryInput): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${oneLine(i.name)}`,
    `Comment=${oneLine(i.comment ?? `Start ${i.name} in the tray at login`)}`,
    `Exec=${i.command.map(quoteExecArg).join(' ')}`,
    ...(i.icon ? [`Icon=${oneLine(i.icon)}`] : []),
    'Terminal=false',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
    'Hidden=false',
  ];
  return lines.join('\n') + '\n';
}

/** Writes (or replaces) the autostart entry. */
export function enableXdgAutostart(dir: string, entry: DesktopEntryInput): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, AUTOSTART_FILE);
  writeFileSync(file, autostartDesktopEntry(entry), { mode: 0o644 });
  return file;
}

/** Removes the autostart entry if present. */
export function disableXdgAutostart(dir: string): void {
  rmSync(join(dir, AUTOSTART_FILE), { force: true });
}

/** True when an enabled Hearth entry exists (a `Hidden=true` entry means the user turned it off). */
export function isXdgAutostartEnabled(dir: string): boolean {
  const file = join(dir, AUTOSTART_FILE);
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  return !/^Hidden=true$/m.test(text) && !/^X-GNOME-Autostart-enabled=false$/m.test(text);
}
