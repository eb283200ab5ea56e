/**
 * Scheme A detection: Tailscale (its LocalAPI on tailscaled's socket, else `tailscale status
 * --json`) and WireGuard (`wg show interfaces` / `wg show <if> dump`; userspace wireguard-go
 * links look like `tun`, so the link type says nothing). Every probe has a deadline and never
 * throws: a missing tool is simply "not present".
 */
import { execFile } from 'node:child_process';
import { http } from '../net/http-client.ts';
import { networkInterfaces } from 'node:os';

export const TAILSCALE_SOCKET = '/var/run/tailscale/tailscaled.sock';

// The shapes are the contract's (`hearth.net.status`, src-shared/protocol/contract/remote.ts).
export type { TailscaleInfo, TailscalePeer, WireguardInfo, WireguardInterface, WireguardPeer } from '../../../src-shared/protocol/contract/remote.ts';
import type { TailscaleInfo, TailscalePeer, WireguardInfo, WireguardInterface } from '../../../src-shared/protocol/contract/remote.ts';

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) resolve({ ok: false, stdout: String(stdout), error: (String(stderr).trim() || err.message).split('\n')[0]! });
      else resolve({ ok: true, stdout: String(stdout) });
    });
  });
}

function localApiStatus(socketPath: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/localapi/v0/status', headers: { host: 'local-tailscaled.sock' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`LocalAPI answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('LocalAPI timed out')));
    req.on('error', reject);
    req.end();
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads tailscale's `ipnstate.Status` document (LocalAPI and `status --json` return the same). */
export function parseTailscaleStatus(doc: unknown): Omit<TailscaleInfo, 'present' | 'source'> {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const self = (typeof d['Self'] === 'object' && d['Self'] !== null ? d['Self'] : {}) as Record<string, unknown>;
  const ips = Array.isArray(self['TailscaleIPs']) ? (self['TailscaleIPs'] as unknown[]).map(str).filter(Boolean) : [];
  const peerMap = (typeof d['Peer'] === 'object' && d['Peer'] !== null ? d['Peer'] : {}) as Record<string, unknown>;
  const peers: TailscalePeer[] = Object.values(peerMap).map((raw) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const curAddr = str(p['CurAddr']);
    const relay = str(p['Relay']);
    const hs = str(p['LastHandshake']);
    return {
      hostName: str(p['HostName']), dnsName: str(p['DNSName']).replace(/\.$/, ''),
      ips: Array.isArray(p['TailscaleIPs']) ? (p['TailscaleIPs'] as unknown[]).map(str).filter(Boolean) : [],
      online: p['Online'] === true,
      connection: curAddr ? 'direct' : relay && p['Online'] === true ? 'relay' : 'idle',
      curAddr, relay,
      lastHandshake: hs && !hs.startsWith('0001-01-01') ? hs : null,
      rxBytes: num(p['RxBytes']), txBytes: num(p['TxBytes']),
    };
  });
  const backendState = str(d['BackendState']);
  const out: Omit<TailscaleInfo, 'present' | 'source'> = { backendState, running: backendState === 'Running', peers };
  const hostName = str(self['HostName']);
  if (hostName) out.hostName = hostName;
  const dnsName = str(self['DNSName']).replace(/\.$/, '');
  if (dnsName) out.dnsName = dnsName;
  const suffix = str(d['MagicDNSSuffix']);
  if (suffix) out.magicDnsSuffix = suffix;
  const v4 = ips.find((ip) => ip.includes('.'));
  const v6 = ips.find((ip) => ip.includes(':'));
  if (v4) out.ipv4 = v4;
  if (v6) out.ipv6 = v6;
  return out;
}

export async function detectTailscale(opts: { socketPath?: string; cli?: string; timeoutMs?: number } = {}): Promise<TailscaleInfo> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  try {
    const doc = await localApiStatus(opts.socketPath ?? TAILSCALE_SOCKET, timeoutMs);
    return { present: true, source: 'localapi', ...parseTailscaleStatus(doc) };
  } catch {
    // No daemon socket (or no access): try the CLI, which may reach it through its own means.
  }
  const r = await run(opts.cli ?? 'tailscale', ['status', '--json'], timeoutMs);
  if (!r.ok && !r.stdout.trim().startsWith('{')) {
    const missing = /ENOENT|not found/i.test(r.error ?? '');
    return missing ? { present: false, peers: [] } : { present: true, peers: [], error: r.error ?? 'tailscale status failed' };
  }
  try {
    return { present: true, source: 'cli', ...parseTailscaleStatus(JSON.parse(r.stdout)) };
  } catch {
    return { present: true, peers: [], error: 'tailscale status --json printed something that is not JSON' };
  }
}

/** Parses `wg show <if> dump`: the interface line, then one line per peer (tab separated). */
export function parseWgDump(name: string, dump: string, addresses: string[]): WireguardInterface {
  const lines = dump.split('\n').filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').split('\t');
  const iface: WireguardInterface = {
    name, publicKey: head[1] ?? '', listenPort: head[2] && /^\d+$/.test(head[2]) ? Number(head[2]) : null, addresses, peers: [],
  };
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    const hs = Number(f[4]);
    iface.peers.push({
      publicKey: f[0] ?? '',
      endpoint: f[2] && f[2] !== '(none)' ? f[2] : null,
      allowedIps: f[3] && f[3] !== '(none)' ? f[3].split(',') : [],
      latestHandshakeMs: Number.isFinite(hs) && hs > 0 ? hs * 1000 : null,
      rxBytes: Number(f[5]) || 0,
      txBytes: Number(f[6]) || 0,
    });
  }
  return iface;
}

/** CIDRs of this machine's addresses on the interface `name`. */
function interfaceCidrs(name: string): string[] {
  return (networkInterfaces()[name] ?? []).map((a) => a.cidr).filter((c): c is string => typeof c === 'string');
}

export async function detectWireguard(opts: { wg?: string; timeoutMs?: number } = {}): Promise<WireguardInfo> {
  const wg = opts.wg ?? 'wg';
  const timeoutMs = opts.timeoutMs ?? 3000;
  const list = await run(wg, ['show', 'interfaces'], timeoutMs);
  if (!list.ok) {
    const missing = /ENOENT|not found/i.test(list.error ?? '');
    // Without root, wg cannot read the interfaces; say so instead of claiming there are none.
    return missing ? { present: false, interfaces: [] } : { present: true, interfaces: [], error: list.error ?? 'wg show failed' };
  }
  // Control sockets in /var/run/wireguard are shared across network namespaces: keep only
  // interfaces that exist in ours.
  const mine = new Set(Object.keys(networkInterfaces()));
  const names = list.stdout.split(/\s+/).filter((n) => n && mine.has(n));
  const interfaces: WireguardInterface[] = [];
  for (const name of names) {
    const dump = await run(wg, ['show', name, 'dump'], timeoutMs);
    if (dump.ok) interfaces.push(parseWgDump(name, dump.stdout, interfaceCidrs(name)));
  }
  return { present: interfaces.length > 0, interfaces };
}
