/**
 * Turns a failed connect into what the UI should do about it: keep retrying (network loss,
 * pairing pending, rate limit) or stop and ask the user (bad code, bad token, revoked device).
 */
import { ConnectRejectedError, ConnectionLostError } from '../../src-shared/client/errors.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';

export type FailureKind =
  | 'unreachable'
  | 'pairing-required'
  | 'rate-limited'
  | 'setup-code-invalid'
  /** A `#setup=` link whose code cannot be decoded (cut off when copied): not the same as expired. */
  | 'setup-link-malformed'
  | 'token-wrong'
  | 'token-missing'
  | 'device-token-invalid'
  | 'origin-not-allowed'
  | 'version-mismatch'
  | 'unavailable'
  | 'other';

/** A classified connect failure, with what the user needs to read about it. */
export interface ConnectFailure {
  kind: FailureKind;
  retry: boolean;
  message: string;
  detailCode?: string | undefined;
  retryAfterMs?: number | undefined;
  /** For pairing-required: the pending request the gateway created. */
  requestId?: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Classifies an error thrown by GatewayConnection.open(). */
export function classifyConnectError(err: unknown): ConnectFailure {
  if (err instanceof ConnectionLostError) return { kind: 'unreachable', retry: true, message: err.message };
  if (!(err instanceof ProtocolError)) {
    return { kind: 'other', retry: true, message: err instanceof Error ? err.message : String(err) };
  }
  const detailCode = err.detailCode;
  const base = { message: err.message, detailCode, retryAfterMs: err.retryAfterMs };
  switch (detailCode) {
    case 'PAIRING_REQUIRED':
      return { ...base, kind: 'pairing-required', retry: true, requestId: str(err.details?.['requestId']) };
    case 'AUTH_RATE_LIMITED':
      return { ...base, kind: 'rate-limited', retry: true };
    case 'AUTH_BOOTSTRAP_TOKEN_INVALID':
      return { ...base, kind: 'setup-code-invalid', retry: false };
    case 'AUTH_TOKEN_MISMATCH':
    case 'AUTH_PASSWORD_MISMATCH':
    case 'AUTH_UNAUTHORIZED':
      return { ...base, kind: 'token-wrong', retry: false };
    case 'AUTH_TOKEN_MISSING':
    case 'AUTH_PASSWORD_MISSING':
    case 'AUTH_REQUIRED':
    case 'DEVICE_IDENTITY_REQUIRED':
      return { ...base, kind: 'token-missing', retry: false };
    case 'AUTH_DEVICE_TOKEN_MISMATCH':
    case 'AUTH_SCOPE_MISMATCH':
      return { ...base, kind: 'device-token-invalid', retry: false };
    case 'CONTROL_UI_ORIGIN_NOT_ALLOWED':
      return { ...base, kind: 'origin-not-allowed', retry: false };
    case 'PROTOCOL_MISMATCH':
    case 'CLIENT_VERSION_MISMATCH':
      return { ...base, kind: 'version-mismatch', retry: false };
    default:
      break;
  }
  if (err.code === 'NOT_PAIRED') return { ...base, kind: 'pairing-required', retry: true, requestId: str(err.details?.['requestId']) };
  if (err.code === 'UNAVAILABLE' || err.retryable) return { ...base, kind: 'unavailable', retry: true };
  // Device-proof failures (clock, nonce) are transient from the user's point of view.
  if (detailCode?.startsWith('DEVICE_AUTH_')) return { ...base, kind: 'other', retry: true };
  return { ...base, kind: 'other', retry: !(err instanceof ConnectRejectedError) };
}
