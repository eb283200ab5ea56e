/**
 * Strict checking of a gateway address typed on the command line (`--url`). Config values go
 * through the lenient `normalizeGatewayUrl`; a flag is checked strictly because a typo there
 * otherwise surfaces as a misleading "no gateway at ws://typo" much later.
 */
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';
import { HearthError } from '../errors.ts';

const EXAMPLE = `ws://127.0.0.1:${DEFAULT_GATEWAY_PORT}`;

/** Returns the canonical `ws[s]://host[:port]` for `raw`, or throws a HearthError naming what is wrong. */
export function parseGatewayUrlFlag(raw: string, flag = '--url'): string {
  const text = raw.trim();
  if (text === '') throw new HearthError(`${flag} is empty; pass the gateway's address, e.g. ${flag} ${EXAMPLE}`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // `host:port` or a bare word: say which scheme is missing instead of guessing one.
    if (/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d+$/i.test(text)) {
      throw new HearthError(`${flag} "${raw}" has no scheme; write ${flag} ws://${text} (wss:// for a TLS address)`);
    }
    throw new HearthError(`${flag} "${raw}" is not a URL; a gateway address looks like ws://HOST:PORT, e.g. ${EXAMPLE}`);
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new HearthError(`${flag} "${raw}" is not a valid URL; a gateway address looks like ws://HOST:PORT, e.g. ${EXAMPLE}`);
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new HearthError(`${flag} "${raw}" uses ${u.protocol.slice(0, -1)}://; a gateway speaks ws:// (or wss:// over TLS), e.g. ${EXAMPLE}`);
  }
  if (u.hostname === '') throw new HearthError(`${flag} "${raw}" has no host; e.g. ${EXAMPLE}`);
  const root = `${u.protocol}//${u.host}`;
  if (u.username || u.password) throw new HearthError(`${flag} "${raw}" carries a user name or password; drop it and pass the secret with --token or --password`);
  if (u.port === '0') throw new HearthError(`${flag} "${raw}" has port 0; use the gateway's port (default ${DEFAULT_GATEWAY_PORT})`);
  if (u.pathname !== '/' && u.pathname !== '') {
    throw new HearthError(`${flag} "${raw}" has a path (${u.pathname}); a Hearth gateway answers at its root: use ${root}`);
  }
  if (u.search || u.hash) throw new HearthError(`${flag} "${raw}" has a query or fragment; use ${root}`);
  return root;
}
