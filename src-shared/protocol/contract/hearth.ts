/** Hearth's own control-plane methods: audit history, settings, cancelling a streamed run. */
import { Type, type Static } from '@sinclair/typebox';
import { InvocationRecordSchema } from './domain.ts';
import { Empty, Open, Opt, Params, Str, method } from './kit.ts';

export const InvokeCancelResultSchema = Open({ ok: Type.Boolean(), cancelled: Type.Boolean(), invokeId: Opt(Type.String()) });
export type InvokeCancelResult = Static<typeof InvokeCancelResultSchema>;

const Settings = Open({ autoApproveLocal: Type.Boolean() });

export const hearthMethods = {
  'hearth.invocations.list': method(
    Params({
      nodeId: Opt(Type.String()),
      limit: Opt(Type.Integer({ minimum: 1, maximum: 500 })),
      /** The `nextBefore` of the previous page: runs older than it (newest first). */
      before: Opt(Str({ minLength: 1, maxLength: 240 })),
      /** Also the runs the gateway's own modules asked for (`requestedBy: module:…`, e.g. model probes); left out by default. */
      internal: Opt(Type.Boolean()),
    }),
    // `nextBefore` is there while older runs exist.
    Open({ items: Type.Array(InvocationRecordSchema), nextBefore: Opt(Type.String()) }),
  ),
  'hearth.settings.get': method(Empty, Settings),
  'hearth.settings.set': method(Params({ autoApproveLocal: Opt(Type.Boolean()) }), Settings),
  'hearth.invoke.cancel': method(
    Params({ invokeId: Opt(Str({ minLength: 1 })), idempotencyKey: Opt(Str({ minLength: 1 })) }),
    InvokeCancelResultSchema,
  ),
};
