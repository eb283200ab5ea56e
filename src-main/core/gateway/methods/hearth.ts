/** Hearth's own methods, under the `hearth.` prefix (DESIGN.md): audit history and settings. */
import { Type } from '@sinclair/typebox';
import { invalidRequest } from '../../../../src-shared/protocol/errors.ts';
import { validate } from '../validate.ts';
import type { MethodContext, MethodSpec } from './types.ts';

const ListParams = Type.Object({ nodeId: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });
const SettingsSet = Type.Object({ autoApproveLocal: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const hearthMethods: Record<string, MethodSpec> = {
  'hearth.invocations.list': {
    role: 'operator', scope: 'operator.read',
    handler: (p: unknown, ctx: MethodContext) => {
      const params = (p ?? {}) as { nodeId?: string; limit?: number };
      const err = validate(ListParams, params);
      if (err) throw invalidRequest(`invalid hearth.invocations.list params: ${err}`);
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
      const err = validate(SettingsSet, p ?? {});
      if (err) throw invalidRequest(`invalid hearth.settings.set params: ${err}`);
      const s = (p ?? {}) as { autoApproveLocal?: boolean };
      if (s.autoApproveLocal !== undefined) ctx.gw.setAutoApproveLocal(s.autoApproveLocal);
      return { autoApproveLocal: ctx.gw.autoApproveLocal() };
    },
  },
};
