/** Node command-surface pairing: the pending list, approve, reject, remove (SPEC §7, §10.1). */
import { invalidRequest, missingScope } from '../../../src-shared/protocol/errors.ts';
import { hasScope } from '../gateway/session.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { MethodContext } from '../gateway/services.ts';

function requireNode(ctx: MethodContext, nodeId: string) {
  const entry = ctx.gw.nodes.entry(nodeId);
  if (!entry) throw invalidRequest(`unknown node: ${nodeId} (see node.list)`);
  return entry;
}

export const nodePairingMethods = defineMethods({
  'node.pair.list': {
    role: 'operator', scope: 'operator.pairing',
    handler: (_p, ctx) => ({
      pending: ctx.gw.store.requests.node.list(),
      paired: ctx.gw.nodes.list().filter((n) => n.approvalState === 'approved'),
    }),
  },
  'node.pair.approve': {
    role: 'operator',
    // The approver needs the scopes the surface calls for (admin when it includes system.run).
    scope: (params, ctx) => ctx.gw.store.requests.node.byId((params as { requestId?: string }).requestId ?? '')?.requiredApproveScopes ?? ['operator.pairing'],
    handler: (p, ctx) => {
      const r = ctx.gw.nodes.approveSurface(p.requestId);
      if (!r) throw invalidRequest('unknown requestId', { requestId: p.requestId, hint: 'see node.pair.list (`hearth nodes pending`)' });
      ctx.gw.log.info('node commands approved', { requestId: p.requestId, nodeId: r.node.nodeId, commands: r.node.commands, by: ctx.session.principal });
      return r;
    },
  },
  'node.pair.reject': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      const r = ctx.gw.nodes.rejectSurface(p.requestId);
      if (!r) throw invalidRequest('unknown requestId', { requestId: p.requestId, hint: 'see node.pair.list (`hearth nodes pending`)' });
      return r;
    },
  },
  'node.pair.remove': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      requireNode(ctx, p.nodeId);
      if (!hasScope(ctx.session.scopes, 'operator.admin') && ctx.gw.nodes.connected.get(p.nodeId)?.commands.includes('system.run')) {
        throw missingScope('operator.admin');
      }
      return { nodeId: p.nodeId, removed: ctx.gw.nodes.remove(p.nodeId) };
    },
  },
});
