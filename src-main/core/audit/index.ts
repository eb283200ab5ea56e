/**
 * The `audit` core module: the invocation history (`hearth.invocations.list`) and the
 * `hearth.invocation` event for every finished run (written by gateway/nodes/invoke-audit.ts).
 */
import { withContractSchemas } from '../modules/contract-methods.ts';
import type { FeatureModule } from '../modules/types.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';
import { invocationsPage } from '../store/invocations-page.ts';

const auditMethods: Record<string, MethodSpec> = {
  'hearth.invocations.list': {
    role: 'operator', scope: 'operator.read',
    handler: (p: unknown, ctx: MethodContext) => invocationsPage(ctx.gw.store.invocations, p),
  },
};

export function auditModule(): FeatureModule {
  return {
    name: 'audit',
    events: { 'hearth.invocation': { operators: 'operator.read', nodes: false, ui: true } },
    methods: withContractSchemas(auditMethods),
  };
}
