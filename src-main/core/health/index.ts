/**
 * The `health` core module: `health` (also pushed as the `health` event every refresh),
 * `status`, `channels.status` and `last-heartbeat` — the reads OpenClaw's CLI and Hearth's
 * `status` use, with the `hearth` block (nodes, pending pairing, modules, alerts, state disk).
 */
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule } from '../modules/types.ts';
import { channelsStatus, healthPayload, statusPayload } from './payloads.ts';

export function healthModule(): FeatureModule {
  return {
    name: 'health',
    events: { health: { operators: 'any', nodes: true } },
    methods: defineMethods({
      health: { role: 'operator', scope: { anyOf: ['operator.read', 'operator.pairing'] }, handler: (_p, ctx) => healthPayload(ctx.gw) },
      status: { role: 'operator', scope: 'operator.read', handler: (p, ctx) => statusPayload({ ...ctx, params: p }) },
      'channels.status': { role: 'operator', scope: 'operator.read', handler: (_p, ctx) => channelsStatus(ctx) },
      'last-heartbeat': { role: 'operator', scope: 'operator.read', handler: () => null },
    }),
  };
}
