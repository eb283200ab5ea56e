/**
 * Validation of module setting values (`hearth config set`) against the schema each setting
 * declares: ajv is loaded and each schema compiled on first use, so gateway start-up does not pay
 * for it. Method params never come here: they are checked by the validators generated ahead of
 * time from the contract (gateway/validate.ts). Messages are worded as everywhere (contract/problem.ts).
 */
import { createRequire } from 'node:module';
import { problemOf, type CompiledValidator } from '../../../src-shared/protocol/contract/problem.ts';

type Compiled = CompiledValidator;
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
  return problemOf(fn, value);
}
