/**
 * A hostile (or merely broken) gateway for testing Hearth's clients from the other side of the
 * trust boundary: a plain `ws` server that completes the connect handshake the way the real one
 * does (connect.challenge → connect → hello-ok, SPEC §4; shapes as in the recorded transcripts)
 * and then does whatever the test scripts — answers calls with garbage, sends odd events, goes
 * silent, closes with odd codes. Each accepted connection is a {@link HostileConn}.
 */
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { freePort } from './processes.ts';

export type Frame = Record<string, unknown>;

/** A valid hello-ok (every field the contract requires), for a node or an operator. */
export function helloOk(role: 'node' | 'operator', overrides: Frame = {}): Frame {
  return {
    type: 'hello-ok',
    protocol: 4,
    server: { version: '2026.9.6', connId: randomUUID() },
    features: { methods: ['health', 'status', 'node.list', 'node.describe', 'node.invoke'], events: ['tick', 'node.invoke.request'] },
    snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 },
    auth: { method: 'token', role, scopes: role === 'node' ? [] : ['operator.read', 'operator.write', 'operator.admin'] },
    policy: { maxPayload: 25 * 1024 * 1024, maxBufferedBytes: 50 * 1024 * 1024, tickIntervalMs: 30_000 },
    ...overrides,
  };
}

export interface HostileConn {
  ws: WebSocket;
  /** The client's connect params. */
  connect: Frame;
  role: string;
  /** Every request the client sent after connect, in order. */
  requests: Frame[];
  /** Resolves with the next request for `method` (already received ones count). */
  nextRequest(method: string, timeoutMs?: number): Promise<Frame>;
  send(frame: Frame | string | Buffer): void;
  /** Answers request `req` with ok:true and `payload`. */
  reply(req: Frame, payload: unknown): void;
  event(event: string, payload: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

export interface HostileOptions {
  /**
   * What to answer connect with: a payload for an ok res (default a valid hello-ok), or a whole
   * raw frame/string via `{ raw }`; `null` answers nothing (the handshake never ends).
   */
  hello?: (connect: Frame) => unknown;
  /** The challenge event's payload (default a valid one). */
  challenge?: () => unknown;
  /** Handles a request after connect; return true when handled, otherwise the default answers it. */
  onRequest?: (conn: HostileConn, req: Frame) => boolean | void;
  /** Called once the connection is admitted; what it sends goes out in one TCP write with hello-ok. */
  onAdmitted?: (conn: HostileConn) => void;
}

export interface HostileGateway {
  url: string;
  port: number;
  connections: HostileConn[];
  /** Resolves with the n-th (0-based) admitted connection. */
  connection(n?: number, timeoutMs?: number): Promise<HostileConn>;
  close(): Promise<void>;
}

/** Answers that satisfy the contract for the calls a node agent makes on its own. */
function defaultAnswer(req: Frame): unknown {
  switch (req['method']) {
    case 'node.invoke.result':
    case 'node.invoke.progress':
    case 'node.event':
    case 'node.skills.update':
    case 'node.pluginTools.update':
    case 'node.runnerInventory.update':
      return { ok: true };
    default:
      return {};
  }
}

export async function startHostileGateway(opts: HostileOptions = {}): Promise<HostileGateway> {
  const port = await freePort();
  const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  const connections: HostileConn[] = [];
  const waiters: (() => void)[] = [];

  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    const send = (f: Frame | string | Buffer) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(typeof f === 'string' || Buffer.isBuffer(f) ? f : JSON.stringify(f));
    };
    const challenge = opts.challenge ? opts.challenge() : { nonce: randomUUID(), ts: Date.now() };
    send({ type: 'event', event: 'connect.challenge', payload: challenge });
    let conn: HostileConn | undefined;
    const requestWaiters: (() => void)[] = [];
    ws.on('message', (data, isBinary) => {
      if (isBinary) return; // binary progress chunks: acknowledged below only when parsed
      let frame: Frame;
      try {
        frame = JSON.parse(data.toString()) as Frame;
      } catch {
        return;
      }
      if (frame['type'] !== 'req') return;
      if (!conn) {
        if (frame['method'] !== 'connect') return;
        const params = (frame['params'] ?? {}) as Frame;
        const role = typeof params['role'] === 'string' ? params['role'] : 'operator';
        const requests: Frame[] = [];
        conn = {
          ws, connect: params, role, requests, closed, send,
          reply: (req, payload) => send({ type: 'res', id: req['id'], ok: true, payload }),
          event: (event, payload) => send({ type: 'event', event, payload }),
          nextRequest: (method, timeoutMs = 15_000) => new Promise<Frame>((resolve, reject) => {
            let seen = 0;
            const check = () => {
              for (; seen < requests.length; seen++) {
                const r = requests[seen]!;
                if (r['method'] === method && !(r as { taken?: boolean }).taken) {
                  (r as { taken?: boolean }).taken = true;
                  clearTimeout(timer);
                  const i = requestWaiters.indexOf(check);
                  if (i >= 0) requestWaiters.splice(i, 1);
                  resolve(r);
                  return true;
                }
              }
              return false;
            };
            const timer = setTimeout(() => {
              const i = requestWaiters.indexOf(check);
              if (i >= 0) requestWaiters.splice(i, 1);
              reject(new Error(`no ${method} request within ${timeoutMs} ms; got ${requests.map((r) => r['method']).join(', ')}`));
            }, timeoutMs);
            if (!check()) requestWaiters.push(check);
          }),
        };
        const answer = opts.hello ? opts.hello(params) : helloOk(role === 'node' ? 'node' : 'operator');
        if (answer === null) return;
        // What onAdmitted sends leaves in the same TCP write as hello-ok (the client reads both at once).
        const tcp = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
        tcp?.cork();
        if (typeof answer === 'object' && answer !== null && 'raw' in answer) send((answer as { raw: Frame | string }).raw);
        else send({ type: 'res', id: frame['id'], ok: true, payload: answer });
        connections.push(conn);
        for (const w of waiters.splice(0)) w();
        opts.onAdmitted?.(conn);
        process.nextTick(() => tcp?.uncork());
        return;
      }
      conn.requests.push(frame);
      for (const w of [...requestWaiters]) w();
      if (opts.onRequest?.(conn, frame)) return;
      conn.reply(frame, defaultAnswer(frame));
    });
  });

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    connections,
    connection: (n = 0, timeoutMs = 20_000) => new Promise<HostileConn>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection ${n} never came (${connections.length} so far)`)), timeoutMs);
      const check = () => {
        if (connections[n]) {
          clearTimeout(timer);
          resolve(connections[n]!);
        } else waiters.push(check);
      };
      check();
    }),
    close: () => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }),
  };
}
