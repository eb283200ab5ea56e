/**
 * How a contract check names what is wrong, on both sides of the wire (the gateway checking
 * params and node events, clients checking results and events, `hearth config set` checking a
 * value): the first error of an ajv validator, in the real gateway's words —
 * `at /client/id: must be equal to one of the allowed values`, `at root: unexpected property 'bogus'`.
 */

/** What the messages use of an ajv error (generated and run-time compiled validators alike). */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** An ajv validator: true when valid, else its `errors` say why. */
export type CompiledValidator = ((value: unknown) => boolean) & { errors?: ValidatorError[] | null };

export function describeProblem(e: ValidatorError | undefined): string {
  if (!e) return 'at root: is invalid';
  const where = e.instancePath === '' ? 'root' : e.instancePath;
  if (e.keyword === 'additionalProperties') return `at ${where}: unexpected property '${String(e.params['additionalProperty'])}'`;
  return `at ${where}: ${e.message ?? 'is invalid'}`;
}

/** Runs `fn` on `value`: undefined when valid, else the first problem. */
export function problemOf(fn: CompiledValidator, value: unknown): string | undefined {
  return fn(value) ? undefined : describeProblem(fn.errors?.[0]);
}
