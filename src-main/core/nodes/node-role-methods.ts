/** Methods a node calls (SPEC §8.1, §8.2, §8.4). */
import { byteLength, declaredBytes } from '../../../src-shared/protocol/binary-frame.ts';
import type { ParamsOf } from '../../../src-shared/protocol/contract/index.ts';
import { ErrorCode, ProtocolError, invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { COMMANDS_AWAITING_APPROVAL } from '../../../src-shared/protocol/surface-pending.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { MethodContext } from '../gateway/services.ts';
import { handleNodeEvent } from './node-event.ts';

/** Most characters one `node.invoke.progress` chunk may carry (SPEC §8.3). */
const MAX_PROGRESS_CHUNK_CHARS = 16_384;

/** What is wrong with a binary progress call (its header params and body), if anything. */
function binaryProgressProblem(p: ParamsOf<'node.invoke.progress'>, body: Uint8Array[] | undefined): string | undefined {
  if (body === undefined) return "encoding 'binary' needs the bytes as the body of a binary frame (docs/protocol.md)";
  if (p.encoding !== 'binary') return "a binary frame's params must say encoding 'binary'";
  if (p.chunk !== '') return 'chunk must be empty (the body holds the bytes)';
  if (p.sizes === undefined) return 'sizes (the byte size of each chunk in the body) is required';
  const total = declaredBytes(p.sizes);
  const got = byteLength(body);
  if (p.compression === 'zstd') {
    // Checked when decoded (invoke-streams.ts); here only that it is worth its name.
    if (got === 0 || got >= total) return `a zstd body must be smaller than the ${total} bytes of chunks it holds (it has ${got}); send them uncompressed`;
    return undefined;
  }
  if (total !== got) return `sizes add up to ${total} bytes but the body has ${got}`;
  return undefined;
}

const nodeId = (ctx: MethodContext) => ctx.session.deviceId!;

export const nodeRoleMethods = defineMethods({
  'node.invoke.result': {
    role: 'node',
    handler: (p, ctx) => {
      ctx.gw.nodes.handleResult(ctx.session, p);
      return { ok: true };
    },
  },
  'node.invoke.progress': {
    role: 'node',
    handler: (p, ctx) => {
      // ≤ 16384 characters like OpenClaw; UTF-16 length bounds the code points, so the exact
      // (slower) count is needed only past it.
      if (p.chunk.length > MAX_PROGRESS_CHUNK_CHARS && [...p.chunk].length > MAX_PROGRESS_CHUNK_CHARS) {
        throw invalidRequest(`invalid node.invoke.progress params: at /chunk: must NOT have more than ${MAX_PROGRESS_CHUNK_CHARS} characters`);
      }
      if (ctx.body === undefined && p.encoding !== 'binary') return ctx.gw.nodes.streams.progress(ctx.session, p);
      const problem = binaryProgressProblem(p, ctx.body);
      if (problem) throw invalidRequest(`invalid node.invoke.progress binary frame: ${problem}`);
      return ctx.gw.nodes.streams.progress(ctx.session, { ...p, bytes: ctx.body!, sizes: p.sizes!, ...(p.compression === 'zstd' ? { zstd: true } : {}) });
    },
  },
  'node.event': {
    role: 'node',
    handler: (p, ctx) => handleNodeEvent(p, ctx),
  },
  'node.runnerInventory.update': {
    role: 'node',
    handler: (_p, ctx) => {
      if (ctx.gw.nodes.isSurfacePending(nodeId(ctx))) {
        throw new ProtocolError({
          code: ErrorCode.UNAVAILABLE, retryable: true,
          message: COMMANDS_AWAITING_APPROVAL,
        });
      }
      return { nodeId: nodeId(ctx) };
    },
  },
  'node.skills.update': { role: 'node', handler: (_p, ctx) => ({ nodeId: nodeId(ctx), skills: [] }) },
  'node.pluginTools.update': { role: 'node', handler: (_p, ctx) => ({ nodeId: nodeId(ctx), tools: [] }) },
  'node.pluginSurface.refresh': { role: 'node', handler: (_p, ctx) => ({ nodeId: nodeId(ctx) }) },
  'node.pending.pull': { role: 'node', handler: () => ({ items: [] }) },
  'node.pending.ack': { role: 'node', handler: () => ({ ok: true }) },
  'node.pending.drain': { role: 'node', handler: () => ({ ok: true, items: [] }) },
  'skills.bins': { role: 'node', handler: () => ({ bins: [] }) },
});
