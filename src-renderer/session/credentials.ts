/**
 * What this browser presents to the gateway, in order of preference: a setup code's bootstrap
 * token (just scanned), the device token it was issued (kept), or the gateway token typed once.
 * The device token lives in localStorage; the shared token only in sessionStorage, and only
 * until a device token replaces it.
 */
import type { HelloOkAuth } from '../../src-shared/protocol/types.ts';
import type { StorageLike } from '../lib/storage.ts';

export type Credential =
  | { kind: 'bootstrap'; token: string; expiresAtMs?: number }
  | { kind: 'device'; token: string; scopes: string[] }
  | { kind: 'token'; token: string };

export type CredentialKind = Credential['kind'];

const KEYS = { device: 'hearth.deviceToken.v1', bootstrap: 'hearth.bootstrap.v1', token: 'hearth.sharedToken.v1' } as const;

function readJson<T>(s: StorageLike, key: string): T | undefined {
  const text = s.getItem(key);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Reads and writes the browser's gateway credentials. */
export class CredentialStore {
  private readonly local: StorageLike;
  private readonly session: StorageLike;

  constructor(local: StorageLike, session: StorageLike) {
    this.local = local;
    this.session = session;
  }

  /** The credential to try next, or undefined when the user has to log in. */
  current(): Credential | undefined {
    const boot = readJson<{ token: string; expiresAtMs?: number }>(this.session, KEYS.bootstrap);
    if (boot && typeof boot.token === 'string') return { kind: 'bootstrap', ...boot };
    const dev = readJson<{ token: string; scopes?: string[] }>(this.local, KEYS.device);
    if (dev && typeof dev.token === 'string') return { kind: 'device', token: dev.token, scopes: Array.isArray(dev.scopes) ? dev.scopes : [] };
    const shared = this.session.getItem(KEYS.token);
    if (shared) return { kind: 'token', token: shared };
    return undefined;
  }

  hasDeviceToken(): boolean {
    return this.local.getItem(KEYS.device) !== null;
  }

  setBootstrap(token: string, expiresAtMs?: number): void {
    this.session.setItem(KEYS.bootstrap, JSON.stringify(expiresAtMs === undefined ? { token } : { token, expiresAtMs }));
  }

  setSharedToken(token: string): void {
    this.session.setItem(KEYS.token, token);
  }

  /** Drops one kind of credential (after the gateway refused it). */
  forget(kind: CredentialKind): void {
    if (kind === 'bootstrap') this.session.removeItem(KEYS.bootstrap);
    else if (kind === 'device') this.local.removeItem(KEYS.device);
    else this.session.removeItem(KEYS.token);
  }

  clearAll(): void {
    for (const k of ['bootstrap', 'device', 'token'] as const) this.forget(k);
  }

  /**
   * Keeps the operator device token from hello-ok, and drops the one-shot credentials it replaces.
   * Returns whether a device token was found.
   */
  acceptHello(auth: HelloOkAuth | undefined): boolean {
    const issued = operatorDeviceToken(auth);
    if (!issued) {
      this.forget('bootstrap');
      return false;
    }
    this.local.setItem(KEYS.device, JSON.stringify(issued));
    this.forget('bootstrap');
    this.forget('token');
    return true;
  }
}

/** The operator-role device token in a hello-ok (direct, or among `deviceTokens` after a bootstrap). */
export function operatorDeviceToken(auth: HelloOkAuth | undefined): { token: string; scopes: string[] } | undefined {
  if (!auth) return undefined;
  if (auth.role === 'operator' && auth.deviceToken) return { token: auth.deviceToken, scopes: auth.scopes ?? [] };
  const entry = auth.deviceTokens?.find((t) => t.role === 'operator');
  return entry ? { token: entry.deviceToken, scopes: entry.scopes ?? [] } : undefined;
}
