/**
 * Checks the address put into setup codes (`--public-url`, `gateway.publicUrl`): it must be a
 * gateway URL another machine can dial — a host, no credentials, no query or fragment, and not a
 * wildcard address.
 */
import { HearthError } from '../errors.ts';
import { normalizeGatewayUrl } from '../settings/sources.ts';

export function checkPublicUrl(raw: string, flag = '--public-url'): string {
  const url = normalizeGatewayUrl(raw);
  const u = new URL(url);
  const fix = `use the address a phone or node dials, e.g. ${flag} http://home-pc.tailnet.ts.net:18789 (tailnet) or http://vps.example.org:18789 (tunnel)`;
  if (u.username || u.password) throw new HearthError(`${flag} "${raw}" carries credentials; never put secrets in a URL that ends up in QR codes — ${fix}`);
  if (u.search || u.hash) throw new HearthError(`${flag} "${raw}" has a query or fragment; ${fix}`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new HearthError(`${flag} "${raw}" has no host; ${fix}`);
  if (host === '0.0.0.0' || host === '::') throw new HearthError(`${flag} "${raw}" is a wildcard address nobody can dial; ${fix}`);
  // A loopback public URL is legitimate: phones that reach the gateway through `ssh -N -L` open
  // their own 127.0.0.1. `hearth qr` warns when loopback is all a code carries.
  return url;
}
