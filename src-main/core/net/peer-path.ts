/**
 * What kind of network path a peer address came over — the "path indicator" of nodes and
 * operators: loopback, LAN, tailnet, WireGuard, tunnel or internet. Pure: the caller passes the
 * WireGuard subnets it knows of (remote/net-detect.ts finds them).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

import type { PeerPath } from '../../../src-shared/protocol/contract/remote.ts';

// The path names are the contract's (node.list `path`, hearth.net.peers, hearth.net.status).
export { PEER_PATHS, type PeerPath } from '../../../src-shared/protocol/contract/remote.ts';

const tailnet = new BlockList();
tailnet.addSubnet('100.64.0.0', 10, 'ipv4');
tailnet.addSubnet('fd7a:115c:a1e0::', 48, 'ipv6');

const privateNets = new BlockList();
for (const [net, bits] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const) privateNets.addSubnet(net, bits, 'ipv4');
privateNets.addSubnet('fc00::', 7, 'ipv6');
privateNets.addSubnet('fe80::', 10, 'ipv6');

function family(ip: string): 'ipv4' | 'ipv6' | undefined {
  return isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
}

/** A CIDR such as `10.66.0.1/24` as os.networkInterfaces() reports it. */
export type Cidr = string;

export function inCidr(ip: string, cidr: Cidr): boolean {
  const [net, bitsText] = cidr.split('/');
  const fam = family(ip);
  if (!net || !bitsText || !fam || family(net) !== fam) return false;
  const list = new BlockList();
  try {
    list.addSubnet(net, Number(bitsText), fam);
  } catch {
    return false;
  }
  return list.check(ip, fam);
}

export function isTailnetIp(ip: string): boolean {
  const fam = family(ip);
  return fam !== undefined && tailnet.check(ip, fam);
}

/** Classifies a peer: `tunnel:` addresses come from tunnel-ingress, everything else by address. */
export function classifyPeerPath(remoteIp: string, wireguardCidrs: readonly Cidr[] = []): PeerPath {
  if (remoteIp.startsWith('tunnel:')) return 'tunnel';
  // Sessions a module opens inside the gateway process (e.g. the Telegram bridge).
  if (remoteIp === 'in-process') return 'loopback';
  const ip = remoteIp.startsWith('::ffff:') ? remoteIp.slice(7) : remoteIp;
  const fam = family(ip);
  if (!fam) return 'internet';
  if (ip === '::1' || /^127\./.test(ip)) return 'loopback';
  // WireGuard first: a wg subnet may sit inside a private or even the CGNAT range.
  if (wireguardCidrs.some((c) => inCidr(ip, c))) return 'wireguard';
  if (tailnet.check(ip, fam)) return 'tailnet';
  if (privateNets.check(ip, fam)) return 'lan';
  return 'internet';
}
