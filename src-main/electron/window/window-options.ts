/**
 * How Hearth's windows are built and what they load, decided without Electron: hardened
 * webPreferences, the page URL per role, which origins the window may show, and when the
 * macOS Dock icon is visible (a menu-bar app shows it only while a window is open).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { pathToFileURL } from 'node:url';
import type { HostRole } from '../../../src-shared/ipc/contract.ts';
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
  /** dist/renderer/index.html */
  rendererIndex: string;
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
 * Otherwise (first-run wizard, node role) it loads the bundled renderer from disk at `#/<page>`.
 */
export function controlWindowTarget(i: WindowTargetInput): WindowTarget {
  const route = `#/${i.page ?? ''}`;
  if (i.role === 'gateway' && i.localGatewayUrl) {
    const origin = httpOriginOf(i.localGatewayUrl);
    const hash = i.setupCode ? `#setup=${encodeURIComponent(i.setupCode)}` : route;
    return { url: `${origin}/${hash}`, allowedOrigins: [origin, 'file://'] };
  }
  return { url: `${pathToFileURL(i.rendererIndex).href}${route}`, allowedOrigins: ['file://'] };
}

/** On macOS the Dock icon shows only while a window is open; elsewhere there is no Dock. */
export function dockVisibility(platform: NodeJS.Platform, openWindows: number): 'show' | 'hide' | 'not-applicable' {
  if (platform !== 'darwin') return 'not-applicable';
  return openWindows > 0 ? 'show' : 'hide';
}
