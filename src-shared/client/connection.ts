/**
 * One authenticated connection to a Gateway: challenge → signed connect → hello-ok, then
 * id-correlated calls and event subscriptions. Reconnection policy lives with the callers
 * (node agent, UI store) because each reacts differently to a refusal.
 *
 * Calls and subscriptions are typed from the contract (src-shared/protocol/contract/), and every
 * result and event is checked against it on arrival (contract-check.ts): a gateway that answers
 * out of contract gives a {@link ContractViolationError} naming the method, not a crash later.
 */
import { MAX_TIMER_MS } from '../protocol/timer-limits.ts';
import { MIN_NODE_PROTOCOL, PROTOCOL_VERSION } from '../protocol/constants.ts';
import { buildV3Payload, signatureToken } from '../protocol/device-auth.ts';
import { ErrorCode, ProtocolError, type ErrorShape } from '../protocol/errors.ts';
import { binaryMessagePieces, decodeBinaryFrame, encodeBinaryFrameJSON } from '../protocol/binary-frame.ts';
import { parseFrame, type EventFrame, type RequestFrame } from '../protocol/frames.ts';
import type { ClientInfo, ConnectAuth, ConnectParams } from '../protocol/schemas.ts';
import type { ConnectChallenge, HelloOk } from '../protocol/types.ts';
import type { CallArgs, EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../protocol/contract/index.ts';
import { ContractViolationError, contractValidatorsLoaded, eventProblem, loadContractValidators, resultProblem } from './contract-check.ts';
import { CallTimeoutError, ConnectRejectedError, ConnectionLostError } from './errors.ts';
import { SOCKET_OPEN, globalSocketFactory, type SocketFactory, type SocketLike } from './socket.ts';
import { DetailCode } from '../protocol/errors.ts';

/** A device identity able to sign the connect proof. */
export interface DeviceSigner {
  deviceId: string;
  /** Raw 32-byte Ed25519 public key, unpadded base64url. */
  publicKey: string;
  /** Signs the UTF-8 bytes of `payload`; returns an unpadded base64url signature. */
  sign(payload: string): string | Promise<string>;
}

export interface ConnectOptions {
  url: string;
  client: ClientInfo;
  role: 'operator' | 'node';
  scopes?: string[];
  caps?: string[];
  commands?: string[];
  permissions?: Record<string, boolean>;
  pathEnv?: string;
  auth?: ConnectAuth;
  device?: DeviceSigner;
  minProtocol?: number;
  maxProtocol?: number;
  socketFactory?: SocketFactory;
  /** Budget for the whole handshake. */
  connectTimeoutMs?: number;
  /** Default budget for each call. */
  callTimeoutMs?: number;
  /** Clock used for `signedAt`; defaults to the challenge's `ts` (what real clients do). */
  now?: () => number;
}

type EventHandler = (payload: unknown, frame: EventFrame) => void;
export interface CallOptions { timeoutMs?: number }
type RequestHandler = (frame: RequestFrame) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  method: string;
}

export class GatewayConnection {
  readonly hello: HelloOk;
  private readonly socket: SocketLike;
  private readonly pending = new Map<string, Pending>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly anyHandlers = new Set<EventHandler>();
  private readonly closeHandlers = new Set<(code: number, reason: string) => void>();
  private readonly contractErrorHandlers = new Set<(err: ContractViolationError) => void>();
  private readonly reportedContractErrors = new Set<string>();
  /** Frames that arrived before the contract validators were loaded, replayed in order once they are. */
  private backlog: (string | Uint8Array[])[] | undefined;
  private requestHandler: RequestHandler | undefined;
  private counter = 1;
  private closed = false;
  private readonly callTimeoutMs: number;
  lastFrameAtMs = Date.now();

  private constructor(socket: SocketLike, hello: HelloOk, counter: number, callTimeoutMs: number) {
    this.socket = socket;
    this.hello = hello;
    this.counter = counter;
    this.callTimeoutMs = callTimeoutMs;
  }

  /** Opens a socket and completes the handshake; rejects with {@link ConnectRejectedError} or {@link ConnectionLostError}. */
  static async open(opts: ConnectOptions): Promise<GatewayConnection> {
    const min = opts.minProtocol ?? PROTOCOL_VERSION;
    const max = opts.maxProtocol ?? PROTOCOL_VERSION;
    try {
      return await GatewayConnection.openOnce(opts, min, max);
    } catch (err) {
      // A v3-only gateway tells nodes which protocol it expects; follow it once (SPEC §1).
      if (
        err instanceof ConnectRejectedError &&
        err.detailCode === DetailCode.PROTOCOL_MISMATCH &&
        opts.role === 'node' &&
        err.details?.['expectedProtocol'] === MIN_NODE_PROTOCOL &&
        min > MIN_NODE_PROTOCOL
      ) {
        return GatewayConnection.openOnce(opts, MIN_NODE_PROTOCOL, MIN_NODE_PROTOCOL);
      }
      throw err;
    }
  }

  private static openOnce(opts: ConnectOptions, minProtocol: number, maxProtocol: number): Promise<GatewayConnection> {
    const factory = opts.socketFactory ?? globalSocketFactory;
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    // Loads while the socket opens; hello-ok and everything after it are checked against it.
    const contract = loadContractValidators().catch(() => undefined);
    return new Promise<GatewayConnection>((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = factory(opts.url);
      } catch (err) {
        reject(new ConnectionLostError(`cannot open ${opts.url}: ${(err as Error).message}`));
        return;
      }
      let settled = false;
      let challenged = false;
      let rejection: ErrorShape | undefined;
      const connectId = '1:connect';
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new ConnectionLostError(`gateway at ${opts.url} did not complete the handshake within ${timeoutMs} ms`)));
        try { socket.close(); } catch { /* already closed */ }
      }, timeoutMs);

      // The close event carries the outcome; the error (Node's `ws` only: an HTTP status, a TLS
      // mismatch, ECONNREFUSED) says why, so explainFailure can name it. Browsers give none.
      let socketError: string | undefined;
      let opened = false;
      socket.onopen = () => {
        opened = true;
      };
      socket.onerror = (ev) => {
        const e = ev as { message?: unknown; error?: { message?: unknown } } | null;
        const m = e?.error?.message ?? e?.message;
        if (typeof m === 'string' && m !== '') socketError = m;
      };
      socket.onclose = (ev) => {
        if (rejection) {
          const r = rejection;
          finish(() => reject(new ConnectRejectedError(r, ev.code, ev.reason)));
        } else {
          const cutOff = opened && (ev.code === 1006 || ev.code === undefined);
          finish(() => reject(new ConnectionLostError(
            cutOff
              ? `the gateway at ${opts.url} accepted the connection and closed it before the handshake finished`
              : ev.code === 1006 || ev.code === undefined
                ? `cannot reach the gateway at ${opts.url} (is it running?)${socketError ? `: ${socketError}` : ''}`
                : `gateway closed the connection during the handshake (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`,
            ev.code, ev.reason, false, cutOff,
          )));
        }
      };
      socket.onmessage = (ev) => {
        const text = typeof ev.data === 'string' ? ev.data : String(ev.data);
        const parsed = parseFrame(text);
        if (!parsed.ok) {
          // A broken answer to connect ends the handshake now, not at its deadline.
          if (parsed.id === connectId) {
            finish(() => reject(new ContractViolationError('result', 'connect', parsed.message)));
            try { socket.close(1002, 'hello-ok out of contract'); } catch { /* already closed */ }
          }
          return;
        }
        const frame = parsed.frame;
        if (frame.type === 'event' && frame.event === 'connect.challenge') {
          if (challenged) return; // one connect per socket, whatever a peer repeats
          challenged = true;
          const challenge = frame.payload as ConnectChallenge;
          void contract.then(() => {
            // The nonce and ts go into what we sign: a challenge out of contract ends here.
            const problem = eventProblem('connect.challenge', challenge);
            if (problem !== undefined) throw new ContractViolationError('event', 'connect.challenge', problem);
            return buildConnectParams(opts, challenge, minProtocol, maxProtocol);
          }).then(
            (params) => {
              const req: RequestFrame = { type: 'req', id: connectId, method: 'connect', params };
              if (socket.readyState === SOCKET_OPEN) socket.send(JSON.stringify(req));
            },
            (err: Error) => finish(() => { reject(err); socket.close(); }),
          );
          return;
        }
        if (frame.type === 'res' && frame.id === connectId) {
          if (frame.ok) {
            const conn = new GatewayConnection(socket, frame.payload as HelloOk, 2, opts.callTimeoutMs ?? 30_000);
            conn.attach();
            // Frames right behind hello-ok (a gateway may send a queued node.invoke.request at
            // once, often in the same TCP read) would reach no handler: the caller subscribes
            // only once open() has resolved. Held until a task after that, in order.
            conn.backlog = [];
            const admit = () => {
              const problem = resultProblem('connect', frame.payload);
              if (problem === undefined) {
                finish(() => resolve(conn));
                setTimeout(() => conn.drainBacklog(), 0);
                return;
              }
              finish(() => reject(new ContractViolationError('result', 'connect', problem)));
              conn.close(1002, 'hello-ok out of contract');
            };
            if (contractValidatorsLoaded()) admit();
            else void contract.then(admit);
          } else {
            // The gateway closes right after a refusal; wait for the close to learn its code.
            rejection = frame.error ?? { code: ErrorCode.UNAVAILABLE, message: 'connect refused' };
          }
        }
      };
    });
  }

  private attach(): void {
    // Browsers hand binary frames over as Blobs by default (read asynchronously); `ws` as Buffers.
    if (this.socket.binaryType === 'blob') this.socket.binaryType = 'arraybuffer';
    this.socket.onmessage = (ev) => {
      if (typeof ev.data === 'string') return this.onMessage(ev.data);
      const pieces = binaryMessagePieces(ev.data);
      if (pieces) this.onMessage(pieces);
    };
    this.socket.onclose = (ev) => this.onClosed(ev.code, ev.reason);
  }

  private onMessage(data: string | Uint8Array[]): void {
    this.lastFrameAtMs = Date.now();
    if (this.backlog) {
      this.backlog.push(data);
      return;
    }
    if (!contractValidatorsLoaded()) {
      // Rare (the validators load while the socket opens): hold frames, keep their order.
      this.backlog = [data];
      loadContractValidators().then(() => this.drainBacklog(), () => this.drainBacklog());
      return;
    }
    this.dispatchMessage(data);
  }

  /** Delivers the frames held in {@link backlog}, in order, and stops holding. */
  private drainBacklog(): void {
    const held = this.backlog ?? [];
    this.backlog = undefined;
    for (const d of held) this.dispatchMessage(d);
  }

  private dispatchMessage(data: string | Uint8Array[]): void {
    if (typeof data === 'string') this.onFrame(data);
    else this.onBinaryFrame(data);
  }

  /**
   * A binary frame (binary-frame.ts): only events, whose body stands for the payload's bytes
   * (streamed run output). Anything else is dropped, as an unparsable text frame is.
   */
  private onBinaryFrame(data: Uint8Array[]): void {
    const parsed = decodeBinaryFrame(data);
    if (!parsed.ok) return;
    const h = parsed.header;
    if (h['type'] !== 'event' || typeof h['event'] !== 'string') return;
    const frame: EventFrame = { type: 'event', event: h['event'], payload: h['payload'], body: parsed.body };
    this.onEvent(frame);
  }

  private onFrame(text: string): void {
    const parsed = parseFrame(text);
    if (!parsed.ok) {
      // A broken answer to a call in flight fails that call now, rather than at its deadline
      // (a run's invoke has none). Other unparsable frames are dropped.
      const p = parsed.id === undefined ? undefined : this.pending.get(parsed.id);
      if (p && parsed.id !== undefined) {
        this.pending.delete(parsed.id);
        if (p.timer) clearTimeout(p.timer);
        p.reject(new ContractViolationError('result', p.method, parsed.message));
      }
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'res') {
      const p = this.pending.get(frame.id);
      if (!p) return;
      this.pending.delete(frame.id);
      if (p.timer) clearTimeout(p.timer);
      if (!frame.ok) {
        p.reject(new ProtocolError(frame.error ?? { code: ErrorCode.UNAVAILABLE, message: `${p.method} failed` }));
        return;
      }
      const problem = resultProblem(p.method, frame.payload);
      if (problem === undefined) p.resolve(frame.payload);
      else p.reject(new ContractViolationError('result', p.method, problem));
    } else if (frame.type === 'event') {
      this.onEvent(frame);
    } else if (this.requestHandler) {
      this.requestHandler(frame);
    }
  }

  private onEvent(frame: EventFrame): void {
    const problem = eventProblem(frame.event, frame.payload);
    if (problem !== undefined) {
      this.reportContractError(new ContractViolationError('event', frame.event, problem, frame.payload));
      return;
    }
    for (const h of this.handlers.get(frame.event) ?? []) h(frame.payload, frame);
    for (const h of this.anyHandlers) h(frame.payload, frame);
  }

  private onClosed(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    const err = new ConnectionLostError(`connection to the gateway closed (${code}${reason ? ` ${reason}` : ''})`, code, reason, true);
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const h of this.closeHandlers) h(code, reason);
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === SOCKET_OPEN;
  }

  private reportContractError(err: ContractViolationError): void {
    if (this.contractErrorHandlers.size === 0) {
      // Once per event name: a gateway that floods bad events must not flood stderr (which a
      // `hearth nodes run` shares with the command's own stderr).
      if (this.reportedContractErrors.has(err.subject)) return;
      this.reportedContractErrors.add(err.subject);
      console.error(`hearth: ${err.message} (further ${err.subject} events like it are dropped silently)`);
      return;
    }
    for (const h of this.contractErrorHandlers) h(err);
  }

  /** Events dropped because their payload broke the contract (default: one line on stderr). */
  onContractError(handler: (err: ContractViolationError) => void): () => void {
    this.contractErrorHandlers.add(handler);
    return () => this.contractErrorHandlers.delete(handler);
  }

  /**
   * Calls a contract method; resolves with its result, checked against the contract, or rejects
   * with {@link ProtocolError} (the gateway refused) or {@link ContractViolationError}.
   */
  call<M extends MethodName>(method: M, ...args: CallArgs<M, CallOptions>): Promise<ResultOf<M>> {
    const [params, options] = args;
    return this.callRaw(method, params, options) as Promise<ResultOf<M>>;
  }

  /** {@link call} with the params always given: the shape of ContractCall, for helpers that take a caller. */
  request<M extends MethodName>(method: M, params: ParamsOf<M>, options?: CallOptions): Promise<ResultOf<M>> {
    return this.callRaw(method, params, options) as Promise<ResultOf<M>>;
  }

  /**
   * Calls any method by name, untyped (forwarding, probing methods outside the contract). Results
   * of contract methods are still checked.
   */
  callRaw(method: string, params?: unknown, options: CallOptions = {}): Promise<unknown> {
    return this.sendCall(method, options, (id) => {
      const frame: RequestFrame = params === undefined ? { type: 'req', id, method } : { type: 'req', id, method, params };
      this.socket.send(JSON.stringify(frame));
    });
  }

  /**
   * Like {@link call}, with `paramsJSON` already serialised (the caller built it by hand, e.g. a
   * streamed chunk whose text needs no escaping, which JSON.stringify would still scan).
   */
  callJSON<T = unknown>(method: string, paramsJSON: string, options: CallOptions = {}): Promise<T> {
    return this.sendCall(method, options, (id) => {
      this.socket.send(`{"type":"req","id":${JSON.stringify(id)},"method":${JSON.stringify(method)},"params":${paramsJSON}}`);
    }) as Promise<T>;
  }

  /**
   * Like {@link call}, sent as a binary frame whose body is `parts` (a progress call carrying run
   * output; the gateway asked for it with `streamEncoding: 'binary'`).
   */
  callBinary<T = unknown>(method: string, params: Record<string, unknown>, parts: readonly Uint8Array[], options: CallOptions = {}): Promise<T> {
    return this.sendCall(method, options, (id) => {
      const header = JSON.stringify({ type: 'req', id, method, params });
      if (this.socket.sendFragments) this.socket.sendFragments([encodeBinaryFrameJSON(header, []), ...parts]);
      else this.socket.send(encodeBinaryFrameJSON(header, parts));
    }) as Promise<T>;
  }

  /** One call: an id, the answer awaited under a deadline, `send(id)` putting the request on the wire. */
  private sendCall(method: string, options: CallOptions, send: (id: string) => void): Promise<unknown> {
    if (!this.isOpen) return Promise.reject(new ConnectionLostError(`not connected (calling ${method})`, undefined, undefined, true));
    const id = `${this.counter++}:${method}`;
    const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
    return new Promise<unknown>((resolve, reject) => {
      const timer = timeoutMs > 0
        ? setTimeout(() => {
          this.pending.delete(id);
          reject(new CallTimeoutError(method, timeoutMs));
        }, Math.min(timeoutMs, MAX_TIMER_MS)) // 2^31 ms and more would fire at once
        : undefined;
      this.pending.set(id, { resolve, reject, timer, method });
      send(id);
    });
  }

  /**
   * Stops reading from the gateway (true) or starts again (false): a reader that cannot keep up
   * with streamed output holds it back through TCP instead of buffering it. No-op on sockets
   * that cannot pause (browsers).
   */
  setReadingPaused(paused: boolean): void {
    if (paused) this.socket.pause?.();
    else this.socket.resume?.();
  }

  /** Subscribes to one contract event (or `*` for all, unchecked names included); returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: PayloadOf<E>, frame: EventFrame) => void): () => void;
  on(event: '*', handler: EventHandler): () => void;
  on(event: string, handler: EventHandler): () => void {
    if (event === '*') {
      this.anyHandlers.add(handler);
      return () => this.anyHandlers.delete(handler);
    }
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onClose(handler: (code: number, reason: string) => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Requests arriving from the gateway (not used by the protocol today; kept for forward compatibility). */
  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  close(code = 1000, reason = ''): void {
    try {
      this.socket.close(code, reason);
    } catch {
      /* already closed */
    }
    // Settle pending calls now rather than after the closing handshake.
    this.onClosed(code, reason || 'closed by client');
  }
}

async function buildConnectParams(
  opts: ConnectOptions,
  challenge: ConnectChallenge,
  minProtocol: number,
  maxProtocol: number,
): Promise<ConnectParams> {
  const legacy = maxProtocol < PROTOCOL_VERSION;
  const client: ClientInfo = { ...opts.client };
  // Legacy v3 nodes omit deviceFamily, as the real node host does (SPEC §1).
  if (legacy) delete client.deviceFamily;
  const scopes = opts.scopes ?? [];
  const params: ConnectParams = { minProtocol, maxProtocol, client, role: opts.role, scopes, caps: opts.caps ?? [] };
  if (opts.commands) params.commands = opts.commands;
  if (opts.permissions) params.permissions = opts.permissions;
  if (opts.pathEnv !== undefined) params.pathEnv = opts.pathEnv;
  if (opts.auth && Object.keys(opts.auth).length > 0) params.auth = opts.auth;
  if (opts.device) {
    const signedAt = opts.now ? opts.now() : challenge.ts;
    const payload = buildV3Payload({
      deviceId: opts.device.deviceId,
      clientId: client.id,
      clientMode: client.mode,
      role: opts.role,
      scopes,
      signedAtMs: signedAt,
      token: signatureToken(opts.auth),
      nonce: challenge.nonce,
      platform: client.platform,
      deviceFamily: client.deviceFamily,
    });
    const signature = await opts.device.sign(payload);
    params.device = { id: opts.device.deviceId, publicKey: opts.device.publicKey, signature, signedAt, nonce: challenge.nonce };
  }
  return params;
}
