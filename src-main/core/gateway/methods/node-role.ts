/** Methods a node calls (SPEC §8.1, §8.2, §8.4). */
import { ErrorCode, ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import type { MethodParams } from '../../../../src-shared/protocol/schemas.ts';
import type { HostStats } from '../../../../src-shared/protocol/types.ts';
import type { MethodContext, MethodSpec } from './types.ts';

function isHostStats(v: unknown): v is HostStats {
  const s = v as Record<string, unknown>;
  return typeof s === 'object' && s !== null && typeof s['cpuCount'] === 'number' && Array.isArray(s['loadAverage']) &&
    typeof s['memoryTotalBytes'] === 'number' && typeof s['memoryFreeBytes'] === 'number';
}

const nodeId = (ctx: MethodContext) => ctx.session.deviceId!;
const ack = (key: string) => (_p: unknown, ctx: MethodContext) => ({ nodeId: nodeId(ctx), [key]: [] });

export const nodeRoleMethods: Record<string, MethodSpec> = {
  'node.invoke.result': {
    role: 'node',
    handler: (p: MethodParams<'node.invoke.result'>, ctx: MethodContext) => {
      ctx.gw.nodes.handleResult(ctx.session, p);
      return { ok: true };
    },
  },
  'node.invoke.progress': {
    role: 'node',
    handler: (p: MethodParams<'node.invoke.progress'>, ctx: MethodContext) => ctx.gw.nodes.streams.progress(ctx.session, p),
  },
  'node.event': {
    role: 'node',
    handler: (p: MethodParams<'node.event'>, ctx: MethodContext) => {
      let payload: unknown = p.payload;
      if (p.payloadJSON !== undefined) {
        try {
          payload = JSON.parse(p.payloadJSON);
        } catch {
          return { ok: false, event: p.event, handled: false, reason: 'invalid payloadJSON' };
        }
      }
      if (p.event === 'node.host.stats') {
        if (!isHostStats(payload)) return { ok: false, event: p.event, handled: false, reason: 'invalid host stats' };
        ctx.gw.nodes.setHostStats(nodeId(ctx), payload);
        return { ok: true, event: p.event, handled: true, reason: 'updated' };
      }
      if (p.event === 'exec.finished' || p.event === 'exec.started' || p.event === 'exec.denied') return { ok: true };
      return { ok: true, event: p.event, handled: false };
    },
  },
  'node.runnerInventory.update': {
    role: 'node',
    handler: (_p: unknown, ctx: MethodContext) => {
      if (ctx.gw.nodes.isSurfacePending(nodeId(ctx))) {
        throw new ProtocolError({
          code: ErrorCode.UNAVAILABLE, retryable: true,
          message: 'node capability surface is awaiting operator approval; run `hearth nodes approve --latest` (or `openclaw nodes approve <id>`)',
        });
      }
      return { nodeId: nodeId(ctx) };
    },
  },
  'node.skills.update': { role: 'node', handler: ack('skills') },
  'node.pluginTools.update': { role: 'node', handler: ack('tools') },
  'node.pluginSurface.refresh': { role: 'node', handler: (_p: unknown, ctx: MethodContext) => ({ nodeId: nodeId(ctx) }) },
  'node.pending.pull': { role: 'node', handler: () => ({ items: [] }) },
  'node.pending.ack': { role: 'node', handler: () => ({ ok: true }) },
  'node.pending.drain': { role: 'node', handler: () => ({ ok: true, items: [] }) },
  'skills.bins': { role: 'node', handler: () => ({ bins: [] }) },
};
