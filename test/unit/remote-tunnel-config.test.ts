import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostKeyFingerprint, normalizeFingerprint } from '../../src-main/core/remote/host-key.ts';
import { BACKOFF, backoffDelay } from '../../src-main/core/remote/tunnel-backoff.ts';
import { checkRemoteBind, parseSshTarget, storedTunnelConfig, tunnelPhoneRoute, TunnelConfigError } from '../../src-main/core/remote/tunnel-config.ts';

test('ssh targets: USER@HOST[:PORT], IPv6 in brackets, clear refusals', () => {
  assert.deepEqual(parseSshTarget('vps-user@vps.example.org'), { user: 'vps-user', host: 'vps.example.org', port: 22 });
  assert.deepEqual(parseSshTarget('me@203.0.113.7:2222'), { user: 'me', host: '203.0.113.7', port: 2222 });
  assert.deepEqual(parseSshTarget('me@[2001:db8::1]:22'), { user: 'me', host: '2001:db8::1', port: 22 });
  assert.throws(() => parseSshTarget('vps.example.org'), /USER@HOST/);
  assert.throws(() => parseSshTarget('a@b:70000'), /out of range/);
  assert.throws(() => parseSshTarget('a@b c'), TunnelConfigError);
});

test('a public remote bind needs auth and --public', () => {
  assert.doesNotThrow(() => checkRemoteBind('127.0.0.1', { hasAuth: false, public: false }));
  assert.doesNotThrow(() => checkRemoteBind('localhost', { hasAuth: false, public: false }));
  assert.throws(() => checkRemoteBind('0.0.0.0', { hasAuth: false, public: true }), /without authentication/);
  assert.throws(() => checkRemoteBind('0.0.0.0', { hasAuth: true, public: false }), /--public/);
  assert.doesNotThrow(() => checkRemoteBind('0.0.0.0', { hasAuth: true, public: true }));
  assert.throws(() => checkRemoteBind('bad host;rm', { hasAuth: true, public: true }), /not an address/);
});

test('phone route: ssh -L for a loopback bind, the VPS address for a public one', () => {
  const base = { user: 'u', host: 'vps.example', port: 2222, identityFile: '/k', remotePort: 18789, remoteBind: '127.0.0.1', hostKey: 'SHA256:x', enabled: true };
  assert.deepEqual(tunnelPhoneRoute(base), { phoneUrl: 'http://127.0.0.1:18789', sshForwardCommand: 'ssh -N -L 18789:127.0.0.1:18789 -p 2222 u@vps.example' });
  assert.deepEqual(tunnelPhoneRoute({ ...base, remoteBind: '0.0.0.0' }), { phoneUrl: 'http://vps.example:18789', sshForwardCommand: null });
});

test('stored config: tolerant of junk, defaults filled in', () => {
  assert.equal(storedTunnelConfig(null), undefined);
  assert.equal(storedTunnelConfig({ user: 'u' }), undefined);
  assert.deepEqual(storedTunnelConfig({ user: 'u', host: 'h', identityFile: '/k', hostKey: 'SHA256:x' }), {
    user: 'u', host: 'h', identityFile: '/k', hostKey: 'SHA256:x', port: 22, remotePort: 18789, remoteBind: '127.0.0.1', enabled: true,
  });
});

test('backoff: 1 s doubling to a 60 s cap with jitter; auth failures wait minutes', () => {
  assert.equal(backoffDelay('transient', 1, () => 0.5), 1000);
  assert.equal(backoffDelay('transient', 3, () => 0.5), 4000);
  assert.equal(backoffDelay('transient', 40, () => 0.99), BACKOFF.transient.capMs);
  for (let i = 1; i < 12; i++) {
    const d = backoffDelay('transient', i);
    assert.ok(d >= 800 && d <= 60_000, String(d));
  }
  assert.ok(backoffDelay('auth-failed', 1, () => 0) >= 4 * 60_000);
  assert.ok(backoffDelay('remote-port-busy', 1, () => 0) >= 4000);
});

test('host key fingerprints match ssh-keygen -l (SHA256, unpadded base64)', () => {
  const fp = hostKeyFingerprint(Buffer.from('key-blob'));
  assert.match(fp, /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.equal(normalizeFingerprint(fp.slice(7) + '='), fp);
  assert.equal(normalizeFingerprint('SHA256:short'), undefined);
});
