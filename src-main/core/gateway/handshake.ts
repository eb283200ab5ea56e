/**
 * Admission of one `connect` request, in the order the real gateway checks (SPEC §4.3):
 * params → protocol → role → origin → shared/device/bootstrap auth → device proof →
 * device-identity policy → pairing. Every refusal carries the wire error and its close code.
 */
import {
  MIN_NODE_PROTOCOL, MIN_PROBE_PROTOCOL, PROTOCOL_VERSION, SIGNATURE_SKEW_MS,
} from '../../../src-shared/protocol/constants.ts';
import { buildV2Payload, buildV3Payload, shortFingerprint, signatureToken } from '../../../src-shared/protocol/device-auth.ts';
import { CloseCode, DetailCode, ErrorCode, type ErrorShape } from '../../../src-shared/protocol/errors.ts';
import type { ConnectParams } from '../../../src-shared/protocol/schemas.ts';
import type { ApprovedVia, HelloOkAuth } from '../../../src-shared/protocol/types.ts';
import { deviceIdFromRawKey, normalizePublicKey, verifySignature } from '../identity/ed25519.ts';
import type { BootstrapTokenRow } from '../store/bootstrap-tokens.ts';
import { DevicePairing, grantableScopes, type PendingReason } from '../pairing/device-pairing.ts';
import { hashToken, secretsEqual } from './secrets.ts';
import { validateConnect } from './validate.ts';
import { storableCommands } from './nodes/surface-rules.ts';
import { boundNames } from './nodes/node-input.ts';
import { cleanDisplayName } from '../../../src-shared/text/control-chars.ts';

export class Refusal extends Error {
  readonly error: ErrorShape;
  readonly closeCode: number;
  constructor(error: ErrorShape, closeCode: number = CloseCode.POLICY_VIOLATION) {
    super(error.message);
    this.error = error;
    this.closeCode = closeCode;
  }
}

export interface HandshakeContext {
  nonce: string;
  remoteIp: string;
  isLocal: boolean;
  origin: string | undefined;
  originAllowed: boolean;
  now: number;
  /** Forwarding headers came from a peer that is not a trusted proxy (so they were ignored). */
  untrustedForwarding?: boolean;
}

export interface AuthConfig {
  mode: 'none' | 'token' | 'password';
  token?: string;
  password?: string;
}

export interface HandshakeDeps {
  auth: AuthConfig;
  pairing: DevicePairing;
  autoApproveLocal: () => boolean;
  bootstrap: { get(hash: string): BootstrapTokenRow | undefined; bind(hash: string, deviceId: string, at: number): boolean };
  rateLimited: (ip: string) => number | undefined;
  recordAuthFailure: (ip: string) => void;
}

export interface Admission {
  params: ConnectParams;
  protocol: number;
  role: 'operator' | 'node';
  scopes: string[];
  deviceId: string | undefined;
  auth: HelloOkAuth;
  /** A node admitted through a node-profile setup code gets its first surface approved too. */
  autoApproveSurface: boolean;
}

const refuse = (code: string, message: string, details?: Record<string, unknown>, close: number = CloseCode.POLICY_VIOLATION): Refusal =>
  new Refusal(details ? { code, message, details } : { code, message }, close);

function negotiateProtocol(p: ConnectParams, roleRaw: string | undefined): number | undefined {
  const { minProtocol: min, maxProtocol: max } = p;
  if (max >= PROTOCOL_VERSION && min <= PROTOCOL_VERSION) return PROTOCOL_VERSION;
  if (p.client.mode === 'probe' && max >= MIN_PROBE_PROTOCOL && min <= PROTOCOL_VERSION) return Math.min(max, PROTOCOL_VERSION);
  // Legacy v3 nodes are answered with protocol 3, or the real node host loops (SPEC §0.2).
  if (roleRaw === 'node' && p.client.mode === 'node' && max >= MIN_NODE_PROTOCOL && min <= MIN_NODE_PROTOCOL) return MIN_NODE_PROTOCOL;
  return undefined;
}

type AuthOutcome =
  | { method: 'none' | 'token' | 'password' }
  | { method: 'device-token'; token: string; scopes: string[] }
  | { method: 'bootstrap-token'; row: BootstrapTokenRow; token: string }
  | { method: 'missing' };

function checkSharedAuth(p: ConnectParams, role: string, deps: HandshakeDeps, ctx: HandshakeContext): AuthOutcome {
  const a = p.auth ?? {};
  const given = a.token ?? a.password;
  // Every kind of secret counts against the same budget: a guesser cannot switch to setup codes
  // or device tokens once the shared token is locked.
  const presentsSecret = given !== undefined || a.deviceToken !== undefined || a.bootstrapToken !== undefined;
  const limited = presentsSecret && !ctx.isLocal ? deps.rateLimited(ctx.remoteIp) : undefined;
  if (limited !== undefined) {
    const wait = Math.max(1, Math.ceil(limited / 1000));
    throw new Refusal({
      code: ErrorCode.INVALID_REQUEST,
      message: `unauthorized: too many failed sign-in attempts from ${ctx.remoteIp}; wait ${wait} s, then retry with the right token, setup code or device token` +
        (ctx.untrustedForwarding ? ` (behind a reverse proxy every client shares its address: list the proxy in gateway.trustedProxies or --trusted-proxies so each client is counted on its own)` : ''),
      details: { code: DetailCode.AUTH_RATE_LIMITED, authReason: 'rate_limited', retryAfterMs: limited },
      retryable: true, retryAfterMs: limited,
    });
  }
  if (given !== undefined) {
    const { mode } = deps.auth;
    if (mode === 'none') return { method: a.token !== undefined ? 'token' : 'password' };
    const expected = mode === 'token' ? deps.auth.token : deps.auth.password;
    if (expected !== undefined && secretsEqual(given, expected)) return { method: mode };
    if (!ctx.isLocal) deps.recordAuthFailure(ctx.remoteIp);
    if (a.token !== undefined) {
      throw refuse(ErrorCode.INVALID_REQUEST, "unauthorized: gateway token mismatch (use this gateway's token from `hearth setup` / HEARTH_GATEWAY_TOKEN, or pair the device)", {
        code: DetailCode.AUTH_TOKEN_MISMATCH, authReason: 'token_mismatch', canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials',
      });
    }
    throw refuse(ErrorCode.INVALID_REQUEST, "unauthorized: gateway password mismatch (use this gateway's password)", {
      code: DetailCode.AUTH_PASSWORD_MISMATCH, authReason: 'password_mismatch', canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials',
    });
  }
  if (a.deviceToken !== undefined) {
    if (!p.device) throw refuse(ErrorCode.NOT_PAIRED, 'device identity required', { code: DetailCode.DEVICE_IDENTITY_REQUIRED });
    const check = deps.pairing.checkDeviceToken(p.device.id, role, a.deviceToken);
    if (!check.ok) {
      if (!ctx.isLocal) deps.recordAuthFailure(ctx.remoteIp);
      throw refuse(ErrorCode.INVALID_REQUEST, 'unauthorized: device token mismatch (rotate/reissue device token)', {
        code: DetailCode.AUTH_DEVICE_TOKEN_MISMATCH, authReason: 'device_token_mismatch', recommendedNextStep: 'update_auth_credentials',
      });
    }
    const wanted = grantableScopes(role, p.scopes ?? []);
    if (!wanted.every((s) => check.scopes.includes(s))) {
      throw refuse(ErrorCode.INVALID_REQUEST, 'unauthorized: device token scope mismatch (re-pair or approve scope upgrade)', {
        code: DetailCode.AUTH_SCOPE_MISMATCH, authReason: 'scope_mismatch', recommendedNextStep: 'review_auth_configuration',
      });
    }
    return { method: 'device-token', token: a.deviceToken, scopes: check.scopes };
  }
  if (a.bootstrapToken !== undefined) {
    if (!p.device) throw refuse(ErrorCode.NOT_PAIRED, 'device identity required', { code: DetailCode.DEVICE_IDENTITY_REQUIRED });
    const hash = hashToken(a.bootstrapToken);
    const row = deps.bootstrap.get(hash);
    const usable = row && row.revokedAtMs === undefined && row.expiresAtMs > ctx.now && (row.usedByDeviceId === undefined || row.usedByDeviceId === p.device.id);
    if (!row || !usable) {
      if (!ctx.isLocal) deps.recordAuthFailure(ctx.remoteIp);
      const why = !row ? 'unknown code' : row.expiresAtMs <= ctx.now ? 'expired' : row.usedByDeviceId ? 'already used by another device' : 'revoked';
      throw refuse(ErrorCode.INVALID_REQUEST, `unauthorized: setup code invalid, expired, revoked, or already used (${why}; ask for a new code with \`hearth qr\`)`, {
        code: DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID, authReason: 'bootstrap_token_invalid', recommendedNextStep: 'update_auth_credentials',
      });
    }
    return { method: 'bootstrap-token', row, token: a.bootstrapToken };
  }
  if (deps.auth.mode === 'none') return { method: 'none' };
  return { method: 'missing' };
}

function verifyDeviceProof(p: ConnectParams, role: string, ctx: HandshakeContext): void {
  const d = p.device!;
  const fail = (code: string, message: string, reason: string) => refuse(ErrorCode.INVALID_REQUEST, message, { code, reason });
  const raw = normalizePublicKey(d.publicKey);
  if (!raw) throw fail(DetailCode.DEVICE_AUTH_PUBLIC_KEY_INVALID, 'device public key invalid', 'device-public-key');
  if (deviceIdFromRawKey(raw) !== d.id) throw fail(DetailCode.DEVICE_AUTH_DEVICE_ID_MISMATCH, 'device identity mismatch', 'device-id-mismatch');
  if (Math.abs(ctx.now - d.signedAt) > SIGNATURE_SKEW_MS) throw fail(DetailCode.DEVICE_AUTH_SIGNATURE_EXPIRED, 'device signature expired', 'device-signature-stale');
  if (d.nonce.trim() === '') throw fail(DetailCode.DEVICE_AUTH_NONCE_REQUIRED, 'device nonce required', 'device-nonce-missing');
  if (d.nonce.trim() !== ctx.nonce) throw fail(DetailCode.DEVICE_AUTH_NONCE_MISMATCH, 'device nonce mismatch', 'device-nonce-mismatch');
  const fields = {
    deviceId: d.id, clientId: p.client.id, clientMode: p.client.mode, role, scopes: p.scopes ?? [], signedAtMs: d.signedAt,
    token: signatureToken(p.auth), nonce: d.nonce, platform: p.client.platform, deviceFamily: p.client.deviceFamily,
  };
  if (!verifySignature(raw, buildV3Payload(fields), d.signature) && !verifySignature(raw, buildV2Payload(fields), d.signature)) {
    throw fail(DetailCode.DEVICE_AUTH_SIGNATURE_INVALID, 'device signature invalid', 'device-signature');
  }
}

const STAYS_OUT = (id: string) =>
  `it stays out until an operator approves it (hearth devices approve ${id}) or it connects with a new setup code (hearth qr); loopback auto-approval does not re-admit it`;

function pendingMessage(reason: PendingReason, requestId: string): string {
  switch (reason) {
    case 'not-paired': return 'pairing required: device is not approved yet';
    case 'role-upgrade': return 'pairing required: device is asking for a higher role than currently approved';
    case 'scope-upgrade': return 'pairing required: device is asking for more scopes than currently approved';
    case 'removed': return `pairing required: this device was removed from the gateway; ${STAYS_OUT(requestId)}`;
    case 'rejected': return `pairing required: this device's pairing request was rejected; ${STAYS_OUT(requestId)}`;
    case 'token-rotated': return `pairing required: this device's token was rotated; ${STAYS_OUT(requestId)}, or it connects with the gateway's shared token`;
  }
}

/** Runs the admission pipeline on a connect frame's params; throws {@link Refusal}. */
export function admit(rawParams: unknown, ctx: HandshakeContext, deps: HandshakeDeps): Admission {
  const invalid = validateConnect(rawParams);
  if (invalid) throw refuse(ErrorCode.INVALID_REQUEST, `invalid connect params: ${invalid}`);
  const p = rawParams as ConnectParams;
  // The name is shown in tables, alerts, the UI and Telegram: kept without control or bidi
  // characters and bounded (it is not part of the device signature, so this changes no proof).
  if (p.client.displayName !== undefined) {
    const name = cleanDisplayName(p.client.displayName);
    if (name === undefined) delete p.client.displayName;
    else p.client.displayName = name;
  }

  const protocol = negotiateProtocol(p, p.role);
  if (protocol === undefined) {
    throw refuse(ErrorCode.INVALID_REQUEST, 'protocol mismatch', {
      code: DetailCode.PROTOCOL_MISMATCH, clientMinProtocol: p.minProtocol, clientMaxProtocol: p.maxProtocol,
      expectedProtocol: PROTOCOL_VERSION, minimumProbeProtocol: MIN_PROBE_PROTOCOL,
    }, CloseCode.PROTOCOL_MISMATCH);
  }

  const roleRaw = p.role ?? 'operator';
  if (roleRaw !== 'operator' && roleRaw !== 'node' && roleRaw !== 'worker') throw refuse(ErrorCode.INVALID_REQUEST, 'invalid role');
  if (roleRaw === 'worker') throw refuse(ErrorCode.INVALID_REQUEST, 'role worker is not supported by this gateway (connect as operator or node)');
  const role = roleRaw;

  if (ctx.origin !== undefined && !ctx.originAllowed) {
    throw refuse(ErrorCode.INVALID_REQUEST, `origin not allowed (${ctx.origin}); open the UI from the gateway's own address or add the origin to gateway.allowedOrigins`, {
      code: DetailCode.CONTROL_UI_ORIGIN_NOT_ALLOWED, origin: ctx.origin,
    });
  }

  const auth = checkSharedAuth(p, role, deps, ctx);
  if (p.device) verifyDeviceProof(p, role, ctx);

  if (!p.device) {
    if (role === 'node' || auth.method === 'missing') throw refuse(ErrorCode.NOT_PAIRED, 'device identity required', { code: DetailCode.DEVICE_IDENTITY_REQUIRED });
    // A shared-secret operator without a device: the secret's holder owns the gateway, so its
    // requested scopes are kept (the real CLI relies on this for local calls, SPEC §6.2).
    return {
      params: p, protocol, role, scopes: grantableScopes('operator', p.scopes ?? []), deviceId: undefined, autoApproveSurface: false,
      auth: { method: auth.method as 'none' | 'token' | 'password', role, scopes: grantableScopes('operator', p.scopes ?? []) },
    };
  }
  if (auth.method === 'missing') {
    throw refuse(ErrorCode.INVALID_REQUEST, 'unauthorized: gateway token missing (pass the gateway token, a device token, or a setup code)', {
      code: DetailCode.AUTH_TOKEN_MISSING, authReason: 'token_missing', canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials',
    });
  }

  // Pairing.
  const claim: Parameters<DevicePairing['evaluate']>[0] = {
    deviceId: p.device.id, publicKey: p.device.publicKey, scopes: p.scopes ?? [], clientId: p.client.id, clientMode: p.client.mode,
    remoteIp: ctx.remoteIp, isLocal: ctx.isLocal, role,
    ...(p.client.displayName ? { displayName: p.client.displayName } : {}),
    ...(p.client.platform ? { platform: p.client.platform } : {}),
    ...(p.client.deviceFamily ? { deviceFamily: p.client.deviceFamily } : {}),
    // What a node declares now goes into its pairing request, so one approval admits both.
    ...(role === 'node' ? { node: { commands: storableCommands(boundNames(p.commands ?? [])), caps: [...new Set(boundNames(p.caps ?? []))].sort() } } : {}),
  };
  let autoApprove: ApprovedVia | undefined;
  let autoApproveSurface = false;
  const freshSetupCode = auth.method === 'bootstrap-token' && auth.row.usedByDeviceId === undefined;
  if (auth.method === 'bootstrap-token') {
    // A code made for another kind of client does not admit; it becomes an ordinary pending request.
    const profileFits = (auth.row.profile === 'node' && role === 'node') || (auth.row.profile === 'operator' && role === 'operator');
    if (profileFits) {
      autoApprove = 'bootstrap';
      // Only the first redemption approves commands: an old code must not approve new ones.
      autoApproveSurface = role === 'node' && freshSetupCode;
      if (role === 'operator' && (p.scopes ?? []).length === 0) claim.scopes = DevicePairing.bootstrapOperatorScopes([]);
    }
  } else if (ctx.isLocal && deps.autoApproveLocal()) {
    autoApprove = 'silent';
  }
  const sharedSecret = deps.auth.mode !== 'none' && (auth.method === 'token' || auth.method === 'password');
  const decision = deps.pairing.evaluate(claim, autoApprove, { sharedSecret, freshSetupCode });
  if (decision.kind === 'pending') {
    const r = decision.request;
    const message = pendingMessage(decision.reason, r.requestId);
    const details: Record<string, unknown> = {
      code: DetailCode.PAIRING_REQUIRED, reason: decision.reason, requestId: r.requestId,
      remediationHint: `Approve this device from the pending pairing requests (hearth devices approve ${r.requestId}); fingerprint ${shortFingerprint(r.deviceId)}.`,
      deviceId: r.deviceId, requestedRole: role, fingerprint: shortFingerprint(r.deviceId),
    };
    if (role === 'operator') details['requestedScopes'] = r.scopes;
    if (decision.device) {
      details['approvedRoles'] = decision.device.roles;
      details['approvedScopes'] = decision.device.scopes;
    }
    // Every pairing refusal says "wait and retry": approval can come at any moment, and a client
    // that keeps retrying (Hearth's agent always does) is admitted on its next attempt.
    Object.assign(details, { recommendedNextStep: 'wait_then_retry', retryable: true, pauseReconnect: false });
    const err = new Refusal({ code: ErrorCode.NOT_PAIRED, message, details });
    (err as { closeReason?: string }).closeReason = `${message} (requestId: ${r.requestId})`;
    throw err;
  }
  if (auth.method === 'bootstrap-token') deps.bootstrap.bind(auth.row.tokenHash, p.device.id, ctx.now);
  const scopes = role === 'operator' ? (auth.method === 'device-token' ? grantableScopes(role, p.scopes ?? []) : decision.scopes) : [];
  const tok = deps.pairing.tokenForHello(p.device.id, role, role === 'operator' ? decision.device.scopes : [], auth.method === 'device-token' ? auth.token : undefined);
  const method: HelloOkAuth['method'] = auth.method;
  return {
    params: p, protocol, role, scopes, deviceId: p.device.id, autoApproveSurface,
    auth: { method, role, scopes, deviceToken: tok.token, issuedAtMs: tok.issuedAtMs },
  };
}
