/**
 * Params validation for module methods, whose schemas are not in the ahead-of-time generated set:
 * ajv is loaded and each schema compiled on the method's first call, so gateway start-up does not
 * pay for modules nobody calls. Messages match validate.ts (`at /x: must be string`).
 */
import { createRequire } from 'node:module';
import { formatAjvError } from '../gateway/validate.ts';

type Compiled = ((v: unknown) => boolean) & { errors?: Parameters<typeof formatAjvError>[0][] | null };
interface AjvLike { compile(schema: unknown): Compiled }

let ajv: AjvLike | undefined;
const cache = new WeakMap<object, Compiled>();

function instance(): AjvLike {
  if (!ajv) {
    const Ajv = createRequire(import.meta.url)('ajv') as { default: new (o: unknown) => AjvLike };
    ajv = new Ajv.default({ allErrors: false, strict: false, coerceTypes: false });
  }
  return ajv;
}

/** Validates `value` against a JSON schema (TypeBox schemas are JSON schemas); undefined when valid. */
export function validateWithSchema(schema: object, value: unknown): string | undefined {
  let fn = cache.get(schema);
  if (!fn) {
    fn = instance().compile(schema);
    cache.set(schema, fn);
  }
  if (fn(value)) return undefined;
  const first = fn.errors?.[0];
  return first ? formatAjvError(first) : 'at root: is invalid';
}
