/**
 * Checks what a gateway sends against the contract (src-shared/protocol/contract/): every result
 * and every event payload, on the client side of the trust boundary. The validators are compiled
 * ahead of time by ajv (scripts/gen-validators.ts; the web UI's CSP forbids compiling at run time)
 * and loaded on first use, so a process that never connects never pays for them.
 */
import type { GeneratedValidator } from '../protocol/contract/generated/client-validators.js';
import { problemOf } from '../protocol/contract/problem.ts';

interface Generated {
  results: Record<string, GeneratedValidator>;
  events: Record<string, GeneratedValidator>;
  commandResults: Record<string, GeneratedValidator>;
  commandParams: Record<string, GeneratedValidator>;
}

let generated: Generated | undefined;
let loading: Promise<void> | undefined;

/** Loads the validators once; cheap to call again. */
export function loadContractValidators(): Promise<void> {
  loading ??= import('../protocol/contract/generated/client-validators.js').then((m) => {
    generated = m as Generated;
  });
  return loading;
}

export function contractValidatorsLoaded(): boolean {
  return generated !== undefined;
}

function check(table: Record<string, GeneratedValidator> | undefined, name: string, value: unknown): string | undefined {
  if (!table || !Object.hasOwn(table, name)) return undefined; // not in the contract: passed through as is
  const fn = table[name]!;
  return problemOf(fn, value);
}

/** Why `value` is not a valid result of `method` (`connect` is the hello-ok); undefined when it is, or the method is not in the contract. */
export function resultProblem(method: string, value: unknown): string | undefined {
  return check(generated?.results, method, value);
}

/** Why `payload` is not a valid `event` payload; undefined when it is, or the event is not in the contract. */
export function eventProblem(event: string, payload: unknown): string | undefined {
  return check(generated?.events, event, payload);
}

/**
 * Why `value` is not a valid answer of node command `command` (system.run's result inside a
 * node.invoke answer); undefined when it is, the command is not in the contract, or the
 * validators are not loaded yet (a GatewayConnection loads them before its first result).
 */
export function commandResultProblem(command: string, value: unknown): string | undefined {
  return check(generated?.commandResults, command, value);
}

/** Why `value` is not valid params of node command `command` (read by the node agent); undefined as above. */
export function commandParamsProblem(command: string, value: unknown): string | undefined {
  return check(generated?.commandParams, command, value);
}

/** The gateway sent something the contract does not allow: named by method or event, with where it differs. */
export class ContractViolationError extends Error {
  /** The method whose result, or the event whose payload, broke the contract. */
  readonly subject: string;
  readonly kind: 'result' | 'event';
  readonly problem: string;
  /** What arrived (an event's payload), for a handler that can still answer it. */
  readonly value: unknown;
  constructor(kind: 'result' | 'event', subject: string, problem: string, value?: unknown) {
    super(
      kind === 'result'
        ? `the gateway's answer to ${subject} does not match the Hearth contract (${problem}); the gateway may be a newer or older version: update Hearth on both ends`
        : `the gateway's ${subject} event does not match the Hearth contract (${problem}); it was ignored; update Hearth on both ends`,
    );
    this.name = 'ContractViolationError';
    this.kind = kind;
    this.subject = subject;
    this.problem = problem;
    this.value = value;
  }
}
