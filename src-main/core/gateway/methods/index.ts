/** The method table and the dispatch rules every call goes through: role, scope, params, handler. */
import { ErrorCode, ProtocolError, invalidRequest, missingScope } from '../../../../src-shared/protocol/errors.ts';
import { hasScope } from '../session.ts';
import { validateWithSchema } from '../../modules/schema-validator.ts';
import { validateMethod } from '../validate.ts';
import { deviceMethods } from './devices.ts';
import { hearthMethods } from './hearth.ts';
import { invokeCancelMethods } from './invoke-cancel.ts';
import { PROGRESS_EVENT } from '../invoke-streams.ts';
import { nodeRoleMethods } from './node-role.ts';
import { nodeMethods } from './nodes.ts';
import { systemMethods } from './system.ts';
import type { MethodContext, MethodSpec } from './types.ts';

export const METHODS: Record<string, MethodSpec> = {
  ...systemMethods, ...nodeMethods, ...deviceMethods, ...nodeRoleMethods, ...hearthMethods, ...invokeCancelMethods,
};

export const EVENTS = [
  'connect.challenge', 'tick', 'health', 'presence', 'shutdown', 'node.pair.requested', 'node.pair.resolved', 'node.hostStats',
  'node.invoke.request', 'node.invoke.cancel', 'device.pair.requested', 'device.pair.resolved', 'hearth.invocation',
  PROGRESS_EVENT,
];

function requiredScopes(spec: MethodSpec, params: unknown, ctx: MethodContext): { all: string[] } | { anyOf: string[] } {
  const rule = spec.scope;
  if (rule === undefined) return { all: [] };
  if (typeof rule === 'string') return { all: [rule] };
  if (typeof rule === 'function') return { all: rule(params, ctx) };
  return rule;
}

/** Runs one request from an admitted session; throws ProtocolError for every refusal. */
export async function dispatch(method: string, params: unknown, ctx: MethodContext): Promise<unknown> {
  const table = ctx.gw.modules.methods;
  const spec = Object.hasOwn(table, method) ? table[method] : undefined;
  const role = ctx.session.role;
  if (!spec) {
    // Unknown methods default to admin (SPEC §10.5): without it the caller learns only that.
    if (role === 'operator' && !hasScope(ctx.session.scopes, 'operator.admin')) throw missingScope('operator.admin');
    throw invalidRequest(`unknown method: ${method}`);
  }
  if (spec.role !== role) throw invalidRequest(`unauthorized role: ${role}`);
  const p = params ?? {};
  const err = spec.schema ? validateWithSchema(spec.schema, p) : validateMethod(method, p);
  if (err) throw invalidRequest(`invalid ${method} params: ${err}`);
  if (role === 'operator') {
    const need = requiredScopes(spec, p, ctx);
    if ('anyOf' in need) {
      if (!need.anyOf.some((s) => hasScope(ctx.session.scopes, s))) throw missingScope(need.anyOf[0]!);
    } else {
      for (const s of need.all) if (!hasScope(ctx.session.scopes, s)) throw missingScope(s);
    }
  }
  try {
    return await (spec.handler as (p: unknown, c: MethodContext) => unknown)(p, ctx);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    ctx.gw.log.error('method failed', { method, error: (err as Error).stack ?? String(err) });
    throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: `${method} failed: ${(err as Error).message}` });
  }
}
