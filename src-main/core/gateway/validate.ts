/**
 * Params validation with ajv against the shared schemas, with error messages in the real gateway's
 * style (`at /client/id: must be equal to one of the allowed values`, `at root: unexpected property
 * 'bogus'`). ajv and the schema library are loaded after the gateway is listening
 * ({@link loadValidators}), so they do not slow its start; every caller awaits that first.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';

type SchemasModule = typeof import('../../../src-shared/protocol/schemas.ts');
type AjvInstance = import('ajv').Ajv;

let ajv: AjvInstance | undefined;
let schemas: SchemasModule | undefined;
let loading: Promise<void> | undefined;
const compiled = new Map<object, ValidateFunction>();

/** Loads ajv and the schemas once; cheap to call again. */
export function loadValidators(): Promise<void> {
  loading ??= (async () => {
    const [ajvModule, schemaModule] = await Promise.all([import('ajv'), import('../../../src-shared/protocol/schemas.ts')]);
    ajv = new ajvModule.Ajv({ allErrors: false, strict: false });
    schemas = schemaModule;
  })();
  return loading;
}

export function validatorsReady(): boolean {
  return ajv !== undefined;
}

function compile(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    if (!ajv) throw new Error('validators not loaded: await loadValidators() first');
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
export function validateSchema(schema: object, value: unknown): string | undefined {
  const fn = compile(schema);
  if (fn(value)) return undefined;
  const first = fn.errors?.[0];
  return first ? formatAjvError(first) : 'at root: is invalid';
}

export function validateConnect(value: unknown): string | undefined {
  return validateSchema(schemas!.ConnectParamsSchema, value);
}

/** Validates a method's params; methods without a schema accept anything. */
export function validateMethod(method: string, value: unknown): string | undefined {
  const schema = (schemas!.MethodParamsSchemas as Record<string, object>)[method];
  return schema ? validateSchema(schema, value) : undefined;
}

/** Compiles every schema ahead of use (after start-up). */
export async function warmUp(): Promise<void> {
  await loadValidators();
  compile(schemas!.ConnectParamsSchema);
  for (const s of Object.values(schemas!.MethodParamsSchemas)) compile(s);
}
