/**
 * The `audit` core module: the invocation history (`hearth.invocations.list`) and the
 * `hearth.invocation` event for every finished run (written by gateway/nodes/invoke-audit.ts).
 */
import type { FeatureModule } from '../modules/types.ts';
import { defineMethods } from '../modules/define-method.ts';
import { invocationsPage } from '../store/invocations-page.ts';

const auditMethods = defineMethods({
  'hearth.invocations.list': {
    role: 'operator', scope: 'operator.read',
    handler: (p, ctx) => invocationsPage(ctx.gw.store.invocations, p),
  },
});

export function auditModule(): FeatureModule {
  return {
    name: 'audit',
    events: { 'hearth.invocation': { operators: 'operator.read', nodes: false, ui: true } },
    methods: auditMethods,
  };
}
