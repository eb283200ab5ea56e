/**
 * `hearth nodes wake <node> [--broadcast ADDR] [--port 9] [--mac MAC] [--wait S]`: sends the
 * Wake-on-LAN packet (sent by the gateway, hearth.nodes.wake) to each LAN card the node last
 * reported (or the given MAC/broadcast), then waits for the node to reconnect and says how long it took.
 */
import type { NodeEntry } from '../../../src-shared/protocol/types.ts';
import { parseMac } from '../../core/ops/wake-on-lan.ts';
import { withGateway } from '../client.ts';
import { CliError } from '../cli-error.ts';
import { clientSettingsFrom } from '../common.ts';
import { out, printJson } from '../io.ts';
import type { ParamsOf } from '../../../src-shared/protocol/contract/index.ts';
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
  // The gateway sends the packet: it is the machine on the home LAN, wherever this CLI runs.
  const params: ParamsOf<'hearth.nodes.wake'> = { node: query, port };
  if (flags.broadcast) params.broadcast = flags.broadcast;
  if (flags.mac) params.mac = flags.mac;
  const r = await withGateway(settings, ['operator.write'], (conn) => conn.call('hearth.nodes.wake', params));
  const node = { nodeId: r.nodeId };
  const name = r.name;
  if (r.alreadyOnline) {
    if (flags.json) await printJson({ nodeId: r.nodeId, alreadyOnline: true });
    else await out(`${name} is already online; nothing to wake.`);
    return 0;
  }
  const targets = r.sent;
  const sentAt = Date.now();
  if (!flags.json) await out(`Sent the wake packet for ${name} from the gateway (${targets.map((t) => `${t.mac} → ${t.address}:${t.port}`).join(', ')}).`);
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
