/**
 * `node.event` (SPEC §8.4): what a node reports about itself. The node is untrusted input: the
 * payload is bounded (node-input.ts), then checked against its contract entry (NodeEventPayloads
 * in src-shared/protocol/contract/node-role.ts, with the validators generated from it) before
 * anything is stored or broadcast. A payload out of contract is answered `ok: false` with the
 * reason (`invalid node.host.stats payload: at /cpuCount: must be number`) and logged as dropped;
 * nothing of it is kept. Events the contract does not describe are acknowledged and ignored.
 */
import { HEARTH_INTERFACES_EVENT } from '../../../src-shared/protocol/constants.ts';
import type { NodeEventPayload, NodeEventParams, ResultOf } from '../../../src-shared/protocol/contract/index.ts';
import { boundText, readNodePayload } from '../gateway/nodes/node-input.ts';
import type { GatewayServices, MethodContext } from '../gateway/services.ts';
import { validateNodeEventPayload } from '../gateway/validate.ts';
import { NodeEventDrops } from './node-event-drops.ts';

type Answer = ResultOf<'node.event'>;

/** Events the real node host sends that the gateway only acknowledges, answered plain `{ok: true}` as OpenClaw does. */
const ACKNOWLEDGED = new Set(['exec.started', 'exec.finished', 'exec.denied']);
/** OpenClaw's presence reports: checked, then answered as not handled (Hearth's presence is the connection's). */
const PRESENCE = new Set(['node.presence.alive', 'node.presence.activity']);

const drops = new WeakMap<GatewayServices, NodeEventDrops>();
function dropsOf(gw: GatewayServices): NodeEventDrops {
  let d = drops.get(gw);
  if (!d) drops.set(gw, (d = new NodeEventDrops(gw.log, gw.clock)));
  return d;
}

function refuse(ctx: MethodContext, event: string, reason: string): Answer {
  dropsOf(ctx.gw).report(ctx.session.deviceId ?? '?', event, reason);
  return { ok: false, event, handled: false, reason };
}

export function handleNodeEvent(p: NodeEventParams, ctx: MethodContext): Answer {
  const nodeId = ctx.session.deviceId!;
  const event = boundText(p.event, 128);
  const read = readNodePayload(p.payload, p.payloadJSON);
  if (!read.ok) return refuse(ctx, event, `invalid payload: ${read.problem}`);
  const check = validateNodeEventPayload(p.event, read.payload);
  if (check.known && check.problem) return refuse(ctx, event, `invalid ${event} payload: ${check.problem}`);
  if (ACKNOWLEDGED.has(p.event)) return { ok: true };
  if (PRESENCE.has(p.event)) return { ok: true, event, handled: false };
  if (!check.known) return { ok: true, event, handled: false };
  if (p.event === 'node.host.stats') {
    const s = read.payload as NodeEventPayload<'node.host.stats'>;
    // Only the known fields are kept (the payload is open); three load averages, as every OS reports.
    ctx.gw.nodes.setHostStats(nodeId, {
      cpuCount: s.cpuCount, loadAverage: s.loadAverage.slice(0, 3), memoryTotalBytes: s.memoryTotalBytes, memoryFreeBytes: s.memoryFreeBytes,
      diskTotalBytes: s.diskTotalBytes, diskAvailableBytes: s.diskAvailableBytes,
    });
    return { ok: true, event, handled: true, reason: 'updated' };
  }
  if (p.event === HEARTH_INTERFACES_EVENT) {
    const r = read.payload as NodeEventPayload<typeof HEARTH_INTERFACES_EVENT>;
    ctx.gw.nodes.setInterfaces(nodeId, r.interfaces.map((i) => ({ name: i.name, mac: i.mac.toLowerCase(), address: i.address, netmask: i.netmask })));
    if (r.nodeTimeMs !== undefined) ctx.gw.nodes.setClockSkew(nodeId, Math.round(ctx.gw.clock() - r.nodeTimeMs));
    return { ok: true, event, handled: true, reason: 'updated' };
  }
  // An event with a payload contract but no handling here is a gateway bug, not the node's.
  return { ok: true, event, handled: false };
}
