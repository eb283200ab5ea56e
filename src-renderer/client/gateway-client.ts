/**
 * The transport-agnostic client the stores use: `invoke(method, params)`, `on(event)`, and a
 * connection state to subscribe to. Behind it, one GatewayConnection at a time, re-opened with
 * capped jittered backoff when it drops. Components never see a socket.
 */
import { GatewayConnection, type ConnectOptions } from '../../src-shared/client/connection.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import type { SocketFactory } from '../../src-shared/client/socket.ts';
import type { HelloOk } from '../../src-shared/protocol/types.ts';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../src-shared/protocol/contract/index.ts';
import { backoffDelay, type BackoffPolicy } from '../../src-shared/client/backoff.ts';
import { classifyConnectError, type ConnectFailure } from '../../src-shared/client/failure.ts';
import { tickPolicy } from '../../src-shared/client/tick-policy.ts';

/** Everything the UI needs to know about the link to the gateway. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; hello: HelloOk; sinceMs: number }
  | { status: 'reconnecting'; attempt: number; retryAtMs: number; failure: ConnectFailure }
  | { status: 'rejected'; failure: ConnectFailure };

/** Connect options minus the transport details the client owns. */
export type ConnectPlan = Omit<ConnectOptions, 'url' | 'socketFactory'>;

export interface ClientOptions {
  url: string;
  /** Called before every attempt; undefined means "no credentials": stay idle. */
  plan: () => ConnectPlan | undefined;
  socketFactory?: SocketFactory;
  backoff?: BackoffPolicy;
  /** Retry interval while a pairing request waits for approval (short: the user is watching). */
  pairingRetryMs?: number;
  random?: () => number;
  now?: () => number;
  /** How often the silence watchdog looks at the last inbound frame. */
  watchdogMs?: number;
}

/** A phone or window that lost the gateway: 0.5 s doubling to 10 s, half of it jittered (many phones, one gateway). */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 10_000, jitter: 0.5 };

type EventHandler = (payload: unknown) => void;
type Listener = (state: ConnectionState) => void;

/** A self-healing operator connection. Create one per app; call start() once credentials exist. */
export class GatewayClient {
  private readonly opts: ClientOptions;
  private state: ConnectionState = { status: 'idle' };
  private conn: GatewayConnection | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly helloHandlers = new Set<(hello: HelloOk) => void>();
  private failedAttempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private generation = 0;

  constructor(opts: ClientOptions) {
    this.opts = opts;
  }

  getState(): ConnectionState {
    return this.state;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs after every successful handshake (first connect and each reconnect): refresh here. */
  onHello(handler: (hello: HelloOk) => void): () => void {
    this.helloHandlers.add(handler);
    return () => this.helloHandlers.delete(handler);
  }

  /** Subscribes to a gateway event across reconnects. */
  on<E extends EventName>(event: E, typed: (payload: PayloadOf<E>) => void): () => void {
    // Payloads were checked against the contract by the connection before they get here.
    const handler = typed as EventHandler;
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Calls a gateway method; rejects at once with ConnectionLostError when not connected. */
  invoke<M extends MethodName>(method: M, params?: ParamsOf<M>, options: { timeoutMs?: number } = {}): Promise<ResultOf<M>> {
    if (!this.conn || this.state.status !== 'connected') {
      return Promise.reject(new ConnectionLostError(`not connected (calling ${method})`));
    }
    // The result is checked against the contract inside the connection (callRaw validates it).
    return this.conn.callRaw(method, params, options) as Promise<ResultOf<M>>;
  }

  /** Starts (or restarts with fresh credentials) connecting. */
  start(): void {
    this.teardown();
    this.failedAttempts = 0;
    void this.attempt();
  }

  /** Stops connecting and closes any connection; state becomes idle. */
  stop(): void {
    this.teardown();
    this.setState({ status: 'idle' });
  }

  /** Skips the remaining backoff (e.g. the browser came back online). */
  retryNow(): void {
    if (this.state.status !== 'reconnecting') return;
    clearTimeout(this.retryTimer);
    void this.attempt();
  }

  private teardown(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.retryTimer = undefined;
    this.watchdog = undefined;
    const c = this.conn;
    this.conn = undefined;
    c?.close(1000, 'client restart');
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    for (const l of [...this.listeners]) {
      // A listener may have moved the state on (e.g. stop() after a refusal); don't deliver stale news.
      if (this.state !== next) return;
      l(next);
    }
  }

  private async attempt(): Promise<void> {
    const gen = ++this.generation;
    const plan = this.opts.plan();
    if (!plan) {
      this.setState({ status: 'idle' });
      return;
    }
    this.setState({ status: 'connecting', attempt: this.failedAttempts + 1 });
    let conn: GatewayConnection;
    try {
      const open: ConnectOptions = { ...plan, url: this.opts.url };
      if (this.opts.socketFactory) open.socketFactory = this.opts.socketFactory;
      conn = await GatewayConnection.open(open);
    } catch (err) {
      if (gen !== this.generation) return;
      this.handleFailure(classifyConnectError(err));
      return;
    }
    if (gen !== this.generation) {
      conn.close(1000, 'superseded');
      return;
    }
    this.conn = conn;
    this.failedAttempts = 0;
    conn.on('*', (payload, frame) => {
      for (const h of [...(this.handlers.get(frame.event) ?? [])]) h(payload);
    });
    conn.onClose((code, reason) => {
      if (gen !== this.generation) return;
      this.conn = undefined;
      clearInterval(this.watchdog);
      this.handleFailure({ kind: 'unreachable', retry: true, message: `connection closed (${code}${reason ? ` ${reason}` : ''})` });
    });
    this.startWatchdog(conn);
    this.setState({ status: 'connected', hello: conn.hello, sinceMs: this.now() });
    for (const h of [...this.helloHandlers]) h(conn.hello);
  }

  /** Closes a connection that has been silent for two tick intervals (SPEC §2: reference clients do too). */
  private startWatchdog(conn: GatewayConnection): void {
    // The gateway's interval, kept within a sane range: 1 ms would close every connection at once.
    const limit = tickPolicy(conn.hello.policy?.tickIntervalMs).silenceLimitMs;
    const every = this.opts.watchdogMs ?? 5_000;
    this.watchdog = setInterval(() => {
      if (Date.now() - conn.lastFrameAtMs > limit) conn.close(4000, 'tick timeout');
    }, every);
  }

  private handleFailure(failure: ConnectFailure): void {
    if (!failure.retry) {
      this.setState({ status: 'rejected', failure });
      return;
    }
    this.failedAttempts++;
    let delay = backoffDelay(this.failedAttempts - 1, this.opts.backoff ?? RECONNECT_BACKOFF, this.opts.random);
    if (failure.kind === 'pairing-required') delay = this.opts.pairingRetryMs ?? 2_500;
    if (failure.retryAfterMs !== undefined) delay = Math.max(delay, failure.retryAfterMs);
    const gen = this.generation;
    this.setState({ status: 'reconnecting', attempt: this.failedAttempts, retryAtMs: this.now() + delay, failure });
    this.retryTimer = setTimeout(() => {
      if (gen === this.generation) void this.attempt();
    }, delay);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
