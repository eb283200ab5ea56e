/**
 * How a contract check names what is wrong, on both sides of the wire (the gateway checking
 * params and node events, clients checking results and events, `hearth config set` checking a
 * value): the first error of an ajv validator, in the real gateway's words —
 * `at /client/id: must be equal to one of the allowed values`, `at root: unexpected property 'bogus'`.
 */

/** What the messages use of an ajv error (generated and run-time compiled validators alike). */
export interface ValidatorError {
  instancePath: string;
  /** Where in the schema it failed (`#/anyOf/1/required`): tells a union's branches apart. */
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** An ajv validator: true when valid, else its `errors` say why. */
export type CompiledValidator = ((value: unknown) => boolean) & { errors?: ValidatorError[] | null };

/** Where in the value an error sits, as the messages say it: `root` or a JSON pointer. */
const placeOf = (instancePath: string) => (instancePath === '' ? 'root' : instancePath);

export function describeProblem(e: ValidatorError | undefined): string {
  if (!e) return 'at root: is invalid';
  const where = placeOf(e.instancePath);
  if (e.keyword === 'additionalProperties') return `at ${where}: unexpected property '${String(e.params['additionalProperty'])}'`;
  return `at ${where}: ${what(e)}`;
}

/** The complaint itself; a constant says which one it wanted (ajv's text does not). */
function what(e: ValidatorError): string {
  if (e.keyword === 'const') return `must be ${JSON.stringify(e.params['allowedValue'])}`;
  return e.message ?? 'is invalid';
}

const depth = (e: ValidatorError) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1);

/**
 * A value that matches none of a union's forms. ajv lists every form's errors and then "must
 * match a schema in anyOf"; the first of them speaks of the first form only, which misleads
 * (`{action: "wipe"}` is not missing `idleSeconds`, its action is wrong). So the form that got
 * furthest into the value (its error sits deepest) is the one meant; forms that fail at the same
 * place are offered together (`must be string or null`, `must be "smb", "nfs" or "any"`).
 */
function describeUnion(errors: ValidatorError[], union: ValidatorError): string {
  const prefix = `${union.schemaPath ?? ''}/`;
  const firsts = new Map<string, ValidatorError>();
  for (const e of errors) {
    if (e === union || !e.schemaPath?.startsWith(prefix)) continue;
    const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
    if (!firsts.has(branch)) firsts.set(branch, e);
  }
  const forms = [...firsts.values()];
  if (forms.length === 0) return describeProblem(union);
  const deepest = Math.max(...forms.map(depth));
  const meant = forms.filter((e) => depth(e) === deepest);
  if (meant.length === 1) return describeProblem(meant[0]);
  const where = placeOf(meant[0]!.instancePath);
  const samePlace = meant.every((e) => e.instancePath === meant[0]!.instancePath);
  if (samePlace && meant.every((e) => e.keyword === 'type' || e.keyword === 'const')) {
    const options = [...new Set(meant.map((e) => (e.keyword === 'const' ? JSON.stringify(e.params['allowedValue']) : String(e.params['type']))))];
    return `at ${where}: must be ${options.length === 1 ? options[0] : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`}`;
  }
  return `at ${samePlace ? where : placeOf(union.instancePath)}: matches none of its forms: ${meant.map((e) => describeProblem(e)).join('; or ')}`;
}

/** Runs `fn` on `value`: undefined when valid, else the first problem. */
export function problemOf(fn: CompiledValidator, value: unknown): string | undefined {
  if (fn(value)) return undefined;
  const errors = fn.errors ?? [];
  // A union's errors end with its own (every error of its forms comes before it).
  const last = errors.at(-1);
  if (last && (last.keyword === 'anyOf' || last.keyword === 'oneOf') && errors.length > 1) return describeUnion(errors, last);
  return describeProblem(errors[0]);
}
