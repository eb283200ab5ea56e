/** `hearth net status`: every address the gateway is reachable at, with the URL to use, plus tailnet and WireGuard. */
import { ProtocolError } from '../../../src-shared/protocol/errors.ts';
import type { NetStatusView as NetStatus } from '../../../src-shared/protocol/contract/index.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';

const KIND: Record<string, string> = { loopback: 'loopback', lan: 'LAN', tailnet: 'tailnet', wireguard: 'WireGuard', tunnel: 'tunnel', internet: 'internet' };

export function netStatusLines(s: NetStatus, now = Date.now()): string[] {
  const lines = [`Gateway listens on ${s.bind.host}:${s.bind.port} (--bind ${s.bind.mode})`, ''];
  lines.push(...formatTable(
    ['PATH', 'ADDRESS', 'VIA', 'URL', 'SERVED'],
    s.addresses.map((a) => [KIND[a.kind] ?? a.kind, a.address, a.via, a.url, a.reachable ? 'yes' : 'no']),
  ));
  const notes = s.addresses.filter((a) => a.note).map((a) => `  ${a.url}: ${a.note}`);
  if (notes.length) lines.push('', 'Notes:', ...notes);
  const ts = s.tailscale;
  lines.push('', !ts.present ? 'Tailscale: not installed'
    : `Tailscale: ${ts.backendState ?? 'unknown'}${ts.dnsName ? `, ${ts.dnsName}` : ''}${ts.ipv4 ? ` ${ts.ipv4}` : ''}${ts.ipv6 ? ` ${ts.ipv6}` : ''}, ${ts.peers.filter((p) => p.online).length}/${ts.peers.length} peers online`);
  for (const p of ts.peers) lines.push(`  ${p.hostName || p.dnsName}: ${p.online ? p.connection === 'direct' ? `direct ${p.curAddr}` : p.connection === 'relay' ? `relayed (DERP ${p.relay})` : 'idle' : 'offline'}`);
  const wg = s.wireguard;
  lines.push(wg.interfaces.length === 0 ? `WireGuard: ${wg.error ? wg.error : 'no interfaces'}` : 'WireGuard:');
  for (const i of wg.interfaces) {
    lines.push(`  ${i.name} ${i.addresses.join(' ')}${i.listenPort ? ` port ${i.listenPort}` : ''}, ${i.peers.length} peer(s)`);
    for (const p of i.peers) {
      const hs = p.latestHandshakeMs ? `handshake ${Math.round((now - p.latestHandshakeMs) / 1000)} s ago` : 'no handshake yet';
      lines.push(`    ${p.publicKey.slice(0, 10)}… ${p.endpoint ?? '(no endpoint)'} ${p.allowedIps.join(',')} — ${hs}`);
    }
  }
  lines.push(s.tunnel ? `Tunnel: ${s.tunnel.state} — phone URL ${s.tunnel.phoneUrl}${s.tunnel.sshForwardCommand ? ` after \`${s.tunnel.sshForwardCommand}\`` : ''}` : 'Tunnel: not configured (`hearth tunnel set`)');
  lines.push('', `Setup codes offer, in order: ${s.urls.join(', ') || '(none)'}`);
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  return lines;
}

export async function netStatusCommand(flags: ClientCommandFlags): Promise<void> {
  const s = await withGateway(clientSettingsFrom(flags), ['operator.read'], async (conn) => {
    try {
      return await conn.call('hearth.net.status', {}, { timeoutMs: 20_000 });
    } catch (err) {
      if (err instanceof ProtocolError && /unknown method/i.test(err.message)) throw new CliError('this gateway has no remote-access module; update Hearth on the gateway machine and restart it');
      throw err;
    }
  });
  if (flags.json) return printJson(s);
  await out(...netStatusLines(s));
}
