/**
 * How Hearth's windows are built and what they load, decided without Electron: hardened
 * webPreferences, the page URL per role, which origins the window may show, and when the
 * macOS Dock icon is visible (a menu-bar app shows it only while a window is open).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { HostRole } from '../../../src-shared/ipc/contract.ts';
import { originOf } from '../ipc/sender-check.ts';
import { PAGE_ORIGIN, desktopPageUrl } from '../pages/page-routes.ts';
import { httpOriginOf } from '../wizard/gateway-url.ts';

/** Options of the control window: isolated, sandboxed, no Node in the page. */
export function controlWindowOptions(preloadPath: string, platform: NodeJS.Platform): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 420,
    minHeight: 560,
    show: false,
    title: 'Hearth',
    autoHideMenuBar: platform !== 'darwin',
    backgroundColor: '#111318',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export interface WindowTarget {
  /** URL to load. */
  url: string;
  /** Origins the window may show and accept IPC from. */
  allowedOrigins: string[];
}

export interface WindowTargetInput {
  role: HostRole | null;
  /** ws:// URL of the local gateway in the gateway role. */
  localGatewayUrl?: string;
  /** Operator setup code minted for this window. */
  setupCode?: string;
  /** Renderer hash route to open (`wizard`, `node`, `pair`, `settings`); ignored while a setup code is handed over. */
  page?: string;
}

/**
 * In the gateway role the window loads the web UI the local gateway serves (the same app the
 * phone opens) with a locally minted setup code as `#setup=` (the renderer consumes it, then
 * routes to `#/`; later pages arrive as `hearth:navigate` events), so nobody types a token.
 * Otherwise (first-run wizard, node role, desktop settings) it shows the desktop's own pages on
 * `hearth://app/`, which need no gateway connection (they talk to main over IPC only).
 */
export function controlWindowTarget(i: WindowTargetInput): WindowTarget {
  const desktopPage = i.page === 'wizard' || i.page === 'settings' || i.page === 'node' || i.role !== 'gateway' || !i.localGatewayUrl;
  if (!desktopPage && i.localGatewayUrl) {
    const origin = httpOriginOf(i.localGatewayUrl);
    const hash = i.setupCode ? `#setup=${encodeURIComponent(i.setupCode)}` : `#/${i.page ?? ''}`;
    return { url: `${origin}/${hash}`, allowedOrigins: [origin, PAGE_ORIGIN] };
  }
  const route = i.page ?? (i.role === 'node' ? 'node' : i.role === null ? 'wizard' : 'settings');
  return { url: desktopPageUrl(route), allowedOrigins: [PAGE_ORIGIN, ...(i.localGatewayUrl ? [httpOriginOf(i.localGatewayUrl)] : [])] };
}

/**
 * Whether an open window must navigate to show `target`. A different origin loads; a different
 * route on the same origin is a fragment change (Chromium keeps the document and its state);
 * a `#setup=` link to the origin the window already shows is skipped (it is signed in, and the
 * code would be wasted).
 */
export function needsNavigation(currentUrl: string, targetUrl: string): boolean {
  if (currentUrl === targetUrl) return false;
  const origin = (u: string) => originOf(u);
  if (origin(currentUrl) !== undefined && origin(currentUrl) === origin(targetUrl) && /#setup=/.test(targetUrl)) return false;
  return true;
}

/** On macOS the Dock icon shows only while a window is open; elsewhere there is no Dock. */
export function dockVisibility(platform: NodeJS.Platform, openWindows: number): 'show' | 'hide' | 'not-applicable' {
  if (platform !== 'darwin') return 'not-applicable';
  return openWindows > 0 ? 'show' : 'hide';
}
