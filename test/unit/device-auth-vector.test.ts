// SPEC §5.2 deterministic test vector: payload strings and signatures must match byte for byte.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildV2Payload, buildV3Payload } from '../../src-shared/protocol/device-auth.ts';
import { identityFromSeed, normalizePublicKey, signPayload, verifySignature } from '../../src-main/core/identity/ed25519.ts';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const DEVICE_ID = '65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8';

test('seed 0x01..0x20 gives the specified public key and device id', () => {
  const id = identityFromSeed(seed);
  assert.equal(id.publicKey, 'ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ');
  assert.equal(id.deviceId, DEVICE_ID);
});

test('v3 payload and signature match the vector', () => {
  const id = identityFromSeed(seed);
  const payload = buildV3Payload({
    deviceId: DEVICE_ID, clientId: 'node-host', clientMode: 'node', role: 'node', scopes: [],
    signedAtMs: 1700000000000, token: 'example-shared-token', nonce: '00000000-0000-4000-8000-000000000000',
    platform: 'linux', deviceFamily: 'Linux',
  });
  assert.equal(payload, `v3|${DEVICE_ID}|node-host|node|node||1700000000000|example-shared-token|00000000-0000-4000-8000-000000000000|linux|linux`);
  assert.equal(signPayload(id.privateKeyPem, payload), 'UUIlJbK3mfCNCXrVvu3hBq9uGws8x8Q8w8g3WMoPJLoeb2QWBJ0BhYc7ugt0tPrh9TraXkJ9rqXUFYLyRjkcBA');
});

test('v2 payload and signature match the vector', () => {
  const id = identityFromSeed(seed);
  const payload = buildV2Payload({
    deviceId: DEVICE_ID, clientId: 'cli', clientMode: 'cli', role: 'operator', scopes: ['operator.read', 'operator.write'],
    signedAtMs: 1700000000000, token: '', nonce: 'nonce-abc',
  });
  assert.equal(payload, `v2|${DEVICE_ID}|cli|cli|operator|operator.read,operator.write|1700000000000||nonce-abc`);
  const sig = signPayload(id.privateKeyPem, payload);
  assert.equal(sig, 'p4hjAHcsf92K2tGt84DcRCQCP1iq-4FtK4yAv7Hi72Xn59Qbbzvt2tBVwUkMb0X50pV6BRLGT-nzlHwaFjlpCg');
  const raw = normalizePublicKey(id.publicKey)!;
  assert.equal(verifySignature(raw, payload, sig), true);
  assert.equal(verifySignature(raw, payload.replace('nonce-abc', 'nonce-abd'), sig), false);
});

test('a captured real node-host signature verifies as v3', () => {
  // From transcripts/02: the real node host's first connect.
  const raw = normalizePublicKey('xnhCkbqRf8bAZAzBEmwck1nVohAO_dg_MAdfy_KVrM8')!;
  const payload = 'v3|3f63b179ff796f830fe8660925a1110cfe00ad7d5d1471735277f49e51aca45d|node-host|node|node||1795602827764|tok-research-0123456789abcdef|d40d69e7-e68d-47b5-b614-1f05fae701df|linux|linux';
  assert.equal(verifySignature(raw, payload, 'qN-QjKoveKq4ids2z0KVd1v9iyqjKtsUULs6Q1ZtWfz9eFGf3vPERpVOsh5_ngTtUm6FzS-K93zTZ_PqPCb4Dw'), true);
});
