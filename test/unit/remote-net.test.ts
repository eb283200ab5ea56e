import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { classifyPeerPath } from '../../src-main/core/net/peer-path.ts';
import { listAddresses, setupCodeUrls } from '../../src-main/core/remote/net-addresses.ts';
import { parseTailscaleStatus, parseWgDump } from '../../src-main/core/remote/net-detect.ts';

test('peer path classification', () => {
  assert.equal(classifyPeerPath('127.0.0.1'), 'loopback');
  assert.equal(classifyPeerPath('::ffff:127.0.0.1'), 'loopback');
  assert.equal(classifyPeerPath('::1'), 'loopback');
  assert.equal(classifyPeerPath('192.168.1.20'), 'lan');
  assert.equal(classifyPeerPath('10.1.2.3'), 'lan');
  assert.equal(classifyPeerPath('100.101.102.103'), 'tailnet');
  assert.equal(classifyPeerPath('fd7a:115c:a1e0::1'), 'tailnet');
  assert.equal(classifyPeerPath('10.66.0.2', ['10.66.0.1/24']), 'wireguard');
  assert.equal(classifyPeerPath('tunnel:vps.example'), 'tunnel');
  assert.equal(classifyPeerPath('203.0.113.9'), 'internet');
  assert.equal(classifyPeerPath('garbage'), 'internet');
});

// The shape of tailscale's ipnstate.Status (ipn/ipnstate/ipnstate.go): BackendState, Self, Peer map, MagicDNSSuffix.
const status = {
  Version: '1.76.1', BackendState: 'Running', TailscaleIPs: ['100.64.0.5', 'fd7a:115c:a1e0::5'], MagicDNSSuffix: 'tail1234.ts.net',
  Self: { ID: 'n1', HostName: 'home-pc', DNSName: 'home-pc.tail1234.ts.net.', OS: 'linux', TailscaleIPs: ['100.64.0.5', 'fd7a:115c:a1e0::5'], Online: true, Relay: 'fra' },
  Peer: {
    'nodekey:aa': { HostName: 'phone', DNSName: 'phone.tail1234.ts.net.', TailscaleIPs: ['100.64.0.9'], CurAddr: '', Relay: 'fra', Online: true, RxBytes: 10, TxBytes: 20, LastHandshake: '2026-12-01T10:00:00Z' },
    'nodekey:bb': { HostName: 'laptop', DNSName: 'laptop.tail1234.ts.net.', TailscaleIPs: ['100.64.0.7'], CurAddr: '192.168.1.7:41641', Relay: 'fra', Online: true, LastHandshake: '0001-01-01T00:00:00Z' },
  },
};

test('tailscale status: self addresses, MagicDNS name, direct vs relayed peers', () => {
  const t = parseTailscaleStatus(status);
  assert.equal(t.running, true);
  assert.equal(t.ipv4, '100.64.0.5');
  assert.equal(t.ipv6, 'fd7a:115c:a1e0::5');
  assert.equal(t.dnsName, 'home-pc.tail1234.ts.net');
  const phone = t.peers.find((p) => p.hostName === 'phone')!;
  const laptop = t.peers.find((p) => p.hostName === 'laptop')!;
  assert.equal(phone.connection, 'relay');
  assert.equal(laptop.connection, 'direct');
  assert.equal(laptop.lastHandshake, null);
  assert.deepEqual(parseTailscaleStatus('junk').peers, []);
});

test('wg show dump: interface and peers', () => {
  const dump = 'cHJpdg==\tcHVi\t51820\toff\npeerkey\t(none)\t192.0.2.1:51820\t10.66.0.2/32\t1764583200\t1024\t2048\t25\n';
  const i = parseWgDump('wg0', dump, ['10.66.0.1/24']);
  assert.equal(i.listenPort, 51820);
  assert.equal(i.peers[0]!.endpoint, '192.0.2.1:51820');
  assert.equal(i.peers[0]!.latestHandshakeMs, 1764583200_000);
  assert.deepEqual(i.peers[0]!.allowedIps, ['10.66.0.2/32']);
});

const ifaces = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [{ address: '192.168.1.10', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: '192.168.1.10/24' }],
  tailscale0: [{ address: '100.64.0.5', netmask: '255.255.255.255', family: 'IPv4', mac: '', internal: false, cidr: '100.64.0.5/32' }],
} as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>;

test('addresses and setup-code order: tailnet, tunnel, LAN, loopback last; bind decides what is served', () => {
  const tailscale = { present: true, ...parseTailscaleStatus(status) };
  const all = listAddresses({ bindHost: '0.0.0.0', bindMode: 'lan', port: 18789, tailscale, interfaces: ifaces,
    tunnel: { host: 'vps.example', phoneUrl: 'http://vps.example:18789', up: true, sshForwardCommand: null } });
  assert.deepEqual(setupCodeUrls(all), ['ws://home-pc.tail1234.ts.net:18789', 'ws://100.64.0.5:18789', 'ws://vps.example:18789', 'ws://192.168.1.10:18789', 'ws://127.0.0.1:18789']);
  const loop = listAddresses({ bindHost: '127.0.0.1', bindMode: 'loopback', port: 18789, tailscale, interfaces: ifaces });
  assert.deepEqual(setupCodeUrls(loop), ['ws://127.0.0.1:18789']);
  assert.match(loop.find((a) => a.kind === 'tailnet')!.note!, /--bind tailnet/);
});
