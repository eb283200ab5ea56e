/** `hearth.invoke.cancel`: stop a run this connection started (Ctrl-C in the CLI, Cancel in the UI). */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { defineMethods } from '../modules/define-method.ts';

export const invokeCancelMethods = defineMethods({
  'hearth.invoke.cancel': {
    role: 'operator', scope: 'operator.write',
    handler: (p, ctx) => {
      if (p.invokeId === undefined && p.idempotencyKey === undefined) throw invalidRequest('invalid hearth.invoke.cancel params: give invokeId or idempotencyKey');
      const by: { invokeId?: string; idempotencyKey?: string } = {};
      if (p.invokeId !== undefined) by.invokeId = p.invokeId;
      if (p.idempotencyKey !== undefined) by.idempotencyKey = p.idempotencyKey;
      const invokeId = ctx.gw.nodes.cancelRun(ctx.session, by);
      // Finished already, or started by another connection: nothing to stop here.
      if (!invokeId) return { ok: true, cancelled: false };
      ctx.gw.log.info('run cancelled by its operator', { invokeId, by: ctx.session.principal });
      return { ok: true, cancelled: true, invokeId };
    },
  },
});
