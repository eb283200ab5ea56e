import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../src-shared/protocol/contract/index.ts';

/**
 * What stores need from the client: calling methods and hearing events, typed from the shared
 * contract (a method's params and result, an event's payload). Tests pass a fake.
 */
export interface Invoker {
  invoke<M extends MethodName>(method: M, params?: ParamsOf<M>, options?: { timeoutMs?: number }): Promise<ResultOf<M>>;
  /** Gateway events (live run output); a client without it gets runs without live output. */
  on?<E extends EventName>(event: E, handler: (payload: PayloadOf<E>) => void): () => void;
}

/** A readable message for any failure (protocol errors carry the gateway's own words). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The protocol error code of a failure, if any (e.g. ErrorCode.INVALID_REQUEST for an unknown method). */
export function errorCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** True when the gateway does not know the method (an older gateway, or a Hearth method not built yet). */
export function isUnknownMethod(err: unknown): boolean {
  return err instanceof Error && /unknown method/i.test(err.message);
}
