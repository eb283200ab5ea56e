/**
 * The device-proof payload strings a client signs and a gateway verifies (SPEC §5.2).
 * Pure string building: the signing itself is done by node:crypto or a JS Ed25519 in the browser.
 */

export interface SignatureFields {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: readonly string[];
  signedAtMs: number;
  /** The token that takes part in the proof; see {@link signatureToken}. */
  token: string;
  nonce: string;
  platform?: string | undefined;
  deviceFamily?: string | undefined;
}

/** Trims and lowercases ASCII A–Z only, as the reference implementation does. */
export function normalizeSignatureText(value: string | undefined): string {
  if (!value) return '';
  return value.trim().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function commonFields(version: 'v2' | 'v3', f: SignatureFields): string[] {
  return [version, f.deviceId, f.clientId, f.clientMode, f.role, f.scopes.join(','), String(f.signedAtMs), f.token, f.nonce];
}

/** `v3|deviceId|client.id|client.mode|role|scopes|signedAt|token|nonce|platform|deviceFamily` */
export function buildV3Payload(f: SignatureFields): string {
  return [...commonFields('v3', f), normalizeSignatureText(f.platform), normalizeSignatureText(f.deviceFamily)].join('|');
}

/** Legacy `v2|deviceId|client.id|client.mode|role|scopes|signedAt|token|nonce`. */
export function buildV2Payload(f: SignatureFields): string {
  return commonFields('v2', f).join('|');
}

export interface ConnectAuthLike {
  token?: string | undefined;
  password?: string | undefined;
  deviceToken?: string | undefined;
  bootstrapToken?: string | undefined;
}

/**
 * The token field of the proof: the first present of token, deviceToken, bootstrapToken.
 * The password never takes part.
 */
export function signatureToken(auth: ConnectAuthLike | undefined): string {
  if (!auth) return '';
  if (auth.token !== undefined && auth.token !== null) return auth.token;
  if (auth.deviceToken !== undefined && auth.deviceToken !== null) return auth.deviceToken;
  if (auth.bootstrapToken !== undefined && auth.bootstrapToken !== null) return auth.bootstrapToken;
  return '';
}

/** A short, human-comparable fingerprint of a device id, e.g. `3F63-B179-FF79`. */
export function shortFingerprint(deviceId: string): string {
  const hex = deviceId.slice(0, 12).toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}
