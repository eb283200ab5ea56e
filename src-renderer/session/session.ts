/**
 * Login and the life of the gateway link: picks the credential to present, signs with the
 * browser identity, keeps the device token hello-ok hands out, and turns a refusal into a
 * notice for the login screen (dropping the credential that failed).
 */
import { shortFingerprint } from '../../src-shared/protocol/device-auth.ts';
import { GatewayClient, type ClientOptions, type ConnectPlan } from '../client/gateway-client.ts';
import type { ConnectFailure } from '../../src-shared/client/failure.ts';
import { signerFor, type BrowserIdentity } from '../identity/browser-identity.ts';
import type { CredentialKind, CredentialStore } from './credentials.ts';
import { parsePastedSetup } from './setup-link.ts';
import { clientInfo, UI_SCOPES } from './client-info.ts';
import type { ClientInfo } from '../../src-shared/protocol/schemas.ts';

/** Why the login screen is showing, and what failed. */
export interface LoginNotice {
  failure: ConnectFailure;
  via: CredentialKind;
  /**
   * A refused setup code whose own expiry (in the code) has passed by this device's clock: the
   * screen then says "expired" rather than "expired, used or revoked".
   */
  expiredAtMs?: number | undefined;
}

export interface SessionOptions {
  identity: BrowserIdentity;
  credentials: CredentialStore;
  url: string;
  client?: ClientInfo;
  clientOptions?: Partial<ClientOptions>;
  onNotice?: (notice: LoginNotice | undefined) => void;
  /** The clock a setup code's expiry is read against (tests). */
  now?: () => number;
}

/** The app's one gateway session. */
export class Session {
  readonly client: GatewayClient;
  readonly identity: BrowserIdentity;
  readonly fingerprint: string;
  private readonly credentials: CredentialStore;
  private readonly info: ClientInfo;
  private readonly onNotice: (n: LoginNotice | undefined) => void;
  private lastKind: CredentialKind | undefined;
  private lastExpiresAtMs: number | undefined;
  private readonly now: () => number;

  constructor(opts: SessionOptions) {
    this.identity = opts.identity;
    this.fingerprint = shortFingerprint(opts.identity.deviceId);
    this.credentials = opts.credentials;
    this.info = opts.client ?? clientInfo(globalThis.navigator);
    this.onNotice = opts.onNotice ?? (() => {});
    this.now = opts.now ?? Date.now;
    this.client = new GatewayClient({ ...opts.clientOptions, url: opts.url, plan: () => this.plan() });
    this.client.onHello((hello) => {
      this.credentials.acceptHello(hello.auth);
      this.onNotice(undefined);
    });
    this.client.subscribe((s) => {
      if (s.status === 'rejected') this.onRejected(s.failure);
    });
  }

  /** True when there is something to log in with (otherwise show the login screen). */
  hasCredentials(): boolean {
    return this.credentials.current() !== undefined;
  }

  start(): void {
    this.client.start();
  }

  /** Logs in with a setup code, link or `oc-pair://` URL; false when it cannot be decoded. */
  loginWithSetupCode(input: string): boolean {
    const payload = parsePastedSetup(input);
    if (!payload) return false;
    this.credentials.setBootstrap(payload.bootstrapToken, payload.expiresAtMs);
    this.onNotice(undefined);
    this.client.start();
    return true;
  }

  /** Logs in with the gateway's shared token. */
  loginWithToken(token: string): void {
    this.credentials.setSharedToken(token.trim());
    this.onNotice(undefined);
    this.client.start();
  }

  /** Forgets every credential of this browser (the identity stays, so re-pairing keeps its id). */
  logout(): void {
    this.credentials.clearAll();
    this.client.stop();
  }

  private plan(): ConnectPlan | undefined {
    const cred = this.credentials.current();
    this.lastKind = cred?.kind;
    this.lastExpiresAtMs = cred?.kind === 'bootstrap' ? cred.expiresAtMs : undefined;
    if (!cred) return undefined;
    const scopes = cred.kind === 'device' && cred.scopes.length > 0 ? cred.scopes : UI_SCOPES;
    const auth = cred.kind === 'bootstrap' ? { bootstrapToken: cred.token } : cred.kind === 'device' ? { deviceToken: cred.token } : { token: cred.token };
    return { client: this.info, role: 'operator', scopes, auth, device: signerFor(this.identity), connectTimeoutMs: 10_000 };
  }

  private onRejected(failure: ConnectFailure): void {
    const via = this.lastKind ?? 'token';
    const exp = this.lastExpiresAtMs;
    const expiredAtMs = via === 'bootstrap' && failure.kind === 'setup-code-invalid' && exp !== undefined && exp <= this.now() ? exp : undefined;
    this.credentials.forget(via);
    this.onNotice(expiredAtMs === undefined ? { failure, via } : { failure, via, expiredAtMs });
    // Another credential may still work (e.g. a stale setup link, but a device token is kept).
    if (this.credentials.current()) this.client.start();
    else this.client.stop();
  }
}
