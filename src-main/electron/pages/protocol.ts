/** Serves the desktop shell's page on `hearth://app/` (thin: routing is in page-routes.ts). */
import { net, protocol } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_CSP, PAGE_SCHEME, resolvePageRequest } from './page-routes.ts';

/** Must run before `app` is ready: makes the scheme standard and secure (module scripts, storage). */
export function registerPageScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: PAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Installs the handler; `rendererDir` is the renderer build (dist/renderer) holding desktop.html. */
export function handlePageScheme(rendererDir: string): void {
  protocol.handle(PAGE_SCHEME, async (request) => {
    const r = resolvePageRequest(request.url);
    if (r.kind === 'not-found') return new Response('not found', { status: 404 });
    const file = await net.fetch(pathToFileURL(join(rendererDir, r.path)).href).catch(() => undefined);
    if (!file?.ok) return new Response('not found', { status: 404 });
    return new Response(await file.arrayBuffer(), { headers: { 'content-type': r.contentType, 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' } });
  });
}
