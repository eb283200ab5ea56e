/** Error codes, detail codes and close codes of the Gateway protocol (SPEC §3, §11, §12). */

export const ErrorCode = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  NOT_PAIRED: 'NOT_PAIRED',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'UNAVAILABLE',
  NOT_LINKED: 'NOT_LINKED',
  AGENT_TIMEOUT: 'AGENT_TIMEOUT',
  APPROVAL_NOT_FOUND: 'APPROVAL_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** `error.details.code` values clients branch on. */
export const DetailCode = {
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  AUTH_TOKEN_MISSING: 'AUTH_TOKEN_MISSING',
  AUTH_TOKEN_MISMATCH: 'AUTH_TOKEN_MISMATCH',
  AUTH_TOKEN_NOT_CONFIGURED: 'AUTH_TOKEN_NOT_CONFIGURED',
  AUTH_PASSWORD_MISSING: 'AUTH_PASSWORD_MISSING',
  AUTH_PASSWORD_MISMATCH: 'AUTH_PASSWORD_MISMATCH',
  AUTH_PASSWORD_NOT_CONFIGURED: 'AUTH_PASSWORD_NOT_CONFIGURED',
  AUTH_RATE_LIMITED: 'AUTH_RATE_LIMITED',
  AUTH_BOOTSTRAP_TOKEN_INVALID: 'AUTH_BOOTSTRAP_TOKEN_INVALID',
  AUTH_DEVICE_TOKEN_MISMATCH: 'AUTH_DEVICE_TOKEN_MISMATCH',
  AUTH_SCOPE_MISMATCH: 'AUTH_SCOPE_MISMATCH',
  DEVICE_IDENTITY_REQUIRED: 'DEVICE_IDENTITY_REQUIRED',
  DEVICE_AUTH_DEVICE_ID_MISMATCH: 'DEVICE_AUTH_DEVICE_ID_MISMATCH',
  DEVICE_AUTH_SIGNATURE_EXPIRED: 'DEVICE_AUTH_SIGNATURE_EXPIRED',
  DEVICE_AUTH_NONCE_REQUIRED: 'DEVICE_AUTH_NONCE_REQUIRED',
  DEVICE_AUTH_NONCE_MISMATCH: 'DEVICE_AUTH_NONCE_MISMATCH',
  DEVICE_AUTH_SIGNATURE_INVALID: 'DEVICE_AUTH_SIGNATURE_INVALID',
  DEVICE_AUTH_PUBLIC_KEY_INVALID: 'DEVICE_AUTH_PUBLIC_KEY_INVALID',
  PAIRING_REQUIRED: 'PAIRING_REQUIRED',
  CONTROL_UI_ORIGIN_NOT_ALLOWED: 'CONTROL_UI_ORIGIN_NOT_ALLOWED',
  MISSING_SCOPE: 'MISSING_SCOPE',
  NOT_CONNECTED: 'NOT_CONNECTED',
  PAIRING_CHANGED: 'PAIRING_CHANGED',
  RAW_COMMAND_MISMATCH: 'RAW_COMMAND_MISMATCH',
  EXEC_DENIED: 'EXEC_DENIED',
  NODE_COMMAND_NOT_ALLOWED: 'NODE_COMMAND_NOT_ALLOWED',
  /** OpenClaw gateways: a refused credential of unknown kind, and a client too old or too new. */
  AUTH_UNAUTHORIZED: 'AUTH_UNAUTHORIZED',
  CLIENT_VERSION_MISMATCH: 'CLIENT_VERSION_MISMATCH',
  /** Hearth: the gateway's state disk is full, so a run could not be recorded and was not sent. */
  STATE_DISK_FULL: 'STATE_DISK_FULL',
  /** Hearth: an SSH relay's host key was read but not yet confirmed by the user. */
  HOST_KEY_UNCONFIRMED: 'HOST_KEY_UNCONFIRMED',
  /** Hearth: an exec approval that was already answered, or that expired before its answer. */
  APPROVAL_ALREADY_DECIDED: 'ALREADY_DECIDED',
  APPROVAL_EXPIRED: 'EXPIRED',
} as const;
export type DetailCode = (typeof DetailCode)[keyof typeof DetailCode];

/**
 * `details.nodeError.code` of a failed invoke, and `error.code` of a node's own failed result:
 * the node's codes (SPEC §9) and the ones the gateway's router sets for it.
 */
export const NodeErrorCode = {
  NOT_CONNECTED: DetailCode.NOT_CONNECTED,
  EXEC_DENIED: DetailCode.EXEC_DENIED,
  CANCELLED: 'CANCELLED',
  TIMEOUT: 'TIMEOUT',
  UNKNOWN_NODE: 'UNKNOWN_NODE',
  INVALID_RESULT: 'INVALID_RESULT',
  INVALID_REQUEST: ErrorCode.INVALID_REQUEST,
  UNAVAILABLE: ErrorCode.UNAVAILABLE,
  UNSUPPORTED: 'UNSUPPORTED',
} as const;
export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode];

/** WebSocket close codes the gateway uses (SPEC §11). */
export const CloseCode = {
  NORMAL: 1000,
  PROTOCOL_MISMATCH: 1002,
  POLICY_VIOLATION: 1008,
  TOO_LARGE: 1009,
  INTERNAL: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  TICK_TIMEOUT: 4000,
  AUTH_CHANGED: 4001,
} as const;

/** `recommendedNextStep` values in auth error details (SPEC §6.1). */
export type RecommendedNextStep =
  | 'retry_with_device_token'
  | 'update_auth_configuration'
  | 'update_auth_credentials'
  | 'wait_then_retry'
  | 'review_auth_configuration';

/** Wire error object `{code, message, details?, retryable?, retryAfterMs?}`. */
export interface ErrorShape {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** An error that travels as a protocol error response; thrown by handlers, raised by clients. */
export class ProtocolError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly retryable: boolean | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = 'ProtocolError';
    this.code = shape.code;
    this.details = shape.details;
    this.retryable = shape.retryable;
    this.retryAfterMs = shape.retryAfterMs;
  }

  /** The `details.code`, when the error has one. */
  get detailCode(): string | undefined {
    const c = this.details?.['code'];
    return typeof c === 'string' ? c : undefined;
  }

  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message };
    if (this.details !== undefined) shape.details = this.details;
    if (this.retryable !== undefined) shape.retryable = this.retryable;
    if (this.retryAfterMs !== undefined) shape.retryAfterMs = this.retryAfterMs;
    return shape;
  }
}

export function invalidRequest(message: string, details?: Record<string, unknown>): ProtocolError {
  return new ProtocolError(details ? { code: ErrorCode.INVALID_REQUEST, message, details } : { code: ErrorCode.INVALID_REQUEST, message });
}

export function missingScope(scope: string): ProtocolError {
  return new ProtocolError({
    code: ErrorCode.FORBIDDEN,
    message: `missing scope: ${scope}`,
    details: { code: DetailCode.MISSING_SCOPE, missingScope: scope, requiredScopes: [scope] },
  });
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function truncateCloseReason(reason: string): string {
  const enc = new TextEncoder();
  if (enc.encode(reason).length <= 123) return reason;
  let out = reason;
  while (enc.encode(out).length > 123) out = out.slice(0, -1);
  return out;
}
