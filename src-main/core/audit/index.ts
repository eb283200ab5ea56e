/**
 * The `audit` core module: the invocation history (`hearth.invocations.list`) and the
 * `hearth.invocation` event for every finished run (written by gateway/nodes/invoke-audit.ts).
 */
import { withContractSchemas } from '../modules/contract-methods.ts';
import type { FeatureModule } from '../modules/types.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';

const auditMethods: Record<string, MethodSpec> = {
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
};

export function auditModule(): FeatureModule {
  return {
    name: 'audit',
    events: { 'hearth.invocation': { operators: 'operator.read', nodes: false, ui: true } },
    methods: withContractSchemas(auditMethods),
  };
}
