/** Methods a node calls (SPEC §8.1, §8.2, §8.4). */
import { byteLength } from '../../../src-shared/protocol/binary-frame.ts';
import { HEARTH_INTERFACES_EVENT } from '../../../src-shared/protocol/constants.ts';
import { ErrorCode, ProtocolError, invalidRequest } from '../../../src-shared/protocol/errors.ts';

/** Most characters one `node.invoke.progress` chunk may carry (SPEC §8.3). */
const MAX_PROGRESS_CHUNK_CHARS = 16_384;
import type { MethodParams } from '../../../src-shared/protocol/schemas.ts';
import { boundText, readNodePayload, sanitizeHostStats, sanitizeInterfaces } from '../gateway/nodes/node-input.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';

/** What is wrong with a binary progress call (its header params and body), if anything. */
function binaryProgressProblem(p: MethodParams<'node.invoke.progress'>, body: Uint8Array[] | undefined): string | undefined {
  if (body === undefined) return "encoding 'binary' needs the bytes as the body of a binary frame (docs/protocol.md)";
  if (p.encoding !== 'binary') return "a binary frame's params must say encoding 'binary'";
  if (p.chunk !== '') return 'chunk must be empty (the body holds the bytes)';
  if (p.sizes === undefined) return 'sizes (the byte size of each chunk in the body) is required';
  let total = 0;
  for (const n of p.sizes) total += n;
  const got = byteLength(body);
  if (total !== got) return `sizes add up to ${total} bytes but the body has ${got}`;
  return undefined;
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
    handler: (p: MethodParams<'node.invoke.progress'>, ctx: MethodContext) => {
      // ≤ 16384 characters like OpenClaw; UTF-16 length bounds the code points, so the exact
      // (slower) count is needed only past it.
      if (p.chunk.length > MAX_PROGRESS_CHUNK_CHARS && [...p.chunk].length > MAX_PROGRESS_CHUNK_CHARS) {
        throw invalidRequest(`invalid node.invoke.progress params: at /chunk: must NOT have more than ${MAX_PROGRESS_CHUNK_CHARS} characters`);
      }
      if (ctx.body === undefined && p.encoding !== 'binary') return ctx.gw.nodes.streams.progress(ctx.session, p);
      const problem = binaryProgressProblem(p, ctx.body);
      if (problem) throw invalidRequest(`invalid node.invoke.progress binary frame: ${problem}`);
      return ctx.gw.nodes.streams.progress(ctx.session, { ...p, bytes: ctx.body!, sizes: p.sizes! });
    },
  },
  'node.event': {
    role: 'node',
    handler: (p: MethodParams<'node.event'>, ctx: MethodContext) => {
      const event = boundText(p.event, 128);
      // Bounded like a result (node-input.ts); a bad event is answered, never stored or re-sent.
      const read = readNodePayload(p.payload, p.payloadJSON);
      if (!read.ok) return { ok: false, event, handled: false, reason: `invalid payload: ${read.problem}` };
      const payload = read.payload;
      if (p.event === 'node.host.stats') {
        const stats = sanitizeHostStats(payload);
        if (!stats) return { ok: false, event, handled: false, reason: 'invalid host stats' };
        ctx.gw.nodes.setHostStats(nodeId(ctx), stats);
        return { ok: true, event, handled: true, reason: 'updated' };
      }
      if (p.event === HEARTH_INTERFACES_EVENT) {
        const list = (payload as { interfaces?: unknown } | null)?.interfaces;
        if (!Array.isArray(list)) return { ok: false, event, handled: false, reason: 'invalid interfaces: expected {interfaces: [...]}' };
        ctx.gw.nodes.setInterfaces(nodeId(ctx), sanitizeInterfaces(list));
        const nodeTime = (payload as { nodeTimeMs?: unknown }).nodeTimeMs;
        if (typeof nodeTime === 'number' && Number.isFinite(nodeTime)) ctx.gw.nodes.setClockSkew(nodeId(ctx), Math.round(ctx.gw.clock() - nodeTime));
        return { ok: true, event, handled: true, reason: 'updated' };
      }
      if (p.event === 'exec.finished' || p.event === 'exec.started' || p.event === 'exec.denied') return { ok: true };
      return { ok: true, event, handled: false };
    },
  },
  'node.runnerInventory.update': {
    role: 'node',
    handler: (_p: unknown, ctx: MethodContext) => {
      if (ctx.gw.nodes.isSurfacePending(nodeId(ctx))) {
        throw new ProtocolError({
          code: ErrorCode.UNAVAILABLE, retryable: true,
          message: 'this node\'s new commands are waiting for approval; on the gateway machine run `hearth nodes approve --latest` (or `openclaw nodes approve <id>`)',
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
