// Login credentials: which one is presented, what hello-ok leaves behind, what a refusal drops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialStore, operatorDeviceToken } from '../../src-renderer/session/credentials.ts';
import { Session, type LoginNotice } from '../../src-renderer/session/session.ts';
import { readSetupFragment } from '../../src-renderer/session/setup-link.ts';
import { gatewayUrlFor, describeBrowser } from '../../src-renderer/session/client-info.ts';
import { identityFromSeed } from '../../src-renderer/identity/browser-identity.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { FakeGateway } from './fake-gateway.ts';

const identity = identityFromSeed(new Uint8Array(32).fill(9));
const sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.client.stop();
});

function setup() {
  const local = memoryStorage();
  const creds = new CredentialStore(local, memoryStorage());
  const gw = new FakeGateway();
  const notices: (LoginNotice | undefined)[] = [];
  const session = new Session({
    identity, credentials: creds, url: 'ws://x/', onNotice: (n) => notices.push(n),
    client: { id: 'openclaw-control-ui', version: 't', platform: 'web', mode: 'ui' },
    clientOptions: { socketFactory: gw.factory, backoff: { initialMs: 10, maxMs: 20, jitter: 0 } },
  });
  sessions.push(session);
  return { local, creds, gw, session, notices };
}

const code = encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: 'boot-1', expiresAtMs: Date.now() + 600_000 });

describe('credentials', () => {
  it('prefers a fresh setup code, then the device token, then the shared token', () => {
    const c = new CredentialStore(memoryStorage(), memoryStorage());
    expect(c.current()).toBeUndefined();
    c.setSharedToken('shared');
    expect(c.current()).toEqual({ kind: 'token', token: 'shared' });
    c.acceptHello({ method: 'token', role: 'operator', scopes: ['operator.admin'], deviceToken: 'dev' });
    expect(c.current()).toEqual({ kind: 'device', token: 'dev', scopes: ['operator.admin'] });
    c.setBootstrap('boot');
    expect(c.current()?.kind).toBe('bootstrap');
  });

  it('finds the operator token among deviceTokens after a bootstrap', () => {
    expect(operatorDeviceToken({
      method: 'bootstrap-token', role: 'node', scopes: [], deviceToken: 'node-tok',
      deviceTokens: [{ deviceToken: 'op-tok', role: 'operator', scopes: ['operator.read'], issuedAtMs: 1 }],
    })).toEqual({ token: 'op-tok', scopes: ['operator.read'] });
    expect(operatorDeviceToken({ method: 'token', role: 'operator', scopes: [] })).toBeUndefined();
  });

  it('reads #setup= fragments, and flags undecodable ones', () => {
    expect(readSetupFragment(`#setup=${code}`).payload?.bootstrapToken).toBe('boot-1');
    expect(readSetupFragment('#setup=garbage!').payload).toBeUndefined();
    expect(readSetupFragment('#setup=garbage!').code).toBe('garbage!');
    expect(readSetupFragment('#/nodes')).toEqual({});
  });

  it('derives the gateway URL from the page address', () => {
    expect(gatewayUrlFor({ protocol: 'http:', host: 'hearth-home.test:18789' })).toBe('ws://hearth-home.test:18789/');
    expect(gatewayUrlFor({ protocol: 'https:', host: 'h.ts.net' })).toBe('wss://h.ts.net/');
    expect(describeBrowser({ userAgent: 'Mozilla/5.0 (Linux; Android 14) Mobile' }).platform).toBe('android');
  });
});

describe('Session', () => {
  it('signs in with a setup code, stores the device token and then uses it', async () => {
    const { session, gw, creds } = setup();
    expect(session.loginWithSetupCode(`http://h/#setup=${code}`)).toBe(true);
    await vi.waitFor(() => expect(session.client.getState().status).toBe('connected'));
    expect((gw.connects[0]!['auth'] as Record<string, unknown>)['bootstrapToken']).toBe('boot-1');
    expect(gw.connects[0]!['scopes']).toContain('operator.pairing');
    expect(creds.current()).toEqual({ kind: 'device', token: 'dev-tok-1', scopes: ['operator.admin'] });
    gw.drop();
    await vi.waitFor(() => expect(gw.connects.length).toBe(2));
    expect(gw.connects[1]!['auth']).toEqual({ deviceToken: 'dev-tok-1' });
    // The granted scopes are requested from then on, so the token's grant is never exceeded.
    expect(gw.connects[1]!['scopes']).toEqual(['operator.admin']);
  });

  it('rejects an unreadable code without connecting', () => {
    const { session, gw } = setup();
    expect(session.loginWithSetupCode('not a code')).toBe(false);
    expect(gw.sockets).toHaveLength(0);
  });

  it('drops a refused token, goes idle and leaves a notice for the login screen', async () => {
    const { session, gw, creds, notices } = setup();
    gw.answer = () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch', details: { code: 'AUTH_TOKEN_MISMATCH' } } });
    session.loginWithToken('wrong');
    await vi.waitFor(() => expect(session.client.getState().status).toBe('idle'));
    expect(creds.current()).toBeUndefined();
    const last = notices.at(-1);
    expect(last?.failure.kind).toBe('token-wrong');
    expect(last?.via).toBe('token');
  });

  it('falls back to a kept device token when a stale setup link is refused', async () => {
    const { session, gw, creds } = setup();
    creds.acceptHello({ method: 'token', role: 'operator', scopes: ['operator.admin'], deviceToken: 'kept' });
    gw.answer = (p) => ((p['auth'] as Record<string, unknown>)['bootstrapToken']
      ? { ok: false, error: { code: 'INVALID_REQUEST', message: 'setup code invalid', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } } }
      : { ok: true });
    session.loginWithSetupCode(code);
    await vi.waitFor(() => expect(session.client.getState().status).toBe('connected'));
    expect(gw.connects.at(-1)!['auth']).toEqual({ deviceToken: 'kept' });
  });
});
