/** SSH host key fingerprints in OpenSSH's format (`SHA256:` + unpadded base64 of the key blob's SHA-256). */
import { createHash } from 'node:crypto';

export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Normalises what a user pastes (`SHA256:…`, with or without padding or the prefix); undefined when it is not one. */
export function normalizeFingerprint(input: string): string | undefined {
  const v = input.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(v)) return undefined;
  return `SHA256:${v}`;
}
