/**
 * The desktop's own pages (first-run wizard, node status, settings) are served from the
 * privileged `hearth://app/` scheme rather than file:// (one origin per app, module scripts
 * allowed, nothing else on disk reachable). Pure: which request maps to what.
 */

export const PAGE_SCHEME = 'hearth';
export const PAGE_HOST = 'app';
export const PAGE_ORIGIN = `${PAGE_SCHEME}://${PAGE_HOST}`;
export const PAGE_SCRIPT = 'desktop-page.js';

export type PageRequest = { kind: 'html' } | { kind: 'script' } | { kind: 'not-found' };

/** Maps a request URL on the scheme to the page, its script, or 404. */
export function resolvePageRequest(url: string): PageRequest {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'not-found' };
  }
  if (u.protocol !== `${PAGE_SCHEME}:` || u.host !== PAGE_HOST) return { kind: 'not-found' };
  if (u.pathname === '/' || u.pathname === '/desktop.html') return { kind: 'html' };
  if (u.pathname === `/${PAGE_SCRIPT}`) return { kind: 'script' };
  return { kind: 'not-found' };
}

/** URL of a desktop page route (`wizard`, `node`, `settings`). */
export function desktopPageUrl(route: string): string {
  return `${PAGE_ORIGIN}/desktop.html#/${route}`;
}

/** The HTML shell; the script renders everything through `window.hearth`. */
export function desktopPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hearth</title>
<style>
  :root { color-scheme: light dark; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; padding: 28px; max-width: 720px; }
  h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 17px; margin: 22px 0 8px; }
  .muted { opacity: .7; } .error { color: #d70015; } .ok { color: #248a3d; } .warn { color: #b25000; }
  .card { border: 1px solid #8884; border-radius: 10px; padding: 14px 16px; margin: 12px 0; }
  .row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 10px 0; }
  button { font: inherit; padding: 7px 14px; border-radius: 8px; border: 1px solid #8886; background: #8881; cursor: pointer; }
  button.primary { background: #ff7a00; border-color: #ff7a00; color: #fff; }
  input, select, textarea { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #8886; }
  input[type=text], textarea { min-width: 320px; } code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
  .qr svg { width: 220px; height: 220px; background: #fff; border-radius: 8px; }
  li { margin: 4px 0; } table { border-collapse: collapse; } td, th { padding: 4px 10px 4px 0; text-align: left; }
</style>
</head>
<body><main id="root"><p class="muted">Loading…</p></main><script type="module" src="${PAGE_SCRIPT}"></script></body>
</html>
`;
}
