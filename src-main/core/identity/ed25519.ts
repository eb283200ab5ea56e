/** Ed25519 device identities with node:crypto: raw-key encoding, device ids, signing, verifying (SPEC §5). */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64Url, toBase64Url, toHex } from '../../../src-shared/protocol/base64url.ts';

/** The fixed 12-byte SPKI DER prefix of an Ed25519 public key. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** The fixed 16-byte PKCS#8 DER prefix of an Ed25519 private key (seed follows). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface DeviceIdentity {
  deviceId: string;
  /** Raw public key, unpadded base64url. */
  publicKey: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** device id = lowercase hex SHA-256 of the raw 32-byte public key. */
export function deviceIdFromRawKey(raw: Uint8Array): string {
  return toHex(createHash('sha256').update(raw).digest());
}

function rawFromPublicKeyObject(key: KeyObject): Uint8Array {
  const der = key.export({ type: 'spki', format: 'der' });
  return new Uint8Array(der.subarray(der.length - 32));
}

export function identityFromPrivateKey(privateKey: KeyObject): DeviceIdentity {
  const publicKey = createPublicKey(privateKey);
  const raw = rawFromPublicKeyObject(publicKey);
  return {
    deviceId: deviceIdFromRawKey(raw),
    publicKey: toBase64Url(raw),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function generateIdentity(): DeviceIdentity {
  const { privateKey } = generateKeyPairSync('ed25519');
  return identityFromPrivateKey(privateKey);
}

/** Builds an identity from a 32-byte seed (test vectors). */
export function identityFromSeed(seed: Uint8Array): DeviceIdentity {
  const der = Buffer.concat([PKCS8_PREFIX, Buffer.from(seed)]);
  return identityFromPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

export function identityFromPem(privateKeyPem: string): DeviceIdentity {
  return identityFromPrivateKey(createPrivateKey(privateKeyPem));
}

/** Signs the UTF-8 bytes of `payload`; returns unpadded base64url. */
export function signPayload(privateKeyPem: string, payload: string): string {
  return toBase64Url(sign(null, Buffer.from(payload, 'utf8'), createPrivateKey(privateKeyPem)));
}

/**
 * Normalises a wire public key (raw base64url/base64, or PEM) to the raw 32 bytes.
 * Returns undefined when it is not an Ed25519 key.
 */
export function normalizePublicKey(input: string): Uint8Array | undefined {
  const text = input.trim();
  if (text.startsWith('-----BEGIN')) {
    try {
      const key = createPublicKey(text);
      if (key.asymmetricKeyType !== 'ed25519') return undefined;
      return rawFromPublicKeyObject(key);
    } catch {
      return undefined;
    }
  }
  const bytes = fromBase64Url(text);
  if (!bytes) return undefined;
  if (bytes.length === 32) return bytes;
  if (bytes.length === 44 && Buffer.from(bytes.subarray(0, 12)).equals(SPKI_PREFIX)) return bytes.subarray(12);
  return undefined;
}

const keyCache = new Map<string, KeyObject>();

/** Verifies an Ed25519 signature (base64 or base64url) over the UTF-8 bytes of `payload`. */
export function verifySignature(rawPublicKey: Uint8Array, payload: string, signature: string): boolean {
  const sig = fromBase64Url(signature);
  if (!sig || sig.length !== 64) return false;
  const cacheKey = toBase64Url(rawPublicKey);
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(rawPublicKey)]), format: 'der', type: 'spki' });
    if (keyCache.size > 4096) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  try {
    return verify(null, Buffer.from(payload, 'utf8'), key, Buffer.from(sig));
  } catch {
    return false;
  }
}
