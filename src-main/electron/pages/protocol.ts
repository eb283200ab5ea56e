/** Serves the desktop pages on `hearth://app/` (thin: routing is in page-routes.ts). */
import { net, protocol } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_SCHEME, PAGE_SCRIPT, desktopPageHtml, resolvePageRequest } from './page-routes.ts';

/** Must run before `app` is ready: makes the scheme standard and secure (module scripts, storage). */
export function registerPageScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: PAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Installs the handler; `pagesDir` holds the compiled desktop-page.js. */
export function handlePageScheme(pagesDir: string): void {
  protocol.handle(PAGE_SCHEME, async (request) => {
    const r = resolvePageRequest(request.url);
    if (r.kind === 'html') return new Response(desktopPageHtml(), { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (r.kind === 'script') {
      const file = await net.fetch(pathToFileURL(join(pagesDir, PAGE_SCRIPT)).href);
      return new Response(await file.text(), { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    }
    return new Response('not found', { status: 404 });
  });
}
