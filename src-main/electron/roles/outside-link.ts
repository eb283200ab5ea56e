/**
 * The desktop app's operator connection to a gateway that runs outside it (outside-gateway.ts):
 * what the tray shows of it (nodes online, open alerts, kept current from its `presence` and
 * `hearth.alert` events) and the setup codes the app mints for its window and for pairing a
 * phone — what an in-process gateway gives the app directly. A dropped connection is opened
 * again by the runtime's periodic look at the outside gateway.
 */
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import type { Logger } from '../../core/logger.ts';
import type { GatewaySnapshot } from '../shell-state.ts';
import type { OutsideCredential } from './outside-gateway.ts';

export interface SetupCodeView {
  setupCode: string;
  gatewayUrl: string;
  urls?: string[];
  expiresAtMs: number;
}

export interface OutsideLinkOptions {
  url: string;
  credential?: OutsideCredential;
  version: string;
  logger: Logger;
  /** The tray's view changed (counts read, connection lost). */
  onChange: () => void;
}

export class OutsideLink {
  private readonly o: OutsideLinkOptions;
  private conn: GatewayConnection | undefined;
  private opening: Promise<GatewayConnection> | undefined;
  private closed = false;
  private nodesOnline: number | undefined;
  private alerts: GatewaySnapshot['alerts'];
  /** The last failure logged: the runtime retries every few seconds, and one line per cause is enough. */
  private lastFailure: string | undefined;

  constructor(o: OutsideLinkOptions) {
    this.o = o;
  }

  /** Nodes online and open alerts as last read; empty while not connected. */
  get view(): Pick<GatewaySnapshot, 'nodesOnline' | 'alerts'> {
    return { ...(this.nodesOnline !== undefined ? { nodesOnline: this.nodesOnline } : {}), ...(this.alerts ? { alerts: this.alerts } : {}) };
  }

  get connected(): boolean {
    return this.conn?.isOpen === true;
  }

  /** Opens the connection if it is not open; never throws (a failure is logged once until its cause changes or a connect succeeds). */
  async ensure(): Promise<void> {
    try {
      await this.open();
      this.lastFailure = undefined;
    } catch (err) {
      const message = (err as Error).message;
      if (message === this.lastFailure) return;
      this.lastFailure = message;
      this.o.logger.warn('cannot read the gateway that runs outside the app', { url: this.o.url, error: message });
    }
  }

  /** A single-use setup code from the outside gateway (operator.admin), as `hearth qr` mints it. */
  async setupCode(profile: 'node' | 'operator'): Promise<SetupCodeView> {
    const conn = await this.open();
    const r = await conn.call('device.pair.setupCode', { bootstrapProfile: profile });
    return { setupCode: r.setupCode, gatewayUrl: r.gatewayUrl, ...(r.urls ? { urls: r.urls } : {}), expiresAtMs: r.expiresAtMs };
  }

  close(): void {
    this.closed = true;
    this.conn?.close(1000, 'the app stops showing this gateway');
    this.conn = undefined;
  }

  private open(): Promise<GatewayConnection> {
    if (this.closed) return Promise.reject(new Error('the link to the outside gateway is closed'));
    if (this.conn?.isOpen) return Promise.resolve(this.conn);
    this.opening ??= this.connect().finally(() => { this.opening = undefined; });
    return this.opening;
  }

  private async connect(): Promise<GatewayConnection> {
    const [{ GatewayConnection }, { wsSocketFactory }] = await Promise.all([
      import('../../../src-shared/client/connection.ts'),
      import('../../core/net/ws-socket.ts'),
    ]);
    const cred = this.o.credential;
    const conn = await GatewayConnection.open({
      url: this.o.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.read', 'operator.admin'],
      client: { id: 'cli', mode: 'cli', platform: process.platform, version: this.o.version, displayName: 'Hearth desktop app' },
      auth: cred?.token ? { token: cred.token } : cred?.password ? { password: cred.password } : {},
      connectTimeoutMs: 5_000,
    });
    if (this.closed) {
      conn.close(1000, 'the app stops showing this gateway');
      throw new Error('the link to the outside gateway is closed');
    }
    this.conn = conn;
    conn.on('presence', () => void this.readNodes());
    conn.on('hearth.alert', () => void this.readAlerts());
    conn.onClose(() => {
      if (this.conn !== conn) return;
      this.conn = undefined;
      this.nodesOnline = undefined;
      this.alerts = undefined;
      this.o.onChange();
    });
    await Promise.all([this.readNodes(), this.readAlerts()]);
    return conn;
  }

  private async readNodes(): Promise<void> {
    try {
      const r = await this.conn?.call('node.list', {});
      if (!r) return;
      this.nodesOnline = r.nodes.filter((n) => n.connected).length;
      this.o.onChange();
    } catch { /* the next event or look reads it again */ }
  }

  private async readAlerts(): Promise<void> {
    try {
      const r = await this.conn?.call('hearth.alerts.list', { state: 'open' });
      if (!r) return;
      this.alerts = { open: r.open, critical: r.alerts.filter((a) => a.state === 'open' && a.severity === 'critical').length, unacknowledged: r.unacknowledged };
      this.o.onChange();
    } catch { /* an older gateway without alerts: no line in the tray */ }
  }
}
