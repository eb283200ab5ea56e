/** Wake-on-LAN from the gateway (`hearth.nodes.wake`). */
import { Type, type Static } from '@sinclair/typebox';
import { Open, Opt, Params, method } from './kit.ts';

export const WakeParamsSchema = Params({
  node: Type.String({ minLength: 1, maxLength: 200 }),
  broadcast: Opt(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}$' })),
  port: Opt(Type.Integer({ minimum: 1, maximum: 65535 })),
  mac: Opt(Type.String({ maxLength: 17 })),
});
export type WakeParams = Static<typeof WakeParamsSchema>;

export const WakeResultSchema = Open({
  nodeId: Type.String(),
  name: Type.String(),
  alreadyOnline: Type.Boolean(),
  sent: Type.Array(Open({ mac: Type.String(), address: Type.String(), port: Type.Number() })),
});
export type WakeResult = Static<typeof WakeResultSchema>;

export const wakeMethods = {
  'hearth.nodes.wake': method(WakeParamsSchema, WakeResultSchema),
};
