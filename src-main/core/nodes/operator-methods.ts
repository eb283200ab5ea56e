/** Operator methods over nodes: list, describe, rename, invoke (SPEC §9, §10.1). */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { cleanDisplayName } from '../../../src-shared/text/control-chars.ts';
import { clampTimeoutMs } from '../../../src-shared/protocol/timer-limits.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { MethodContext } from '../gateway/services.ts';

const ADMIN_INVOKE_COMMANDS = new Set(['browser.proxy', 'browser.proxy.upload.v1', 'fs.listDir', 'terminal.upload']);

function requireNode(ctx: MethodContext, nodeId: string) {
  const entry = ctx.gw.nodes.entry(nodeId);
  if (!entry) throw invalidRequest(`unknown node: ${nodeId} (see node.list)`);
  return entry;
}

export const nodeMethods = defineMethods({
  'node.list': {
    role: 'operator', scope: 'operator.read',
    handler: (_p, ctx) => ({ ts: ctx.gw.clock(), nodes: ctx.gw.nodes.list() }),
  },
  'node.describe': {
    role: 'operator', scope: 'operator.read',
    handler: (p, ctx) => ({ ...requireNode(ctx, p.nodeId), ts: ctx.gw.clock() }),
  },
  'node.rename': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      requireNode(ctx, p.nodeId);
      const displayName = cleanDisplayName(p.displayName);
      if (displayName === undefined) throw invalidRequest('invalid node.rename params: the name has no visible characters');
      if (ctx.gw.store.devices.get(p.nodeId)) ctx.gw.store.devices.rename(p.nodeId, displayName);
      const row = ctx.gw.store.surfaces.get(p.nodeId);
      if (row) ctx.gw.store.surfaces.put({ ...row, displayName });
      return { nodeId: p.nodeId, displayName };
    },
  },
  'node.invoke': {
    role: 'operator',
    scope: (params) => [ADMIN_INVOKE_COMMANDS.has((params as { command?: string }).command ?? '') ? 'operator.admin' : 'operator.write'],
    handler: (p, ctx) => {
      const req: Parameters<MethodContext['gw']['nodes']['invoke']>[0] = {
        nodeId: p.nodeId, command: p.command, params: p.params, idempotencyKey: p.idempotencyKey, principal: ctx.session.principal,
        requester: ctx.session,
      };
      // Validated as a positive integer by the schema; capped so the deadline timer cannot overflow.
      const timeoutMs = clampTimeoutMs(p.timeoutMs);
      if (timeoutMs !== undefined) req.timeoutMs = timeoutMs;
      if (p.stream === true) req.streamTo = ctx.session;
      if (p.stream === true && (p.streamEncoding === 'base64' || p.streamEncoding === 'binary')) req.streamEncoding = p.streamEncoding;
      if (req.streamEncoding === 'binary' && p.streamCompression === 'zstd') req.streamCompression = 'zstd';
      const limit = (p.params as { maxOutputBytes?: unknown } | undefined)?.maxOutputBytes;
      if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0) req.maxOutputBytes = limit;
      return ctx.gw.nodes.invoke(req);
    },
  },
});
