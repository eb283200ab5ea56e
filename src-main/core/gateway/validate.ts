/**
 * Params validation against the shared schemas, through validators compiled ahead of time by ajv
 * (generated/validators.ts, from scripts/gen-validators.ts), with error messages in the real
 * gateway's style (contract/problem.ts): `at /client/id: must be equal to one of the allowed
 * values`, `at root: unexpected property 'bogus'`. The module is loaded right after the gateway
 * listens ({@link loadValidators}); callers await that before their first validation.
 */
import { problemOf, type CompiledValidator } from '../../../src-shared/protocol/contract/problem.ts';

type Validator = CompiledValidator;
interface GeneratedModule {
  connect: Validator;
  methods: Record<string, Validator>;
  nodeEvents: Record<string, Validator>;
}

let generated: GeneratedModule | undefined;
let loading: Promise<void> | undefined;

/** Loads the generated validators once; cheap to call again. */
export function loadValidators(): Promise<void> {
  loading ??= import('./generated/validators.ts').then((m) => {
    generated = m as unknown as GeneratedModule;
  });
  return loading;
}

export function validatorsReady(): boolean {
  return generated !== undefined;
}

function loaded(): GeneratedModule {
  if (!generated) throw new Error('validators not loaded: await loadValidators() first');
  return generated;
}

const run = problemOf;

export function validateConnect(value: unknown): string | undefined {
  return run(loaded().connect, value);
}

/** True when the shared protocol schemas (generated set) cover this method. */
export function hasGeneratedValidator(method: string): boolean {
  return Object.hasOwn(loaded().methods, method);
}

/** Validates a method's params; methods without a generated validator accept anything here. */
export function validateMethod(method: string, value: unknown): string | undefined {
  const fn = Object.hasOwn(loaded().methods, method) ? loaded().methods[method] : undefined;
  return fn ? run(fn, value) : undefined;
}

/**
 * Checks the payload of a `node.event` the contract describes (NodeEventPayloads):
 * `{ known: false }` for an event it does not describe, else the first problem, if any.
 */
export function validateNodeEventPayload(event: string, payload: unknown): { known: false } | { known: true; problem?: string } {
  const events = loaded().nodeEvents;
  if (!Object.hasOwn(events, event)) return { known: false };
  const problem = run(events[event]!, payload);
  return problem === undefined ? { known: true } : { known: true, problem };
}

/** Loads the validators ahead of the first connect (called once the gateway listens). */
export function warmUp(): Promise<void> {
  return loadValidators();
}
