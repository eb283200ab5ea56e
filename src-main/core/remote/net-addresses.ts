/**
 * Every address the gateway can be reached at — loopback, LAN, tailnet, WireGuard, tunnel — with
 * the URL a phone (http) or node (ws) should use and whether the gateway's bind actually serves
 * it. The ordered list of URLs for setup codes (tailnet, tunnel/VPS, LAN; loopback last) comes
 * from here too.
 */
import { networkInterfaces } from 'node:os';
import { classifyPeerPath, type PeerPath } from '../net/peer-path.ts';
import type { TailscaleInfo, WireguardInfo } from './net-detect.ts';
import type { ReachableAddress } from '../../../src-shared/protocol/contract/remote.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

export type { ReachableAddress };

export interface TunnelRoute {
  host: string;
  phoneUrl: string;
  up: boolean;
  sshForwardCommand: string | null;
}

export interface AddressInput {
  bindHost: string;
  bindMode: string;
  port: number;
  tailscale?: TailscaleInfo | undefined;
  wireguard?: WireguardInfo | undefined;
  tunnel?: TunnelRoute | undefined;
  /** For tests; default os.networkInterfaces(). */
  interfaces?: ReturnType<typeof networkInterfaces>;
}

const ORDER: Record<PeerPath, number> = { tailnet: 0, wireguard: 1, tunnel: 2, lan: 3, internet: 4, loopback: 5 };

const hostPart = urlHost;

export function listAddresses(input: AddressInput): ReachableAddress[] {
  const ifaces = input.interfaces ?? networkInterfaces();
  const wgNames = new Set((input.wireguard?.interfaces ?? []).map((i) => i.name));
  const wgCidrs = (input.wireguard?.interfaces ?? []).flatMap((i) => i.addresses);
  const all = input.bindHost === '0.0.0.0' || input.bindHost === '::';
  const served = (addr: string) => all || addr === input.bindHost || (input.bindHost === '127.0.0.1' && addr === '127.0.0.1');
  const out: ReachableAddress[] = [];
  const add = (kind: PeerPath, address: string, via: string) => {
    const ok = served(address);
    const entry: ReachableAddress = {
      kind, address, via, url: `http://${hostPart(address)}:${input.port}`, wsUrl: `ws://${hostPart(address)}:${input.port}`, reachable: ok,
    };
    if (!ok) {
      entry.note = kind === 'tailnet'
        ? `the gateway listens on ${input.bindHost} only; restart it with --bind tailnet (or --bind lan) to serve this address`
        : `the gateway listens on ${input.bindHost} only; restart it with --bind lan or --bind custom --host ${address}`;
    }
    out.push(entry);
  };
  for (const [name, list] of Object.entries(ifaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && a.address.startsWith('fe80:')) continue; // link-local needs a zone; useless in a URL
      const kind: PeerPath = wgNames.has(name) ? 'wireguard' : classifyPeerPath(a.address, wgCidrs);
      add(kind, a.address, name);
    }
  }
  // MagicDNS name: what a phone on the tailnet should type.
  const ts = input.tailscale;
  if (ts?.running && ts.dnsName && ts.ipv4) {
    const ok = served(ts.ipv4);
    const entry: ReachableAddress = {
      kind: 'tailnet', address: ts.dnsName, via: 'tailscale', url: `http://${ts.dnsName}:${input.port}`, wsUrl: `ws://${ts.dnsName}:${input.port}`, reachable: ok,
    };
    if (!ok) entry.note = `the gateway listens on ${input.bindHost} only; restart it with --bind tailnet to serve the tailnet`;
    out.push(entry);
  }
  const t = input.tunnel;
  if (t) {
    const u = new URL(t.phoneUrl);
    const entry: ReachableAddress = {
      kind: 'tunnel', address: u.hostname.replace(/^\[|\]$/g, ''), via: t.host, url: t.phoneUrl, wsUrl: t.phoneUrl.replace(/^http/, 'ws'), reachable: t.up,
    };
    const notes: string[] = [];
    if (!t.up) notes.push('the tunnel is not up (`hearth tunnel status`)');
    if (t.sshForwardCommand) notes.push(`on the phone or laptop first run: ${t.sshForwardCommand}`);
    if (notes.length) entry.note = notes.join('; ');
    out.push(entry);
  }
  return out.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || Number(b.reachable) - Number(a.reachable));
}

/** Ordered, de-duplicated ws URLs for a setup code: tailnet, WireGuard, tunnel/VPS, LAN, then loopback. */
export function setupCodeUrls(addresses: readonly ReachableAddress[], publicUrl?: string): string[] {
  const urls: string[] = [];
  const push = (u: string) => { if (!urls.includes(u)) urls.push(u); };
  if (publicUrl) push(publicUrl);
  // The MagicDNS name survives address changes; prefer it over the raw tailnet IP.
  const sorted = [...addresses].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || Number(b.via === 'tailscale') - Number(a.via === 'tailscale'));
  for (const a of sorted) if (a.reachable && a.kind !== 'loopback' && a.kind !== 'internet' && !a.address.includes(':')) push(a.wsUrl);
  for (const a of sorted) if (a.reachable && a.kind === 'internet') push(a.wsUrl);
  for (const a of sorted) if (a.reachable && a.kind === 'loopback' && !a.address.includes(':')) push(a.wsUrl);
  return urls;
}
