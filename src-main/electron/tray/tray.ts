/**
 * The tray / menu-bar icon (thin Electron layer): icon from trayColor() and the menu bar's
 * appearance, tooltip, and a menu rebuilt from buildTrayMenu() whenever the state changes.
 */
import { Menu, Tray, nativeImage, nativeTheme } from 'electron';
import { join } from 'node:path';
import type { ShellState } from '../shell-state.ts';
import { trayColor, trayIconFile, trayTooltip } from './icon-state.ts';
import { buildTrayMenu, type TrayAction } from './menu-model.ts';
import { toMenuTemplate } from './menu-template.ts';

export class AppTray {
  private readonly tray: Tray;
  private readonly iconDir: string;
  private last: ShellState | undefined;
  private lastIcon = '';
  private lastMenu = '';
  private readonly onAction: (id: TrayAction) => void;

  constructor(iconDir: string, onAction: (id: TrayAction) => void) {
    this.iconDir = iconDir;
    this.onAction = onAction;
    this.tray = new Tray(nativeImage.createFromPath(join(iconDir, trayIconFile('grey', this.appearance()))));
    // A light menu bar needs the dark-outlined icon and vice versa.
    nativeTheme.on('updated', () => this.last && this.update(this.last));
    // Windows and Linux open the window on a left click; macOS shows the menu.
    if (process.platform !== 'darwin') this.tray.on('click', () => this.onAction('open-window'));
  }

  private appearance(): 'light' | 'dark' {
    return nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
  }

  /** Redraws icon, tooltip and menu for the state. */
  update(state: ShellState): void {
    this.last = state;
    const icon = trayIconFile(trayColor(state), this.appearance());
    if (icon !== this.lastIcon) {
      this.tray.setImage(nativeImage.createFromPath(join(this.iconDir, icon)));
      this.lastIcon = icon;
    }
    this.tray.setToolTip(trayTooltip(state));
    // Rebuilding an unchanged menu would close it under the user's pointer on some platforms.
    const model = buildTrayMenu(state);
    const key = JSON.stringify(model);
    if (key === this.lastMenu) return;
    this.lastMenu = key;
    this.tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model, this.onAction)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
