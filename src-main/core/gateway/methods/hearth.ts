/** Hearth's own methods, under the `hearth.` prefix (DESIGN.md): audit history and settings. */
import type { MethodContext, MethodSpec } from './types.ts';
import { invocationsPage } from '../../store/invocations-page.ts';

export const hearthMethods: Record<string, MethodSpec> = {
  'hearth.invocations.list': {
    role: 'operator', scope: 'operator.read',
    handler: (p: unknown, ctx: MethodContext) => invocationsPage(ctx.gw.store.invocations, p),
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
