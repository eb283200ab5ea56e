/**
 * An in-memory stand-in for the gateway end of a WebSocket, for client tests: it sends the
 * challenge, answers `connect` according to a scripted policy, and can drop the link.
 */
import type { SocketLike } from '../../src-shared/client/socket.ts';
import type { ErrorShape } from '../../src-shared/protocol/errors.ts';

export type ConnectAnswer = { ok: true; auth?: Record<string, unknown> } | { ok: false; error: ErrorShape; closeCode?: number };

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];
  private readonly gw: FakeGateway;

  constructor(gw: FakeGateway) {
    this.gw = gw;
  }

  send(data: string): void {
    const frame = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(frame);
    this.gw.receive(this, frame);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  /** Delivers a frame from the "gateway". */
  push(frame: unknown): void {
    if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

export class FakeGateway {
  readonly sockets: FakeSocket[] = [];
  readonly connects: Record<string, unknown>[] = [];
  /** Decides the answer to each connect; defaults to accepting. */
  answer: (params: Record<string, unknown>) => ConnectAnswer = () => ({ ok: true });
  /** When false, new sockets fail as if nothing listened. */
  up = true;
  readonly calls: { method: string; params: unknown }[] = [];
  methods: Record<string, (params: unknown) => unknown> = {};
  /** What hello-ok announces as policy.tickIntervalMs. */
  tickIntervalMs = 30_000;

  factory = (_url: string): SocketLike => {
    const s = new FakeSocket(this);
    this.sockets.push(s);
    setTimeout(() => {
      if (!this.up) {
        s.readyState = 3;
        s.onclose?.({ code: 1006, reason: '' });
        return;
      }
      s.readyState = 1;
      s.onopen?.({});
      s.push({ type: 'event', event: 'connect.challenge', payload: { nonce: `n-${this.sockets.length}`, ts: Date.now() } });
    }, 1);
    return s;
  };

  receive(s: FakeSocket, frame: Record<string, unknown>): void {
    if (frame['method'] === 'connect') {
      const params = frame['params'] as Record<string, unknown>;
      this.connects.push(params);
      const a = this.answer(params);
      if (a.ok) {
        s.push({ type: 'res', id: frame['id'], ok: true, payload: hello(a.auth, this.tickIntervalMs) });
      } else {
        s.push({ type: 'res', id: frame['id'], ok: false, error: a.error });
        s.close(a.closeCode ?? 1008, a.error.message);
      }
      return;
    }
    const method = String(frame['method']);
    this.calls.push({ method, params: frame['params'] });
    const impl = this.methods[method];
    if (!impl) {
      s.push({ type: 'res', id: frame['id'], ok: false, error: { code: 'INVALID_REQUEST', message: `unknown method: ${method}` } });
      return;
    }
    s.push({ type: 'res', id: frame['id'], ok: true, payload: impl(frame['params']) });
  }

  /** The socket of the current connection. */
  get current(): FakeSocket | undefined {
    return [...this.sockets].reverse().find((s) => s.readyState === 1);
  }

  /** Broadcasts an event on the current connection. */
  emit(event: string, payload: unknown): void {
    this.current?.push({ type: 'event', event, payload });
  }

  /** Drops the current connection as a gateway crash would. */
  drop(): void {
    const s = this.current;
    if (!s) return;
    s.readyState = 3;
    s.onclose?.({ code: 1006, reason: '' });
  }
}

function hello(auth: Record<string, unknown> | undefined, tickIntervalMs: number) {
  return {
    type: 'hello-ok', protocol: 4, server: { version: 'test', connId: 'c1' },
    features: { methods: [], events: [] },
    snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 },
    auth: auth ?? { method: 'device-token', role: 'operator', scopes: ['operator.admin'], deviceToken: 'dev-tok-1', issuedAtMs: 1 },
    policy: { maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs },
  };
}
