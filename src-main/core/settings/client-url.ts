/**
 * Strict checking of a gateway address typed on the command line (`--url`). Config values go
 * through the lenient `normalizeGatewayUrl`; a flag is checked strictly because a typo there
 * otherwise surfaces as a misleading "no gateway at ws://typo" much later.
 */
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';
import { isIP } from 'node:net';
import { HearthError } from '../errors.ts';

const EXAMPLE = `ws://127.0.0.1:${DEFAULT_GATEWAY_PORT}`;

/** `host:port` split of a URL's authority as typed (brackets kept); undefined port when none. */
function splitAuthority(authority: string): { host: string; port: string | undefined } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  return m ? { host: m[1]!, port: m[2] } : { host: authority, port: undefined };
}

/** `ws://[fe80::1]:PORT` for an IPv6 literal typed without brackets (with or without a port). */
function bracketed(scheme: string, v6: string): string {
  const last = v6.lastIndexOf(':');
  const maybePort = v6.slice(last + 1);
  if (/^\d{1,5}$/.test(maybePort) && isIP(v6.slice(0, last)) === 6 && isIP(v6) !== 6) return `${scheme}://[${v6.slice(0, last)}]:${maybePort}`;
  return `${scheme}://[${v6}]:${DEFAULT_GATEWAY_PORT}`;
}

/** Returns the canonical `ws[s]://host[:port]` for `raw`, or throws a HearthError naming what is wrong. */
export function parseGatewayUrlFlag(raw: string, flag = '--url'): string {
  const text = raw.trim();
  if (text === '') throw new HearthError(`${flag} is empty; pass the gateway's address, e.g. ${flag} ${EXAMPLE}`);
  const schemeOnly = /^(wss?|https?):\/?(?!\/)(.*)$/i.exec(text);
  if (schemeOnly) {
    // `ws:/host:1` or `ws:host:1`: one slash short.
    const scheme = schemeOnly[1]!.toLowerCase();
    throw new HearthError(`${flag} "${raw}" needs two slashes after ${scheme}:; write ${flag} ${scheme}://${schemeOnly[2]!.replace(/^\/+/, '')}`);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // No scheme: say which part is missing instead of guessing one.
    if (!text.includes('[') && (text.match(/:/g) ?? []).length >= 2) {
      throw new HearthError(`${flag} "${raw}" is an IPv6 address without brackets and without a scheme; write ${flag} ${bracketed('ws', text)}`);
    }
    if (/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d+$/i.test(text)) {
      throw new HearthError(`${flag} "${raw}" has no scheme; write ${flag} ws://${text} (wss:// for a TLS address)`);
    }
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(text)) {
      throw new HearthError(`${flag} "${raw}" is not a URL (no ws:// and no port); if ${text} is the gateway's host, write ${flag} ws://${text}:${DEFAULT_GATEWAY_PORT}`);
    }
    throw new HearthError(`${flag} "${raw}" is not a URL; a gateway address looks like ws://HOST:PORT, e.g. ${EXAMPLE}`);
  }
  const scheme = text.slice(0, text.indexOf(':')).toLowerCase();
  const authority = text.slice(text.indexOf('://') + 3).split(/[/?#]/)[0]!;
  const credentialFree = authority.slice(authority.lastIndexOf('@') + 1);
  const wsScheme = scheme === 'https' || scheme === 'wss' ? 'wss' : 'ws';
  if (['ws', 'wss', 'http', 'https'].includes(scheme)) {
    if (credentialFree === '') throw new HearthError(`${flag} "${raw}" has no host; e.g. ${EXAMPLE}`);
    if (!credentialFree.startsWith('[') && (credentialFree.match(/:/g) ?? []).length >= 2) {
      throw new HearthError(`${flag} "${raw}" has an IPv6 address without brackets; write ${flag} ${bracketed(wsScheme, credentialFree)}`);
    }
    const { host, port } = splitAuthority(credentialFree);
    if (port !== undefined && port !== '') {
      if (!/^\d+$/.test(port)) throw new HearthError(`${flag} "${raw}" has port "${port}", which is not a number; e.g. ${wsScheme}://${host}:${DEFAULT_GATEWAY_PORT}`);
      if (Number(port) > 65535) throw new HearthError(`${flag} "${raw}" has port ${port}, out of range (1–65535); the gateway's default is ${DEFAULT_GATEWAY_PORT}: ${wsScheme}://${host}:${DEFAULT_GATEWAY_PORT}`);
    }
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
