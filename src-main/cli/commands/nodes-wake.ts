/**
 * `hearth nodes wake <node> [--broadcast ADDR] [--port 9] [--mac MAC] [--wait S]`: sends the
 * Wake-on-LAN packet to each LAN interface the node last reported (or the given MAC/broadcast),
 * then waits for the node to reconnect and says how long it took.
 */
import type { NodeEntry } from '../../../src-shared/protocol/types.ts';
import { broadcastAddress, parseMac, sendMagicPacket } from '../../core/ops/wake-on-lan.ts';
import { withGateway } from '../client.ts';
import { CliError } from '../cli-error.ts';
import { clientSettingsFrom } from '../common.ts';
import { out, printJson } from '../io.ts';
import { resolveNode } from '../resolve-node.ts';
import { listNodes, type ClientCommandFlags } from './nodes.ts';

interface WakeFlags extends ClientCommandFlags { broadcast?: string; port?: string; mac?: string; wait?: string }

export async function nodesWakeCommand(query: string, flags: WakeFlags): Promise<number> {
  const settings = clientSettingsFrom(flags);
  const port = flags.port === undefined ? 9 : Number(flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port ${flags.port} is not a UDP port (1–65535); Wake-on-LAN uses 9 or 7`);
  const waitS = flags.wait === undefined ? 120 : Number(flags.wait);
  if (!Number.isFinite(waitS) || waitS < 0) throw new CliError(`--wait ${flags.wait} is not a number of seconds`);
  if (flags.mac) {
    try { parseMac(flags.mac); } catch (err) { throw new CliError((err as Error).message); }
  }
  const node = await withGateway(settings, ['operator.read'], async (conn) => resolveNode(query, (await listNodes(conn)).nodes));
  const name = node.displayName ?? node.nodeId.slice(0, 12);
  if (node.connected) {
    if (flags.json) await printJson({ nodeId: node.nodeId, alreadyOnline: true });
    else await out(`${name} is already online; nothing to wake.`);
    return 0;
  }
  const known = node.interfaces ?? [];
  const targets = flags.mac
    ? [{ mac: flags.mac, address: flags.broadcast ?? (known[0] ? broadcastAddress(known[0].address, known[0].netmask) : '255.255.255.255') }]
    : known.map((i) => ({ mac: i.mac, address: flags.broadcast ?? broadcastAddress(i.address, i.netmask) }));
  if (targets.length === 0) {
    throw new CliError(`${name} never reported a network card with a MAC address (it reports them while connected); pass --mac AA:BB:CC:DD:EE:FF, and enable Wake-on-LAN in its firmware and OS`);
  }
  for (const t of targets) {
    try {
      await sendMagicPacket(t.mac, { address: t.address, port });
    } catch (err) {
      throw new CliError(`could not send the wake packet to ${t.address}:${port}: ${(err as Error).message}; pass --broadcast with your LAN's broadcast address`);
    }
  }
  const sentAt = Date.now();
  if (!flags.json) await out(`Sent the wake packet for ${name} (${targets.map((t) => `${t.mac} → ${t.address}:${port}`).join(', ')}).`);
  if (waitS === 0) {
    if (flags.json) await printJson({ nodeId: node.nodeId, sent: targets, waited: false });
    return 0;
  }
  if (!flags.json) await out(`Waiting up to ${waitS} s for it to reconnect…`);
  const deadline = sentAt + waitS * 1000;
  let back: NodeEntry | undefined;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const nodes = await withGateway(settings, ['operator.read'], async (conn) => (await listNodes(conn)).nodes).catch(() => []);
    back = nodes.find((n) => n.nodeId === node.nodeId && n.connected);
    if (back) break;
  }
  const tookS = Math.round((Date.now() - sentAt) / 100) / 10;
  if (flags.json) {
    await printJson({ nodeId: node.nodeId, sent: targets, online: !!back, ...(back ? { tookS } : {}) });
    return back ? 0 : 1;
  }
  if (back) {
    await out(`${name} is back online after ${tookS} s.`);
    return 0;
  }
  await out(`${name} did not reconnect within ${waitS} s. Check that Wake-on-LAN is enabled in its firmware and network settings, that it is on the same LAN as this machine, and that \`hearth node install\` starts its node at boot.`);
  return 1;
}
