// Sign-in refusals, each with its own headline: a refused setup code whose expiry has passed
// says "expired" (with when), one still in date keeps "expired, used or revoked", a damaged link
// says damaged; the gateway's raw words stay folded under "Technical details".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';
import { CredentialStore } from '../../src-renderer/session/credentials.ts';
import { Session, type LoginNotice } from '../../src-renderer/session/session.ts';
import { readSetupFragment, setupLinkNotice } from '../../src-renderer/session/setup-link.ts';
import { identityFromSeed } from '../../src-renderer/identity/browser-identity.ts';
import { createConnectionStore } from '../../src-renderer/state/connection-store.ts';
import { createNodesStore } from '../../src-renderer/state/nodes-store.ts';
import { createPendingStore } from '../../src-renderer/state/pending-store.ts';
import { createRunsStore } from '../../src-renderer/state/runs-store.ts';
import { createSettingsStore } from '../../src-renderer/state/settings-store.ts';
import { createSetupStore } from '../../src-renderer/state/setup-store.ts';
import { createStorageStore } from '../../src-renderer/state/storage-store.ts';
import { encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { FakeGateway } from './fake-gateway.ts';

const identity = identityFromSeed(new Uint8Array(32).fill(7));
const sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.client.stop();
  cleanup();
});

const REFUSED = { ok: false, error: { code: 'INVALID_REQUEST', message: 'unauthorized: bootstrap token invalid or expired', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } } };

async function refusedNotice(expiresAtMs: number, now: number): Promise<LoginNotice | undefined> {
  const gw = new FakeGateway();
  gw.answer = () => REFUSED;
  const notices: (LoginNotice | undefined)[] = [];
  const session = new Session({
    identity, credentials: new CredentialStore(memoryStorage(), memoryStorage()), url: 'ws://x/', onNotice: (n) => notices.push(n), now: () => now,
    client: { id: 'openclaw-control-ui', version: 't', platform: 'web', mode: 'ui' },
    clientOptions: { socketFactory: gw.factory, backoff: { initialMs: 10, maxMs: 20, jitter: 0 } },
  });
  sessions.push(session);
  session.loginWithSetupCode(encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: 'boot-x', expiresAtMs }));
  await vi.waitFor(() => expect(session.client.getState().status).toBe('idle'));
  return notices.at(-1);
}

function loginScreen(notice: LoginNotice, lang: 'en' | 'zh-CN' = 'en') {
  const storage = memoryStorage();
  const s: AppServices = {
    stores: {
      connection: createConnectionStore('dev', 'ABCD'), nodes: createNodesStore(), pending: createPendingStore(), storage: createStorageStore(),
      runs: createRunsStore(), settings: createSettingsStore(), setup: createSetupStore(), i18n: createI18nStore(storage, [lang]),
    },
    client: { invoke: vi.fn() as AppServices['client']['invoke'] },
    session: { loginWithToken: vi.fn(), loginWithSetupCode: vi.fn(() => true), logout: vi.fn() }, storage,
  };
  s.stores.connection.setState({ notice });
  render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
  return screen.getByTestId('login-notice');
}

describe('sign-in refusals', () => {
  it('a refused code past its own expiry is called expired, with the time, in both languages', async () => {
    const exp = Date.UTC(2026, 0, 1, 12, 0);
    const notice = await refusedNotice(exp, exp + 60_000);
    expect(notice?.failure.kind).toBe('setup-code-invalid');
    expect(notice?.expiredAtMs).toBe(exp);
    const box = loginScreen(notice!);
    expect(box.querySelector('strong')!.textContent).toMatch(/^This setup code expired \(.+\)\. Ask for a new one: hearth qr on the gateway/);
    // The gateway's own words only under Technical details.
    expect(box.querySelector('strong')!.textContent).not.toContain('bootstrap');
    expect(box.querySelector('details')!.textContent).toContain('bootstrap token invalid or expired');
    cleanup();
    expect(loginScreen(notice!, 'zh-CN').querySelector('strong')!.textContent).toMatch(/^此配对码已过期（.+）。/);
  });

  it('a refused code still in date is "no longer valid: expired, used or revoked", not "expired"', async () => {
    const notice = await refusedNotice(Date.now() + 600_000, Date.now());
    expect(notice?.expiredAtMs).toBeUndefined();
    expect(loginScreen(notice!).querySelector('strong')!.textContent).toBe('This setup code is not valid any more: it expired, was already used, or was revoked.');
  });

  it('a damaged link is called damaged, not expired', () => {
    const failure = setupLinkNotice(readSetupFragment('#setup=eyJ1cmwiOiJ3cz'))!;
    const box = loginScreen({ failure, via: 'bootstrap' });
    expect(box.querySelector('strong')!.textContent).toBe('This setup link is damaged or incomplete, so it cannot be read. Copy the whole link, or scan the QR code again.');
    expect(box.textContent).not.toMatch(/expired/);
  });
});
