/** Hearth's own methods, under the `hearth.` prefix (DESIGN.md): audit history and settings. */
import type { MethodContext, MethodSpec } from './types.ts';

export const hearthMethods: Record<string, MethodSpec> = {
  'hearth.invocations.list': {
    role: 'operator', scope: 'operator.read',
    handler: (p: unknown, ctx: MethodContext) => {
      const params = (p ?? {}) as { nodeId?: string; limit?: number };
      const opts: { nodeId?: string; limit?: number } = {};
      if (params.nodeId) opts.nodeId = params.nodeId;
      if (params.limit) opts.limit = params.limit;
      return { items: ctx.gw.store.invocations.list(opts) };
    },
  },
  'hearth.settings.get': {
    role: 'operator', scope: 'operator.read',
    handler: (_p: unknown, ctx: MethodContext) => ({ autoApproveLocal: ctx.gw.autoApproveLocal() }),
  },
  'hearth.settings.set': {
    role: 'operator', scope: 'operator.admin',
    handler: (p: unknown, ctx: MethodContext) => {
      const s = (p ?? {}) as { autoApproveLocal?: boolean };
      if (s.autoApproveLocal !== undefined) ctx.gw.setAutoApproveLocal(s.autoApproveLocal);
      return { autoApproveLocal: ctx.gw.autoApproveLocal() };
    },
  },
};
