/**
 * The `health` core module: `health` (also pushed as the `health` event every refresh),
 * `status`, `channels.status` and `last-heartbeat` — the reads OpenClaw's CLI and Hearth's
 * `status` use, with the `hearth` block (nodes, pending pairing, modules, alerts, state disk).
 */
import { withContractSchemas } from '../modules/contract-methods.ts';
import type { FeatureModule } from '../modules/types.ts';
import type { MethodContext } from '../gateway/services.ts';
import { channelsStatus, healthPayload, statusPayload } from './payloads.ts';

export function healthModule(): FeatureModule {
  return {
    name: 'health',
    events: { health: { operators: 'any', nodes: true } },
    methods: withContractSchemas({
      health: { role: 'operator', scope: { anyOf: ['operator.read', 'operator.pairing'] }, handler: (_p: unknown, ctx: MethodContext) => healthPayload(ctx.gw) },
      status: { role: 'operator', scope: 'operator.read', handler: (p: unknown, ctx: MethodContext) => statusPayload({ ...ctx, params: p }) },
      'channels.status': { role: 'operator', scope: 'operator.read', handler: (_p: unknown, ctx: MethodContext) => channelsStatus(ctx) },
      'last-heartbeat': { role: 'operator', scope: 'operator.read', handler: () => null },
    }),
  };
}
