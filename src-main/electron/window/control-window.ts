/**
 * The control window (thin Electron layer): one BrowserWindow, hardened by window-options.ts,
 * registered with the sender registry, its outgoing messages queued until the page loaded,
 * navigation and pop-ups locked to the allowed origins (external links open in the browser).
 */
import { BrowserWindow, shell } from 'electron';
import type { IpcEventMap } from '../../../src-shared/ipc/contract.ts';
import type { SenderRegistry } from '../ipc/sender-check.ts';
import { coalesceSnapshots, createWindowQueue, type QueuedMessage, type WindowQueue } from './message-queue.ts';
import { controlWindowOptions, needsNavigation, type WindowTarget } from './window-options.ts';

export interface ControlWindowDeps {
  preloadPath: string;
  platform: NodeJS.Platform;
  senders: SenderRegistry;
  /** Called after the window closed (Dock visibility, new setup code next time). */
  onClosed(): void;
  onOpened(): void;
}

/** Owns at most one control window at a time. */
export class ControlWindow {
  private win: BrowserWindow | undefined;
  private queue: WindowQueue<QueuedMessage> | undefined;
  private currentUrl = '';
  private readonly deps: ControlWindowDeps;

  constructor(deps: ControlWindowDeps) {
    this.deps = deps;
  }

  get isOpen(): boolean {
    return Boolean(this.win && !this.win.isDestroyed());
  }

  /** Shows the window at `target`, creating it or reloading it when the URL changed. */
  show(target: WindowTarget): void {
    if (this.win && !this.win.isDestroyed()) {
      this.deps.senders.setOrigins(this.win.webContents.id, target.allowedOrigins);
      // The page may have routed itself since we loaded it: compare with where it is now.
      if (needsNavigation(this.win.webContents.getURL() || this.currentUrl, target.url)) this.load(target.url);
      if (this.win.isMinimized()) this.win.restore();
      this.win.show();
      this.win.focus();
      return;
    }
    const win = new BrowserWindow(controlWindowOptions(this.deps.preloadPath, this.deps.platform));
    this.win = win;
    const wc = win.webContents;
    const id = wc.id;
    this.deps.senders.register(id, target.allowedOrigins);
    const queue = createWindowQueue<QueuedMessage>((m) => {
      if (!wc.isDestroyed()) wc.send(m.channel, m.payload);
    }, { coalesceKey: coalesceSnapshots });
    this.queue = queue;
    wc.on('did-start-loading', () => queue.markLoading());
    wc.on('did-finish-load', () => queue.markReady());
    wc.on('render-process-gone', () => queue.markLoading());
    // Navigation stays on our origins; anything else opens in the user's browser.
    wc.on('will-navigate', (event, url) => {
      if (!this.deps.senders.mayNavigate(id, url)) {
        event.preventDefault();
        if (/^https?:/.test(url)) void shell.openExternal(url);
      }
    });
    wc.setWindowOpenHandler(({ url }) => {
      if (/^https?:/.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      this.deps.senders.unregister(id);
      queue.dispose();
      this.win = undefined;
      this.queue = undefined;
      this.currentUrl = '';
      this.deps.onClosed();
    });
    this.load(target.url);
    this.deps.onOpened();
  }

  private load(url: string): void {
    this.currentUrl = url;
    void this.win?.loadURL(url).catch(() => {
      /* did-fail-load shows Chromium's error page; the tray still works */
    });
  }

  /** Sends an event to the window (queued until it is ready). */
  send<E extends keyof IpcEventMap>(event: E, payload: IpcEventMap[E]): void {
    this.queue?.push({ channel: event, payload });
  }
}
