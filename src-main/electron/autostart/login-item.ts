/**
 * Launch at login (thin): macOS and Windows through Electron's login items, Linux through the
 * XDG autostart entry written by xdg-autostart.ts. Started at login, the app stays in the tray.
 */
import { app } from 'electron';
import { homedir } from 'node:os';
import { autostartDir, disableXdgAutostart, enableXdgAutostart, HIDDEN_ARG, isXdgAutostartEnabled, launchCommand } from './xdg-autostart.ts';

/** Turns launch at login on or off for this OS. */
export function setLaunchAtLogin(enabled: boolean): void {
  if (process.platform === 'linux') {
    const dir = autostartDir(process.env, homedir());
    if (enabled) enableXdgAutostart(dir, { name: 'Hearth', command: launchCommand(process.execPath, process.env), icon: 'hearth' });
    else disableXdgAutostart(dir);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
}

/** Whether launch at login is on, as the OS sees it. */
export function isLaunchAtLogin(): boolean {
  if (process.platform === 'linux') return isXdgAutostartEnabled(autostartDir(process.env, homedir()));
  return app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
}

/** True when this start should stay in the tray (started at login). */
export function startedHidden(argv: string[]): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
