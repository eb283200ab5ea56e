/**
 * Which IPC senders are ours: a message is accepted only from the main frame of a window this
 * app created, showing a page from an origin that window is allowed to load. Anything else
 * (a window we did not create, an iframe, a page that navigated away) is rejected.
 */

/** What the host extracts from an `IpcMainInvokeEvent`. */
export interface SenderInfo {
  webContentsId: number;
  /** URL of the frame that sent the message; undefined when the frame is gone. */
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Tracks the windows we created and the origins each may show. */
export interface SenderRegistry {
  register(webContentsId: number, allowedOrigins: string[]): void;
  /** Updates the origins (e.g. the local gateway moved to another port). */
  setOrigins(webContentsId: number, allowedOrigins: string[]): void;
  unregister(webContentsId: number): void;
  check(sender: SenderInfo): SenderVerdict;
  /** True when `url` is an origin the window may navigate to. */
  mayNavigate(webContentsId: number, url: string): boolean;
}

/**
 * Origin of a URL: http(s) origins, the app's own `hearth://app` pages, and `file://` pages
 * collapsed to one origin. Anything else (data:, javascript:, about:) has none.
 */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') return 'file://';
    // WHATWG URL gives non-special schemes an opaque "null" origin; build ours by hand.
    if (u.protocol === 'hearth:') return `hearth://${u.host}`;
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Creates an empty registry. */
export function createSenderRegistry(): SenderRegistry {
  const windows = new Map<number, Set<string>>();
  const normalise = (origins: string[]) => new Set(origins.map((o) => originOf(o) ?? o));
  const allowed = (id: number, url: string | undefined) => {
    const set = windows.get(id);
    const origin = url === undefined ? undefined : originOf(url);
    return Boolean(set && origin && set.has(origin));
  };
  return {
    register(id, origins) {
      windows.set(id, normalise(origins));
    },
    setOrigins(id, origins) {
      if (windows.has(id)) windows.set(id, normalise(origins));
    },
    unregister(id) {
      windows.delete(id);
    },
    check(s) {
      if (!windows.has(s.webContentsId)) return { ok: false, reason: `sender ${s.webContentsId} is not a window Hearth created` };
      if (!s.isMainFrame) return { ok: false, reason: 'messages from sub-frames are not accepted' };
      if (!allowed(s.webContentsId, s.frameUrl)) return { ok: false, reason: `sender page ${s.frameUrl ?? '(gone)'} is not an allowed origin` };
      return { ok: true };
    },
    mayNavigate(id, url) {
      return allowed(id, url);
    },
  };
}
