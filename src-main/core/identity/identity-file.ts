/** Loads or creates a device identity file (0600) in a state directory. */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceSigner } from '../../../src-shared/client/connection.ts';
import { generateIdentity, identityFromPem, signPayload, type DeviceIdentity } from './ed25519.ts';

interface IdentityFile {
  version: 1;
  deviceId: string;
  publicKey: string;
  privateKeyPem: string;
  createdAtMs: number;
}

/** Reads the identity at `path`, creating it once (mode 0600) when absent. */
export function loadOrCreateIdentity(path: string): DeviceIdentity {
  if (existsSync(path)) {
    let parsed: IdentityFile;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as IdentityFile;
    } catch (err) {
      throw new Error(`device identity at ${path} is unreadable (${(err as Error).message}); move it aside to create a new one (the device will need pairing again)`, { cause: err });
    }
    const identity = identityFromPem(parsed.privateKeyPem);
    if (identity.deviceId !== parsed.deviceId) {
      throw new Error(`device identity at ${path} is inconsistent (id does not match key); move it aside to create a new one`);
    }
    return identity;
  }
  const identity = generateIdentity();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const file: IdentityFile = {
    version: 1,
    deviceId: identity.deviceId,
    publicKey: identity.publicKey,
    privateKeyPem: identity.privateKeyPem,
    createdAtMs: Date.now(),
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return identity;
}

export function signerFor(identity: DeviceIdentity): DeviceSigner {
  return {
    deviceId: identity.deviceId,
    publicKey: identity.publicKey,
    sign: (payload) => signPayload(identity.privateKeyPem, payload),
  };
}
