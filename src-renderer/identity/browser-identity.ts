/**
 * The browser's Ed25519 device identity, in pure JS (@noble/ed25519): a phone on
 * http://100.x.y.z:18789 is not a secure context, so WebCrypto's subtle API may be missing.
 * Only crypto.getRandomValues is needed, which insecure contexts still have.
 */
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { fromBase64Url, toBase64Url, toHex, utf8 } from '../../src-shared/protocol/base64url.ts';
import type { DeviceSigner } from '../../src-shared/client/connection.ts';
import type { StorageLike } from '../lib/storage.ts';

const STORAGE_KEY = 'hearth.identity.v1';

/** A device identity: secret seed, raw public key and the id derived from it (SPEC §5.1). */
export interface BrowserIdentity {
  deviceId: string;
  /** Raw 32-byte public key, unpadded base64url (the wire form). */
  publicKey: string;
  /** 32-byte Ed25519 seed, unpadded base64url. */
  secretKey: string;
}

let configured = false;
/** Gives noble a synchronous SHA-512 so sign() can stay synchronous; done on first use, not on import. */
function ensureHashes(): void {
  if (configured) return;
  ed.hashes.sha512 = sha512;
  configured = true;
}

/** Derives the identity of a 32-byte seed. */
export function identityFromSeed(seed: Uint8Array): BrowserIdentity {
  ensureHashes();
  const pub = ed.getPublicKey(seed);
  return { deviceId: toHex(sha256(pub)), publicKey: toBase64Url(pub), secretKey: toBase64Url(seed) };
}

/** Signs the UTF-8 bytes of `payload`; returns an unpadded base64url signature. */
export function signPayload(identity: BrowserIdentity, payload: string): string {
  ensureHashes();
  const seed = fromBase64Url(identity.secretKey);
  if (!seed || seed.length !== 32) throw new Error('device key is damaged');
  return toBase64Url(ed.sign(utf8(payload), seed));
}

/** Adapts an identity to the connection's signer interface. */
export function signerFor(identity: BrowserIdentity): DeviceSigner {
  return { deviceId: identity.deviceId, publicKey: identity.publicKey, sign: (p) => signPayload(identity, p) };
}

function parseStored(text: string | null): BrowserIdentity | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<BrowserIdentity>;
    if (typeof v.secretKey !== 'string') return undefined;
    const seed = fromBase64Url(v.secretKey);
    if (!seed || seed.length !== 32) return undefined;
    // Re-derive rather than trust stored public parts, so a damaged entry cannot mismatch.
    return identityFromSeed(seed);
  } catch {
    return undefined;
  }
}

/** Loads the identity from storage, creating and saving one on first use. */
export function loadOrCreateIdentity(
  storage: StorageLike,
  randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): BrowserIdentity {
  const existing = parseStored(storage.getItem(STORAGE_KEY));
  if (existing) return existing;
  const identity = identityFromSeed(randomBytes(32));
  storage.setItem(STORAGE_KEY, JSON.stringify(identity));
  return identity;
}
