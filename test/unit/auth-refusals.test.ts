// Refused credentials: the long backoff ladder, service-manager detection and the one message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTH_REFUSAL_LADDER_MS, authRefusalDelay, authRefusalMessage, credentialText, serviceManagerOf } from '../../src-main/core/agent/auth-refusals.ts';
import { explainRefusal } from '../../src-main/core/agent/credentials.ts';

test('the waits after refusals 1, 2, 3 are 5 s, 30 s, 2 min, then every 10 minutes', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 50].map((n) => authRefusalDelay(n)), [5_000, 30_000, 120_000, 600_000, 600_000, 600_000]);
  assert.deepEqual(AUTH_REFUSAL_LADDER_MS, [5_000, 30_000, 120_000, 600_000]);
  assert.equal(authRefusalDelay(2, 0.001), 30);
  assert.equal(authRefusalDelay(0), 5_000);
});

test('service managers: systemd, launchd (not a macOS terminal), our own marker', () => {
  assert.equal(serviceManagerOf({}), undefined);
  assert.equal(serviceManagerOf({ INVOCATION_ID: 'a1b2' }), 'systemd');
  assert.equal(serviceManagerOf({ XPC_SERVICE_NAME: 'dev.hearth.node' }), 'launchd');
  assert.equal(serviceManagerOf({ XPC_SERVICE_NAME: '0' }), undefined);
  assert.equal(serviceManagerOf({ XPC_SERVICE_NAME: 'application.com.apple.Terminal.1234' }), undefined);
  assert.equal(serviceManagerOf({ HEARTH_SERVICE: 'systemd' }), 'systemd');
  assert.equal(serviceManagerOf({ HEARTH_SERVICE: 'schtasks' }), 'Task Scheduler');
  assert.equal(serviceManagerOf({ HEARTH_SERVICE: 'runit' }), 'service (runit)');
});

test('the message names what was refused, the credential used and where it came from, and the fix', () => {
  const ctx = { source: 'shared-secret' as const, fingerprint: 'F', gatewayUrl: 'ws://gw:18789', hasOtherCredential: true };
  const mismatch = explainRefusal({ code: 'INVALID_REQUEST', message: 'unauthorized', details: { code: 'AUTH_TOKEN_MISMATCH' } }, ctx);
  assert.equal(authRefusalMessage(mismatch, { source: 'shared-secret', secretSource: 'HEARTH_GATEWAY_TOKEN', statePath: '/s/node.json' }, 'ws://gw:18789'),
    "The gateway at ws://gw:18789 refused this node's token (AUTH_TOKEN_MISMATCH). It used the gateway token from HEARTH_GATEWAY_TOKEN. Fix: pass the gateway's token (`hearth setup --show-token` on the gateway machine prints it) with --token or HEARTH_GATEWAY_TOKEN, or pair it with a new setup code: run `hearth qr --node` on the gateway machine, then `hearth node run --pair <code>` here.");
  const missing = explainRefusal({ code: 'INVALID_REQUEST', message: 'unauthorized', details: { code: 'AUTH_TOKEN_MISSING' } }, { ...ctx, source: 'none' });
  assert.match(authRefusalMessage(missing, { source: 'none', statePath: '/s' }, 'ws://gw:18789'),
    /^The gateway at ws:\/\/gw:18789 refused this node's connection without a credential \(AUTH_TOKEN_MISSING\)\. It used no credential \(no --token, no HEARTH_GATEWAY_TOKEN or OPENCLAW_GATEWAY_TOKEN, no stored device token, no setup code\)\./);
  const code = explainRefusal({ code: 'INVALID_REQUEST', message: 'x', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } }, { ...ctx, source: 'bootstrap-token' });
  assert.equal(authRefusalMessage(code, { source: 'bootstrap-token', statePath: '/s' }, 'ws://gw:18789'),
    'The gateway at ws://gw:18789 refused the setup code (AUTH_BOOTSTRAP_TOKEN_INVALID): it is expired, already used or from another gateway. It used the setup code given with --pair. Fix: run `hearth qr --node` on the gateway machine for a new code, then `hearth node run --pair <code>` here.');
  assert.equal(credentialText({ source: 'device-token', statePath: '/s/node.json' }), 'the device token stored in /s/node.json');
  assert.equal(credentialText({ source: 'shared-secret', secretSource: '--token', statePath: '/s' }), 'the gateway token from --token');
});
