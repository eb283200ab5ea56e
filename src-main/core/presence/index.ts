/** The `presence` core module: who is connected (`system-presence` and the `presence` event). */
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule } from '../modules/types.ts';

export function presenceModule(): FeatureModule {
  return {
    name: 'presence',
    events: { presence: { operators: 'operator.read', nodes: false } },
    methods: defineMethods({
      'system-presence': { role: 'operator', scope: 'operator.read', handler: (_p, ctx) => ctx.gw.presence.list() },
    }),
  };
}
