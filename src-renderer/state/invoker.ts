/** What stores need from the client: calling methods. Tests pass a fake. */
export interface Invoker {
  invoke<T = unknown>(method: string, params?: unknown, options?: { timeoutMs?: number }): Promise<T>;
  /** Gateway events (live run output); a client without it gets runs without live output. */
  on?(event: string, handler: (payload: unknown) => void): () => void;
}

/** A readable message for any failure (protocol errors carry the gateway's own words). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The protocol error code of a failure, if any (e.g. `INVALID_REQUEST` for an unknown method). */
export function errorCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** True when the gateway does not know the method (an older gateway, or a Hearth method not built yet). */
export function isUnknownMethod(err: unknown): boolean {
  return err instanceof Error && /unknown method/i.test(err.message);
}
