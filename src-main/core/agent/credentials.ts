/**
 * Which credential a node presents, and what a refusal means for the user. Pure functions:
 * the agent loop only acts on their answers.
 */
import type { ConnectAuth } from '../../../src-shared/protocol/schemas.ts';
import { DetailCode, ErrorCode } from '../../../src-shared/protocol/errors.ts';

export type AuthSource = 'shared-secret' | 'device-token' | 'bootstrap-token' | 'none';

export interface CredentialInputs {
  token?: string | undefined;
  password?: string | undefined;
  /** Stored device token for this gateway. */
  deviceToken?: string | undefined;
  /** From a setup code. */
  bootstrapToken?: string | undefined;
}

/**
 * Follows the real node host (SPEC §6.4): a shared secret when given (sent alone); otherwise
 * the stored device token; otherwise a setup code's bootstrap token; otherwise nothing
 * (a gateway with auth mode none still pairs the device).
 */
export function chooseAuth(c: CredentialInputs): { auth: ConnectAuth; source: AuthSource } {
  if (c.token || c.password) {
    const auth: ConnectAuth = {};
    if (c.token) auth.token = c.token;
    if (c.password) auth.password = c.password;
    return { auth, source: 'shared-secret' };
  }
  if (c.deviceToken) return { auth: { deviceToken: c.deviceToken }, source: 'device-token' };
  if (c.bootstrapToken) return { auth: { bootstrapToken: c.bootstrapToken }, source: 'bootstrap-token' };
  return { auth: {}, source: 'none' };
}

export type RefusalKind = 'pairing' | 'stale-device-token' | 'auth' | 'setup-code' | 'rate-limited' | 'device-proof' | 'protocol' | 'other';

export interface RefusalShape {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
  retryAfterMs?: number | undefined;
}

export interface RefusalContext {
  source: AuthSource;
  fingerprint: string;
  gatewayUrl: string;
  /** Whether the node has a credential other than the stored device token. */
  hasOtherCredential: boolean;
  identityPath?: string;
}

export interface RefusalInfo {
  kind: RefusalKind;
  /** details.code, else the top-level code. */
  code: string;
  /** One sentence for people: what happened and the next step. */
  message: string;
  requestId?: string;
  /** A lower bound the gateway asked for. */
  retryAfterMs?: number;
  /** Why an operator's decision keeps this node out (removed, rejected, token rotated), in words. */
  heldOut?: string;
}

/** The gateway's hold reasons (device-holds.ts), as the node tells its user. */
const HELD_OUT: Record<string, string> = {
  removed: 'this node was removed from the gateway',
  rejected: "this node's pairing request was rejected",
  'token-rotated': "this node's token was rotated",
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Turns a connect refusal into a kind (which drives the retry schedule) and a message naming the fix. */
export function explainRefusal(err: RefusalShape, ctx: RefusalContext): RefusalInfo {
  const d = err.details ?? {};
  const code = str(d['code']) ?? err.code;
  const base = { code, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  const tokenFix = 'restart the node with --token <gateway token> (or HEARTH_GATEWAY_TOKEN), or pair it with a setup code: hearth node run --pair <code>';
  switch (code) {
    case DetailCode.PAIRING_REQUIRED:
    case ErrorCode.NOT_PAIRED: {
      const requestId = str(d['requestId']);
      const approve = requestId ? `hearth devices approve ${requestId}` : 'hearth devices approve <requestId>';
      const heldOut = HELD_OUT[str(d['reason']) ?? ''];
      const lead = heldOut ? `${heldOut[0]!.toUpperCase()}${heldOut.slice(1)}; it stays out until an operator approves it again or it is started with a new setup code (hearth node run --pair <code>). ` : '';
      return {
        ...base, kind: 'pairing', ...(requestId ? { requestId } : {}), ...(heldOut ? { heldOut } : {}),
        message: `${lead}Waiting for approval on the gateway: run \`${approve}\` there (or approve it in the Hearth window) and check that it shows the fingerprint ${ctx.fingerprint}. This node keeps retrying and connects as soon as it is approved.`,
      };
    }
    case DetailCode.AUTH_DEVICE_TOKEN_MISMATCH:
      return {
        ...base, kind: 'stale-device-token',
        message: ctx.hasOtherCredential
          ? 'The gateway no longer accepts this node\'s device token (it was rotated or revoked); dropped it and retrying with the other credential.'
          : `The gateway no longer accepts this node's device token (it was rotated or revoked); dropped it. The node will now ask to be paired again — approve it on the gateway, or ${tokenFix}.`,
      };
    case DetailCode.AUTH_TOKEN_MISMATCH:
      return { ...base, kind: 'auth', message: `The gateway rejected this node's token (AUTH_TOKEN_MISMATCH): pass the gateway's current token with --token or HEARTH_GATEWAY_TOKEN.` };
    case DetailCode.AUTH_PASSWORD_MISMATCH:
      return { ...base, kind: 'auth', message: 'The gateway rejected this node\'s password (AUTH_PASSWORD_MISMATCH): pass the gateway\'s current password with --password.' };
    case DetailCode.AUTH_REQUIRED:
    case DetailCode.AUTH_UNAUTHORIZED:
    case DetailCode.AUTH_TOKEN_MISSING:
    case DetailCode.AUTH_PASSWORD_MISSING:
      return { ...base, kind: 'auth', message: `The gateway requires credentials (${code}): ${tokenFix}.` };
    case DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID:
      return { ...base, kind: 'setup-code', message: 'The setup code is invalid, expired or already used (AUTH_BOOTSTRAP_TOKEN_INVALID): create a new setup code on the gateway and run hearth node run --pair <code>.' };
    case DetailCode.AUTH_RATE_LIMITED:
      return { ...base, kind: 'rate-limited', message: 'The gateway is rate-limiting failed attempts from this address (AUTH_RATE_LIMITED); waiting before trying again. Check the token.' };
    case DetailCode.AUTH_SCOPE_MISMATCH:
      return { ...base, kind: 'auth', message: `The gateway refused this node's device token for the requested access (AUTH_SCOPE_MISMATCH): approve the upgrade on the gateway, or ${tokenFix}.` };
    case DetailCode.DEVICE_AUTH_SIGNATURE_EXPIRED:
      return { ...base, kind: 'device-proof', message: 'The gateway rejected the device signature as expired: this machine\'s clock and the gateway\'s differ by more than 2 minutes — fix the clock (enable NTP).' };
    case DetailCode.PROTOCOL_MISMATCH: {
      const expected = d['expectedProtocol'];
      return { ...base, kind: 'protocol', message: `The gateway speaks protocol ${typeof expected === 'number' ? expected : '?'}, which this node does not support: update Hearth (or OpenClaw) on the older side.` };
    }
    default:
      if (code.startsWith('DEVICE_AUTH_')) {
        const where = ctx.identityPath ? ` move ${ctx.identityPath} aside to create a new identity and pair again` : ' recreate the node identity and pair again';
        return { ...base, kind: 'device-proof', message: `The gateway rejected this node's device proof (${code}: ${err.message}); if it persists,${where}.` };
      }
      return { ...base, kind: 'other', message: `The gateway refused the connection: ${err.message} (${code}).` };
  }
}
