/* global queueMicrotask */
// A recording stand-in for the `electron` module: just enough surface for src-main/electron/main.ts
// to start under Node, so the smoke test can check the startup order and the wiring. Not Electron.
import { EventEmitter } from 'node:events';

export const record = { calls: [], windows: [], trays: [], menus: [], ipc: new Map(), schemes: [], handlers: new Map() };
const log = (what) => record.calls.push(what);
let nextId = 1;

class AppStub extends EventEmitter {
  isPackaged = false;
  dock = undefined;
  requestSingleInstanceLock() { log('app.requestSingleInstanceLock'); return true; }
  whenReady() { log('app.whenReady'); return Promise.resolve(); }
  getVersion() { return '0.1.0'; }
  getPreferredSystemLanguages() { return ['en-US']; }
  getAppPath() { return process.cwd(); }
  setLoginItemSettings(s) { log(`app.setLoginItemSettings:${s.openAtLogin}`); }
  getLoginItemSettings() { return { openAtLogin: false, wasOpenedAtLogin: false }; }
  quit() {
    log('app.quit');
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) { log('app.exited'); this.emit('quit'); }
  }
  exit(code) { log(`app.exit:${code}`); }
}
export const app = new AppStub();
export const clipboard = { writeText: (t) => log(`clipboard:${t.length}`) };
export const protocol = {
  registerSchemesAsPrivileged: (s) => { record.schemes.push(...s.map((x) => x.scheme)); log('protocol.registerSchemesAsPrivileged'); },
  handle: (scheme, fn) => { record.handlers.set(scheme, fn); log(`protocol.handle:${scheme}`); },
};
export const net = { fetch: (url) => globalThis.fetch(url) };
export const ipcMain = {
  handle: (channel, fn) => { record.ipc.set(channel, fn); },
  removeHandler: (channel) => { record.ipc.delete(channel); },
};
export const shell = { openExternal: async (u) => log(`shell.openExternal:${u}`) };
export const nativeImage = { createFromPath: (p) => ({ path: p }) };
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });
export const Menu = { buildFromTemplate: (t) => { record.menus.push(t); return { template: t }; } };
export class Tray extends EventEmitter {
  constructor(image) { super(); this.image = image; record.trays.push(this); log('new Tray'); }
  setImage(i) { this.image = i; }
  setToolTip(t) { this.tooltip = t; }
  setContextMenu(m) { this.menu = m; }
  destroy() { log('tray.destroy'); }
}
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.urls = [];
    this.destroyed = false;
    const wc = Object.assign(new EventEmitter(), {
      id: nextId++,
      sent: [],
      isDestroyed: () => this.destroyed,
      send: (channel, payload) => wc.sent.push({ channel, payload }),
      setWindowOpenHandler: (h) => { wc.openHandler = h; },
      getURL: () => this.urls.at(-1) ?? '',
    });
    this.webContents = wc;
    record.windows.push(this);
    log('new BrowserWindow');
  }
  loadURL(url) {
    this.urls.push(url);
    log(`window.loadURL:${url.replace(/#setup=.*/, '#setup=<code>')}`);
    queueMicrotask(() => { this.webContents.emit('did-start-loading'); this.webContents.emit('did-finish-load'); this.emit('ready-to-show'); });
    return Promise.resolve();
  }
  show() {} focus() {} restore() {}
  isMinimized() { return false; }
  isDestroyed() { return this.destroyed; }
  close() { this.destroyed = true; this.emit('closed'); }
}
export default { app, clipboard, protocol, net, ipcMain, shell, nativeImage, nativeTheme, Menu, Tray, BrowserWindow };
