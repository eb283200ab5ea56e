/**
 * The `wake` feature module: `hearth.nodes.wake` sends the Wake-on-LAN packet from the gateway
 * machine (the one that sits on the home LAN) to each LAN card an offline node last reported, so
 * the web UI and the Telegram bot can wake a sleeping laptop — a browser cannot send UDP.
 */
import { ProtocolError, ErrorCode, invalidRequest } from '../../../src-shared/protocol/errors.ts';
import type { NodeEntry } from '../../../src-shared/protocol/types.ts';
import type { WakeParams, WakeResult } from '../../../src-shared/protocol/contract/wake.ts';
import { resolveNode } from '../../../src-shared/client/resolve-node.ts';
import { HearthError } from '../../../src-shared/hearth-error.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule, ModuleContext } from '../modules/types.ts';
import { broadcastAddress, parseMac, sendMagicPacket } from './wake-on-lan.ts';

/** A node by id, id prefix, name or IP, resolved like every client resolves it; ambiguous and unknown names are refused. */
function pick(nodes: NodeEntry[], q: string): NodeEntry {
  try {
    return resolveNode(q, nodes);
  } catch (err) {
    if (err instanceof HearthError) throw invalidRequest(err.message);
    throw err;
  }
}

export async function wakeNode(ctx: Pick<ModuleContext, 'gw'>, p: WakeParams): Promise<WakeResult> {
  const node = pick(ctx.gw.nodes.list(), p.node);
  const name = node.displayName ?? node.nodeId.slice(0, 12);
  if (node.connected) return { nodeId: node.nodeId, name, alreadyOnline: true, sent: [] };
  const port = p.port ?? 9;
  if (p.mac) {
    try { parseMac(p.mac); } catch (err) { throw invalidRequest((err as Error).message); }
  }
  const known = node.interfaces ?? [];
  const targets = p.mac
    ? [{ mac: p.mac, address: p.broadcast ?? (known[0] ? broadcastAddress(known[0].address, known[0].netmask) : '255.255.255.255'), port }]
    : known.map((i) => ({ mac: i.mac, address: p.broadcast ?? broadcastAddress(i.address, i.netmask), port }));
  if (targets.length === 0) {
    throw invalidRequest(`${name} never reported a network card with a MAC address (it does while connected); give its MAC, and enable Wake-on-LAN in its firmware and OS`);
  }
  for (const t of targets) {
    try {
      await sendMagicPacket(t.mac, { address: t.address, port: t.port });
    } catch (err) {
      throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: `could not send the wake packet to ${t.address}:${t.port}: ${(err as Error).message}; give the LAN's broadcast address` });
    }
  }
  return { nodeId: node.nodeId, name, alreadyOnline: false, sent: targets };
}

export function wakeModule(): FeatureModule {
  let ctx: ModuleContext | undefined;
  return {
    name: 'wake',
    methods: defineMethods({
      'hearth.nodes.wake': {
        role: 'operator', scope: 'operator.write',
        handler: (p) => {
          if (!ctx) throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: 'the gateway is still starting' });
          return wakeNode(ctx, p);
        },
      },
    }),
    start(c) { ctx = c; },
  };
}
