/**
 * Method handlers typed by the contract (src-shared/protocol/contract/): the params a handler
 * gets and the result it must return come from the method's entry, so a handler returning the
 * wrong shape fails `tsc`. The params schema is the contract's and nowhere else: the gateway
 * checks params with the validators generated from it (gateway/validate.ts), so a MethodSpec
 * carries no schema of its own, and only `defineMethod(s)` can make one (the `contract` brand).
 *
 *   methods: defineMethods({
 *     'hearth.alerts.list': { role: 'operator', scope: 'operator.read', handler: (p, ctx) => … },
 *   })
 */
import type { MethodName, ParamsOf, ResultOf } from '../../../src-shared/protocol/contract/index.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';

/** A scope rule whose function form sees the params already checked against the contract. */
export type TypedScopeRule<M extends MethodName> = string | { anyOf: string[] } | ((params: ParamsOf<M>, ctx: MethodContext) => string[]);

export interface TypedMethod<M extends MethodName> {
  role: 'operator' | 'node';
  scope?: TypedScopeRule<M>;
  handler: (params: ParamsOf<M>, ctx: MethodContext) => ResultOf<M> | Promise<ResultOf<M>>;
}

/** One contract method as a MethodSpec. */
export function defineMethod<M extends MethodName>(name: M, spec: TypedMethod<M>): MethodSpec {
  // The casts are the one place where a typed handler becomes the dispatcher's untyped one: the
  // dispatcher validates params against `name`'s contract entry before calling it.
  const out = { role: spec.role, contract: name, handler: spec.handler as MethodSpec['handler'] } as MethodSpec;
  if (spec.scope !== undefined) out.scope = spec.scope as MethodSpec['scope'];
  return out;
}

/** A table of contract methods, each typed by its own entry; a name outside the contract fails `tsc`. */
export function defineMethods<T extends { [M in MethodName]?: TypedMethod<M> }>(table: T & { [K in Exclude<keyof T, MethodName>]: never }): Record<string, MethodSpec> {
  const out: Record<string, MethodSpec> = {};
  for (const [name, spec] of Object.entries(table) as [MethodName, TypedMethod<MethodName>][]) out[name] = defineMethod(name, spec);
  return out;
}
