/**
 * Method handlers typed by the contract (src-shared/protocol/contract/): the params a handler
 * gets and the result it must return come from the method's entry, so a handler returning the
 * wrong shape fails `tsc`; the entry's params schema becomes the MethodSpec's `schema`.
 *
 *   methods: defineMethods({
 *     'hearth.alerts.list': { role: 'operator', scope: 'operator.read', handler: (p, ctx) => … },
 *   })
 */
import { Methods, type MethodName, type ParamsOf, type ResultOf } from '../../../src-shared/protocol/contract/index.ts';
import type { MethodContext, MethodSpec, ScopeRule } from '../gateway/services.ts';

export interface TypedMethod<M extends MethodName> {
  role: 'operator' | 'node';
  scope?: ScopeRule;
  handler: (params: ParamsOf<M>, ctx: MethodContext) => ResultOf<M> | Promise<ResultOf<M>>;
}

/** One contract method as a MethodSpec (params schema from the contract). */
export function defineMethod<M extends MethodName>(name: M, spec: TypedMethod<M>): MethodSpec {
  const out: MethodSpec = { role: spec.role, schema: Methods[name].params, handler: spec.handler as MethodSpec['handler'] };
  if (spec.scope !== undefined) out.scope = spec.scope;
  return out;
}

/** A table of contract methods, each typed by its own entry. */
export function defineMethods<T extends { [M in MethodName]?: TypedMethod<M> }>(table: T & { [K in Exclude<keyof T, MethodName>]: never }): Record<string, MethodSpec> {
  const out: Record<string, MethodSpec> = {};
  for (const [name, spec] of Object.entries(table) as [MethodName, TypedMethod<MethodName>][]) out[name] = defineMethod(name, spec);
  return out;
}
