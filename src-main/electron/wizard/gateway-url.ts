/** Reading what a user types as a gateway address: forgiving in, one canonical ws(s):// URL out. */
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';

/**
 * Normalises `home-pc`, `home-pc:18789`, `http://home-pc:18789/` or `ws://…` to the gateway's
 * WebSocket origin (`ws://home-pc:18789`); http(s) map to ws(s). Returns undefined when it is not an address.
 */
export function normalizeGatewayUrl(input: string): string | undefined {
  let text = input.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `ws://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const scheme = url.protocol === 'http:' ? 'ws:' : url.protocol === 'https:' ? 'wss:' : url.protocol;
  if (scheme !== 'ws:' && scheme !== 'wss:') return undefined;
  if (!url.hostname || url.username || url.password) return undefined;
  // A bare host means the default Hearth port; a TLS address without a port is usually a
  // reverse proxy (tailscale serve) on 443, so it keeps the scheme's default.
  const port = url.port || (scheme === 'wss:' ? '' : String(DEFAULT_GATEWAY_PORT));
  return `${scheme}//${url.hostname}${port ? `:${port}` : ''}`;
}

/** The http(s) origin serving the web UI of a gateway given by its ws(s) URL. */
export function httpOriginOf(wsUrl: string): string {
  const u = new URL(wsUrl);
  const scheme = u.protocol === 'wss:' ? 'https:' : 'http:';
  return `${scheme}//${u.host}`;
}
