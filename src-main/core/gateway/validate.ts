/**
 * Params validation with ajv, compiled lazily per schema (so start-up does not pay for it), and
 * error messages in the real gateway's style: `at /client/id: must be equal to one of the allowed values`,
 * `at root: unexpected property 'bogus'`.
 */
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;
const compiled = new WeakMap<TSchema, ValidateFunction>();

function compile(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    ajv ??= new Ajv({ allErrors: false, strict: false });
    fn = ajv.compile(schema) as ValidateFunction;
    compiled.set(schema, fn);
  }
  return fn;
}

export function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'root' : e.instancePath;
  if (e.keyword === 'additionalProperties') {
    return `at ${where}: unexpected property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  }
  return `at ${where}: ${e.message ?? 'is invalid'}`;
}

/** Returns undefined when valid, else the formatted first error. */
export function validate(schema: TSchema, value: unknown): string | undefined {
  const fn = compile(schema);
  if (fn(value)) return undefined;
  const first = fn.errors?.[0];
  return first ? formatAjvError(first) : 'at root: is invalid';
}

/** Compiles the given schemas ahead of use (called after the gateway is listening). */
export function warmUp(schemas: TSchema[]): void {
  for (const s of schemas) compile(s);
}
