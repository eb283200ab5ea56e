/** The `presence` core module: who is connected (`system-presence` and the `presence` event). */
import { withContractSchemas } from '../modules/contract-methods.ts';
import type { FeatureModule } from '../modules/types.ts';
import type { MethodContext } from '../gateway/services.ts';

export function presenceModule(): FeatureModule {
  return {
    name: 'presence',
    events: { presence: { operators: 'operator.read', nodes: false } },
    methods: withContractSchemas({
      'system-presence': { role: 'operator', scope: 'operator.read', handler: (_p: unknown, ctx: MethodContext) => ctx.gw.presence.list() },
    }),
  };
}
