/** Operator methods over nodes: list, describe, rename, invoke, and command-surface pairing (SPEC §7, §10.1). */
import { invalidRequest, missingScope } from '../../../../src-shared/protocol/errors.ts';
import { clampTimeoutMs } from '../../../../src-shared/protocol/timer-limits.ts';
import type { MethodParams } from '../../../../src-shared/protocol/schemas.ts';
import { hasScope } from '../session.ts';
import type { MethodContext, MethodSpec } from './types.ts';

const ADMIN_INVOKE_COMMANDS = new Set(['browser.proxy', 'browser.proxy.upload.v1', 'fs.listDir', 'terminal.upload']);

function requireNode(ctx: MethodContext, nodeId: string) {
  const entry = ctx.gw.nodes.entry(nodeId);
  if (!entry) throw invalidRequest(`unknown node: ${nodeId} (see node.list)`);
  return entry;
}

export const nodeMethods: Record<string, MethodSpec> = {
  'node.list': {
    role: 'operator', scope: 'operator.read',
    handler: (_p: MethodParams<'node.list'>, ctx: MethodContext) => ({ ts: ctx.gw.clock(), nodes: ctx.gw.nodes.list() }),
  },
  'node.describe': {
    role: 'operator', scope: 'operator.read',
    handler: (p: MethodParams<'node.describe'>, ctx: MethodContext) => ({ ...requireNode(ctx, p.nodeId), ts: ctx.gw.clock() }),
  },
  'node.rename': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p: MethodParams<'node.rename'>, ctx: MethodContext) => {
      requireNode(ctx, p.nodeId);
      if (ctx.gw.store.devices.get(p.nodeId)) ctx.gw.store.devices.rename(p.nodeId, p.displayName);
      const row = ctx.gw.store.surfaces.get(p.nodeId);
      if (row) ctx.gw.store.surfaces.put({ ...row, displayName: p.displayName });
      return { nodeId: p.nodeId, displayName: p.displayName };
    },
  },
  'node.invoke': {
    role: 'operator',
    scope: (params) => [ADMIN_INVOKE_COMMANDS.has((params as { command?: string }).command ?? '') ? 'operator.admin' : 'operator.write'],
    handler: (p: MethodParams<'node.invoke'>, ctx: MethodContext) => {
      const req: Parameters<MethodContext['gw']['nodes']['invoke']>[0] = {
        nodeId: p.nodeId, command: p.command, params: p.params, idempotencyKey: p.idempotencyKey, principal: ctx.session.principal,
      };
      // Validated as a positive integer by the schema; capped so the deadline timer cannot overflow.
      const timeoutMs = clampTimeoutMs(p.timeoutMs);
      if (timeoutMs !== undefined) req.timeoutMs = timeoutMs;
      if (p.stream === true) req.streamTo = ctx.session;
      if (p.stream === true && p.streamEncoding === 'base64') req.streamEncoding = 'base64';
      const limit = (p.params as { maxOutputBytes?: unknown } | undefined)?.maxOutputBytes;
      if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0) req.maxOutputBytes = limit;
      return ctx.gw.nodes.invoke(req);
    },
  },
  'node.pair.list': {
    role: 'operator', scope: 'operator.pairing',
    handler: (_p: MethodParams<'node.pair.list'>, ctx: MethodContext) => ({
      pending: ctx.gw.store.requests.node.list(),
      paired: ctx.gw.nodes.list().filter((n) => n.approvalState === 'approved'),
    }),
  },
  'node.pair.approve': {
    role: 'operator',
    // The approver needs the scopes the surface calls for (admin when it includes system.run).
    scope: (params, ctx) => ctx.gw.store.requests.node.byId((params as { requestId?: string }).requestId ?? '')?.requiredApproveScopes ?? ['operator.pairing'],
    handler: (p: MethodParams<'node.pair.approve'>, ctx: MethodContext) => {
      const r = ctx.gw.nodes.approveSurface(p.requestId);
      if (!r) throw invalidRequest('unknown requestId', { requestId: p.requestId, hint: 'see node.pair.list (`hearth nodes pending`)' });
      ctx.gw.log.info('node command surface approved', { requestId: p.requestId, nodeId: r.node.nodeId, by: ctx.session.principal });
      return r;
    },
  },
  'node.pair.reject': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p: MethodParams<'node.pair.reject'>, ctx: MethodContext) => {
      const r = ctx.gw.nodes.rejectSurface(p.requestId);
      if (!r) throw invalidRequest('unknown requestId', { requestId: p.requestId, hint: 'see node.pair.list (`hearth nodes pending`)' });
      return r;
    },
  },
  'node.pair.remove': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p: MethodParams<'node.pair.remove'>, ctx: MethodContext) => {
      requireNode(ctx, p.nodeId);
      if (!hasScope(ctx.session.scopes, 'operator.admin') && ctx.gw.nodes.connected.get(p.nodeId)?.commands.includes('system.run')) {
        throw missingScope('operator.admin');
      }
      return { nodeId: p.nodeId, removed: ctx.gw.nodes.remove(p.nodeId) };
    },
  },
};
