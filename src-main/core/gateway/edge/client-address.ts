/**
 * Who the client really is. Directly connected clients are their socket address. Behind a local
 * reverse proxy every client shares the proxy's address, so failures keyed by it would lock out
 * everyone; when the socket comes from an address listed in `gateway.trustedProxies`, the client
 * is the right-most address in `X-Forwarded-For` (or `Forwarded: for=`, `X-Real-IP`) that is not
 * itself a trusted proxy. Forwarding headers from anyone else are ignored: they are trivially forged.
 */
import { BlockList } from 'node:net';
import { ipFamily } from '../../net/ip-family.ts';

export class TrustedProxyError extends Error {}

/** Parses `gateway.trustedProxies` entries (addresses or CIDR ranges); throws naming the bad one. */
export function parseTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const e = raw.trim();
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const family = ipFamily(addr);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))) {
      throw new TrustedProxyError(`trusted proxy "${raw}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1); fix gateway.trustedProxies / --trusted-proxies`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

export function normalizeIp(ip: string): string {
  const v = ip.trim().toLowerCase();
  return v.startsWith('::ffff:') && ipFamily(v.slice(7)) === 4 ? v.slice(7) : v;
}

function isTrusted(list: BlockList, ip: string): boolean {
  const family = ipFamily(ip);
  if (family === 0) return false;
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** One element of `Forwarded: for=…` or `X-Forwarded-For`, without quotes, brackets and port. */
function cleanHop(raw: string): string | undefined {
  let v = raw.trim().replace(/^"|"$/g, '');
  if (v.startsWith('[')) v = v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : undefined);
  else if (ipFamily(v) === 0 && /^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  v = normalizeIp(v);
  return ipFamily(v) ? v : undefined;
}

function headerText(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

function forwardedChain(headers: Record<string, string | string[] | undefined>): string[] | undefined {
  const xff = headerText(headers['x-forwarded-for']);
  if (xff !== undefined) return xff.split(',');
  const fwd = headerText(headers['forwarded']);
  if (fwd !== undefined) {
    return fwd.split(',').map((part) => /(?:^|;)\s*for=([^;]+)/i.exec(part)?.[1] ?? '');
  }
  const real = headerText(headers['x-real-ip']);
  return real !== undefined ? [real] : undefined;
}

export interface ClientAddress {
  /** The address failures are counted against and logs show. */
  ip: string;
  /** The socket's peer (the proxy when there is one). */
  peer: string;
  /** True when a trusted proxy told us who the client is. */
  viaProxy: boolean;
}

export function resolveClientAddress(
  peerRaw: string | undefined, headers: Record<string, string | string[] | undefined>, trusted: BlockList | undefined,
): ClientAddress {
  const peer = normalizeIp(peerRaw ?? '');
  if (!trusted || !isTrusted(trusted, peer)) return { ip: peer, peer, viaProxy: false };
  const chain = forwardedChain(headers);
  if (!chain) return { ip: peer, peer, viaProxy: false };
  // Walk from the proxy backwards: each trusted hop vouches for the one before it.
  let last = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = cleanHop(chain[i]!);
    // Garbage where an address belongs: the hop that wrote it is the last one we can name.
    if (hop === undefined) return { ip: last, peer, viaProxy: last !== peer };
    if (!isTrusted(trusted, hop)) return { ip: hop, peer, viaProxy: true };
    last = hop;
  }
  return { ip: last, peer, viaProxy: last !== peer };
}

/** The key failures are counted under: the address, or its /64 for IPv6 (one host owns a /64). */
export function rateLimitKey(ip: string): string {
  if (ipFamily(ip) !== 6) return ip;
  const full = expandV6(ip);
  return full ? `${full.slice(0, 4).join(':')}::/64` : ip;
}

function expandV6(ip: string): string[] | undefined {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.some((x) => x.includes('.')) || h.some((x) => x.includes('.'))) return undefined;
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  const all = [...h, ...fill, ...t];
  return all.length === 8 ? all.map((x) => x.replace(/^0+(?=.)/, '')) : undefined;
}
