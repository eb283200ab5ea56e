/**
 * The desktop shell's page (first-run wizard, node status, settings) is the React app's
 * `desktop.html` (src-renderer/desktop/), served from the privileged `hearth://app/` scheme
 * rather than file:// (one origin per app, module scripts allowed, nothing else on disk
 * reachable). Pure: which request maps to which file of the renderer build, with what headers.
 */

export const PAGE_SCHEME = 'hearth';
export const PAGE_HOST = 'app';
export const PAGE_ORIGIN = `${PAGE_SCHEME}://${PAGE_HOST}`;
/** The page's HTML file in the renderer build (dist/renderer). */
export const PAGE_FILE = 'desktop.html';

/** The page talks to main over IPC only: no network, no inline script. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'";

export type PageRequest = { kind: 'file'; path: string; contentType: string } | { kind: 'not-found' };

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml', png: 'image/png', woff2: 'font/woff2', json: 'application/json',
};

/** Maps a request URL on the scheme to a file of the renderer build (relative path), or 404. */
export function resolvePageRequest(url: string): PageRequest {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'not-found' };
  }
  if (u.protocol !== `${PAGE_SCHEME}:` || u.host !== PAGE_HOST) return { kind: 'not-found' };
  if (u.pathname === '/' || u.pathname === `/${PAGE_FILE}`) return { kind: 'file', path: PAGE_FILE, contentType: TYPES['html']! };
  // Built assets only: one path segment under /assets/, no dot-dot, no encoded separators.
  const m = /^\/assets\/([A-Za-z0-9_.-]+)$/.exec(u.pathname);
  if (!m || m[1]!.includes('..')) return { kind: 'not-found' };
  const type = TYPES[m[1]!.split('.').pop() ?? ''];
  return type ? { kind: 'file', path: `assets/${m[1]}`, contentType: type } : { kind: 'not-found' };
}

/** URL of a desktop page route (`wizard`, `node`, `settings`). */
export function desktopPageUrl(route: string): string {
  return `${PAGE_ORIGIN}/${PAGE_FILE}#/${route}`;
}
