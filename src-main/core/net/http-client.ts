/**
 * `node:http` and `node:https` for the gateway's outbound requests (model servers, tailscaled's
 * LocalAPI), taken as CommonJS builtins. An ESM `import … from 'node:http'` evaluates every export
 * of the module, and its lazy `WebSocket`/`fetch`-family exports load Node's bundled undici: about
 * 17 MB resident and 20 ms in a process that never uses them. `node:https` also loads TLS, so it
 * is taken only when a request actually goes to an https URL. Lint forbids the ESM form in
 * src-main/core (eslint.config.js).
 */
import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';

export const http: typeof NodeHttp = process.getBuiltinModule('node:http');

let httpsModule: typeof NodeHttps | undefined;
/** `node:https`, loaded on first use. */
export function https(): typeof NodeHttps {
  return (httpsModule ??= process.getBuiltinModule('node:https'));
}
