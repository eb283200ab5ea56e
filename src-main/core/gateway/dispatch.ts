/**
 * The dispatch rules every call goes through: role, params, scope, handler. The method table is
 * the module registry's (`gw.modules.methods`): the core modules' methods and every feature module's.
 */
import { ErrorCode, ProtocolError, invalidRequest, missingScope } from '../../../src-shared/protocol/errors.ts';
import { hasScope } from './session.ts';
import { hasGeneratedValidator, loadValidators, validateMethod, validatorsReady } from './validate.ts';
import type { MethodContext, MethodSpec } from './services.ts';

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
  // In-process callers (a chat channel) may come before the warm-up has loaded the validators.
  if (!validatorsReady()) await loadValidators();
  // Every registered method is in the contract (the registry refuses others), and its params are
  // checked by the validator compiled ahead of time from the contract's schema. A validator
  // missing means a stale generated file: refuse rather than pass unchecked params on.
  if (!hasGeneratedValidator(spec.contract)) {
    ctx.gw.log.error('no params validator for a registered method; regenerate with `node scripts/gen-validators.ts`', { method });
    throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: `${method} is unavailable: this gateway build has no params check for it (regenerate validators with \`node scripts/gen-validators.ts\`)` });
  }
  const err = validateMethod(spec.contract, p);
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
