/**
 * Keeps the SSH reverse tunnel to the VPS up (scheme B: the home gateway holds
 * `ssh -N -R <remoteBind>:<remotePort>:127.0.0.1:<gateway port> user@vps` open).
 *
 * One ssh2 connection at a time. States: `disabled` (not configured or `tunnel down`),
 * `connecting`, `up`, `backoff` (waiting to retry after a network failure), `auth-failed`,
 * `host-key-mismatch` (never retried: the user must re-pin) and `remote-port-busy` (the VPS
 * refused the forward — usually a stale session of ours still holding the port).
 * Keepalive: a global request every 15 s, three unanswered → the connection is dropped and
 * retried; the same request gives the round-trip time.
 */
import { fsAsync } from '../fs-async.ts';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, TcpConnectionDetails } from 'ssh2';
import type { Logger } from '../logger.ts';
import { hostKeyFingerprint } from './host-key.ts';
import { backoffDelay, type FailureKind } from './tunnel-backoff.ts';
import type { TunnelConfig } from './tunnel-config.ts';

// The status shape is the contract's (written once for the supervisor, the CLI and the Remote screen).
export type { TunnelEvent, TunnelState, TunnelStatus } from '../../../src-shared/protocol/contract/remote.ts';
import type { TunnelEvent, TunnelState, TunnelStatus } from '../../../src-shared/protocol/contract/remote.ts';

export interface TunnelSupervisorDeps {
  log: Logger;
  clock?: () => number;
  /** Called for every connection the VPS forwards to us. */
  onStream(stream: Duplex, info: TcpConnectionDetails, cfg: TunnelConfig): void;
  onChange?(status: TunnelStatus): void;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  readyTimeoutMs?: number;
  random?: () => number;
}

/** The private bits of ssh2's Client a keepalive with a measured round trip needs. */
interface Ssh2Internals {
  _protocol?: { ping(): void };
  _callbacks?: ((hadError: boolean) => void)[];
}

const HISTORY = 50;
const RTT_SAMPLES = 60;

export class TunnelSupervisor {
  private cfg: TunnelConfig | undefined;
  private state: TunnelState = 'disabled';
  private since: number;
  private lastError: string | null = null;
  private presentedHostKey: string | undefined;
  private client: Client | undefined;
  private sock: Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private nextRetryAtMs: number | null = null;
  private failures: { kind: FailureKind; count: number } | undefined;
  private everUp = false;
  private reconnects = 0;
  private rttMs: number | null = null;
  private readonly rttHistory: number[] = [];
  private readonly history: TunnelEvent[] = [];
  private bytesInDone = 0;
  private bytesOutDone = 0;
  private connections = 0;
  private connectionsTotal = 0;
  private generation = 0;
  private readonly clock: () => number;
  private readonly deps: TunnelSupervisorDeps;

  constructor(deps: TunnelSupervisorDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? Date.now;
    this.since = this.clock();
  }

  /** Applies a (new) configuration: reconnects with it if enabled, stops otherwise. */
  configure(cfg: TunnelConfig | undefined): void {
    this.cfg = cfg;
    this.failures = undefined;
    this.presentedHostKey = undefined;
    this.teardown();
    if (cfg?.enabled) this.connect();
    else this.setState('disabled', cfg ? null : this.lastError);
  }

  /** Connects now, skipping any pending backoff (`hearth tunnel up`). */
  retryNow(): void {
    if (!this.cfg?.enabled) return;
    this.failures = undefined;
    this.teardown();
    this.connect();
  }

  /** Stops without forgetting the configuration (gateway shutdown). */
  stop(): void {
    this.teardown();
    this.cfg = undefined;
  }

  status(): TunnelStatus {
    const c = this.cfg;
    const s: TunnelStatus = {
      state: this.state, since: this.since, lastError: this.lastError,
      remote: c ? { host: c.host, port: c.remotePort, bind: c.remoteBind } : null,
      ssh: c ? { user: c.user, host: c.host, port: c.port, hostKey: c.hostKey } : null,
      rttMs: this.state === 'up' ? this.rttMs : null,
      bytesIn: this.bytesInDone + (this.sock?.bytesRead ?? 0),
      bytesOut: this.bytesOutDone + (this.sock?.bytesWritten ?? 0),
      connections: this.connections, connectionsTotal: this.connectionsTotal,
      reconnects: this.reconnects, nextRetryAtMs: this.nextRetryAtMs,
      rttHistory: [...this.rttHistory], history: [...this.history],
    };
    if (this.presentedHostKey) s.presentedHostKey = this.presentedHostKey;
    return s;
  }

  private setState(state: TunnelState, error: string | null): void {
    const changed = state !== this.state || error !== this.lastError;
    if (state !== this.state) this.since = this.clock();
    this.state = state;
    if (error !== null || state === 'up' || state === 'disabled') this.lastError = error;
    if (!changed) return;
    const ev: TunnelEvent = { atMs: this.clock(), state };
    if (error) ev.error = error;
    this.history.push(ev);
    if (this.history.length > HISTORY) this.history.shift();
    const level = state === 'up' || state === 'connecting' || state === 'disabled' ? 'info' : 'warn';
    this.deps.log[level]('tunnel state', { state, ...(error ? { error } : {}) });
    this.deps.onChange?.(this.status());
  }

  /** Closes the current connection (if any) and cancels timers; the state is left to the caller. */
  private teardown(): void {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = undefined;
    this.pingTimer = undefined;
    this.nextRetryAtMs = null;
    this.rttMs = null;
    const client = this.client;
    this.client = undefined;
    if (this.sock) {
      this.bytesInDone += this.sock.bytesRead;
      this.bytesOutDone += this.sock.bytesWritten;
      this.sock.destroy();
      this.sock = undefined;
    }
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
    }
  }

  private connect(): void {
    const cfg = this.cfg;
    if (!cfg) return;
    const gen = ++this.generation;
    this.setState('connecting', null);
    void fsAsync().readFile(cfg.identityFile).then(
      // ssh2 is loaded with the first connection, not with the gateway: at load it instantiates a
      // WebAssembly crypto helper with a 16 MB memory (V8 "external" memory) that a gateway
      // without a tunnel should not carry.
      (key) => import('ssh2').then(
        (ssh2) => { if (gen === this.generation) this.open(cfg, key, new ssh2.Client(), gen); },
        (err: Error) => { if (gen === this.generation) this.fail('transient', `cannot load the SSH library (${err.message}); reinstall Hearth`, gen); },
      ),
      (err: NodeJS.ErrnoException) => {
        if (gen !== this.generation) return;
        this.fail('auth-failed', `cannot read the identity file ${cfg.identityFile} (${err.code ?? err.message}); fix it with \`hearth tunnel set --identity KEYFILE\``, gen);
      },
    );
  }

  private open(cfg: TunnelConfig, privateKey: Buffer, client: Client, gen: number): void {
    const sock = netConnect({ host: cfg.host, port: cfg.port });
    sock.setNoDelay(true);
    this.client = client;
    this.sock = sock;
    let presented: string | undefined;
    let authFailed = false;
    let lastErr: Error | undefined;

    client.on('ready', () => {
      if (gen !== this.generation) return;
      client.forwardIn(cfg.remoteBind, cfg.remotePort, (err) => {
        if (gen !== this.generation) return;
        if (err) {
          this.fail('remote-port-busy',
            `the VPS ${cfg.host} refused to listen on ${cfg.remoteBind}:${cfg.remotePort}: the port is taken — often by a stale session of this tunnel — ` +
            'or forwarding is off; set ClientAliveInterval 15 and ClientAliveCountMax 3 (and AllowTcpForwarding yes) in the VPS\'s sshd_config, or pick another --remote-port', gen);
          return;
        }
        if (this.everUp) this.reconnects++;
        this.everUp = true;
        this.failures = undefined;
        this.startKeepalive(client, gen);
        this.setState('up', null);
      });
    });
    client.on('tcp connection', (info, accept, reject) => {
      if (gen !== this.generation || this.state !== 'up') {
        reject();
        return;
      }
      const channel: ClientChannel = accept();
      this.connections++;
      this.connectionsTotal++;
      channel.once('close', () => { this.connections--; });
      try {
        this.deps.onStream(channel, info, cfg);
      } catch (err) {
        this.deps.log.warn('tunnel: could not hand a forwarded connection to the gateway', { error: (err as Error).message });
        channel.destroy();
      }
    });
    client.on('error', (err: Error & { level?: string }) => {
      lastErr = err;
      if (err.level === 'client-authentication') authFailed = true;
    });
    client.on('close', () => {
      if (gen !== this.generation) return;
      if (presented !== undefined) {
        this.presentedHostKey = presented;
        this.teardown();
        this.setState('host-key-mismatch',
          `the VPS ${cfg.host} presented host key ${presented}, not the pinned ${cfg.hostKey}; the tunnel is stopped. If the VPS was reinstalled, ` +
          `check the key on it (\`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\`) and re-pin with \`hearth tunnel set --ssh ${cfg.user}@${cfg.host}:${cfg.port} --identity ${cfg.identityFile} --accept-host-key\``);
        return;
      }
      if (authFailed) {
        this.fail('auth-failed', `the VPS ${cfg.host} refused the key ${cfg.identityFile} for ${cfg.user}; add its public key to ~${cfg.user}/.ssh/authorized_keys on the VPS, then \`hearth tunnel up\``, gen);
        return;
      }
      const wasUp = this.state === 'up';
      const why = describeNetworkError(lastErr, cfg);
      if (wasUp) this.failures = undefined;
      this.fail('transient', wasUp ? `the tunnel to ${cfg.host} dropped (${why})` : `cannot reach ${cfg.host}:${cfg.port} (${why})`, gen);
    });

    try {
      client.connect({
        sock, host: cfg.host, port: cfg.port, username: cfg.user, privateKey,
        readyTimeout: this.deps.readyTimeoutMs ?? 20_000,
        // Our own keepalive (startKeepalive) measures RTT; ssh2's is off so there is one mechanism.
        keepaliveInterval: 0,
        hostVerifier: (key: Buffer) => {
          const fp = hostKeyFingerprint(key);
          if (fp === cfg.hostKey) return true;
          presented = fp;
          return false;
        },
      });
    } catch (err) {
      // ssh2 throws synchronously on an unparsable private key.
      this.fail('auth-failed', `the identity file ${cfg.identityFile} is not a usable private key (${(err as Error).message}); pass an unencrypted OpenSSH or PEM key with --identity`, gen);
    }
  }

  private startKeepalive(client: Client, gen: number): void {
    const internals = client as unknown as Ssh2Internals;
    const interval = this.deps.keepaliveIntervalMs ?? 15_000;
    const countMax = this.deps.keepaliveCountMax ?? 3;
    let outstanding = 0;
    const ping = () => {
      if (gen !== this.generation) return;
      if (outstanding >= countMax) {
        this.deps.log.warn('tunnel: keepalive unanswered, reconnecting', { missed: outstanding });
        this.sock?.destroy(new Error(`${outstanding} keepalives unanswered`));
        return;
      }
      if (!internals._protocol || !internals._callbacks) return;
      const sentAt = performance.now();
      outstanding++;
      // A keepalive@openssh.com global request: OpenSSH answers it (with a failure), in order.
      internals._callbacks.push(() => {
        outstanding = 0;
        if (gen !== this.generation) return;
        this.rttMs = Math.round((performance.now() - sentAt) * 10) / 10;
        this.rttHistory.push(this.rttMs);
        if (this.rttHistory.length > RTT_SAMPLES) this.rttHistory.shift();
      });
      try {
        internals._protocol.ping();
      } catch {
        this.sock?.destroy();
      }
    };
    ping();
    this.pingTimer = setInterval(ping, interval);
    this.pingTimer.unref();
  }

  private fail(kind: FailureKind, message: string, gen: number): void {
    if (gen !== this.generation) return;
    this.teardown();
    const count = this.failures?.kind === kind ? this.failures.count + 1 : 1;
    this.failures = { kind, count };
    const delay = backoffDelay(kind, count, this.deps.random);
    const state: TunnelState = kind === 'transient' ? 'backoff' : kind;
    this.nextRetryAtMs = this.clock() + delay;
    const next = this.generation;
    this.retryTimer = setTimeout(() => {
      if (next === this.generation) this.connect();
    }, delay);
    this.retryTimer.unref();
    this.setState(state, `${message}; retrying in ${formatDelay(delay)}`);
  }
}

function formatDelay(ms: number): string {
  return ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`;
}

function describeNetworkError(err: (Error & { code?: string; level?: string }) | undefined, cfg: TunnelConfig): string {
  if (!err) return 'connection closed';
  switch (err.code) {
    case 'ECONNREFUSED': return `nothing listens on port ${cfg.port}; is sshd running on the VPS?`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `the name ${cfg.host} does not resolve`;
    case 'ETIMEDOUT': case 'EHOSTUNREACH': case 'ENETUNREACH': return `${cfg.host} is unreachable from here (${err.code})`;
    case 'ECONNRESET': return 'connection reset';
  }
  if (err.level === 'client-timeout') return 'the SSH handshake timed out';
  return err.message;
}
