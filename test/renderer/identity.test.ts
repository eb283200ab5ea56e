// The browser identity must produce byte-identical proofs to the SPEC §5.2 vector.
import { describe, expect, it } from 'vitest';
import { buildV3Payload } from '../../src-shared/protocol/device-auth.ts';
import { identityFromSeed, loadOrCreateIdentity, signPayload, signerFor } from '../../src-renderer/identity/browser-identity.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const DEVICE_ID = '65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8';

describe('browser identity (pure-JS Ed25519)', () => {
  it('derives the vector public key and device id from seed 0x01..0x20', () => {
    const id = identityFromSeed(seed);
    expect(id.publicKey).toBe('ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ');
    expect(id.deviceId).toBe(DEVICE_ID);
  });

  it('signs the v3 vector payload to the expected signature', async () => {
    const id = identityFromSeed(seed);
    const payload = buildV3Payload({
      deviceId: DEVICE_ID, clientId: 'node-host', clientMode: 'node', role: 'node', scopes: [], signedAtMs: 1700000000000,
      token: 'example-shared-token', nonce: '00000000-0000-4000-8000-000000000000', platform: 'linux', deviceFamily: 'Linux',
    });
    expect(payload).toBe(`v3|${DEVICE_ID}|node-host|node|node||1700000000000|example-shared-token|00000000-0000-4000-8000-000000000000|linux|linux`);
    const expected = 'UUIlJbK3mfCNCXrVvu3hBq9uGws8x8Q8w8g3WMoPJLoeb2QWBJ0BhYc7ugt0tPrh9TraXkJ9rqXUFYLyRjkcBA';
    expect(signPayload(id, payload)).toBe(expected);
    expect(await signerFor(id).sign(payload)).toBe(expected);
  });

  it('signs the v2 vector payload too', () => {
    const id = identityFromSeed(seed);
    const payload = `v2|${DEVICE_ID}|cli|cli|operator|operator.read,operator.write|1700000000000||nonce-abc`;
    expect(signPayload(id, payload)).toBe('p4hjAHcsf92K2tGt84DcRCQCP1iq-4FtK4yAv7Hi72Xn59Qbbzvt2tBVwUkMb0X50pV6BRLGT-nzlHwaFjlpCg');
  });

  it('creates the identity once and reloads the same one', () => {
    const storage = memoryStorage();
    let calls = 0;
    const rnd = (n: number) => { calls++; return Uint8Array.from({ length: n }, (_, i) => i + 1); };
    const a = loadOrCreateIdentity(storage, rnd);
    const b = loadOrCreateIdentity(storage, rnd);
    expect(a.deviceId).toBe(DEVICE_ID);
    expect(b).toEqual(a);
    expect(calls).toBe(1);
  });

  it('replaces a damaged stored identity instead of failing', () => {
    const storage = memoryStorage();
    storage.setItem('hearth.identity.v1', '{"secretKey":"short"}');
    const id = loadOrCreateIdentity(storage, (n) => new Uint8Array(n).fill(7));
    expect(id.deviceId).toMatch(/^[0-9a-f]{64}$/);
  });
});
