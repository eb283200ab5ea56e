/**
 * The life of one WebSocket: challenge, the pre-auth limits (64 KiB, 15 s), admission, hello-ok,
 * then request dispatch until close. Everything about *whether* to admit lives in handshake.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import {
  BINARY_STREAM_CAPABILITY, ZSTD_STREAM_CAPABILITY, CONNECT_CHALLENGE_CAPABILITIES, HANDSHAKE_TIMEOUT_MS, MAX_BUFFERED_BYTES, MAX_PAYLOAD_BYTES, MAX_PREAUTH_PAYLOAD_BYTES,
} from '../../../src-shared/protocol/constants.ts';
import { binaryMessagePieces, decodeBinaryFrame } from '../../../src-shared/protocol/binary-frame.ts';
import { CloseCode, ErrorCode, ProtocolError, invalidRequest, truncateCloseReason } from '../../../src-shared/protocol/errors.ts';
import {
  checkFrame, errorResponse, okResponse, parseFrame, type EventFrame, type FrameParseResult, type ResponseFrame,
} from '../../../src-shared/protocol/frames.ts';
import type { HelloOk } from '../../../src-shared/protocol/types.ts';
import { isLoopbackAddress } from './bind.ts';
import { holdForNextFrame, sendAfterHeld } from './held-acks.ts';
import { tunnelOriginOf } from './tunnel-ingress.ts';
import type { Edge } from './edge/index.ts';
import { closeSoon, setMaxPayload } from './edge/ws-limits.ts';
import { Refusal, admit, type HandshakeDeps } from './handshake.ts';
import { dispatch } from './dispatch.ts';
import type { GatewayServices } from './services.ts';
import { healthPayload } from '../health/payloads.ts';
import { loadValidators, validatorsReady } from './validate.ts';
import { Presence } from '../presence/presence.ts';
import type { Session } from './session.ts';
import { zstdAvailable } from '../net/zstd-frames.ts';

export interface SocketHandlerDeps {
  gw: GatewayServices;
  edge: Pick<Edge, 'faults' | 'refusals' | 'clientAddress' | 'pool'>;
  handshake: HandshakeDeps;
  allowedOrigins: string[];
  handshakeTimeoutMs?: number;
  tickIntervalMs: number;
  /** Called after each hello-ok is written (the first one opens the modules' deferred work). */
  onHelloSent?: () => void;
}

/** Methods a client may send as a binary frame (their bytes travel as the body). */
const BINARY_METHODS: ReadonlySet<string> = new Set(['node.invoke.progress']);
/** Idle time before the kernel probes an operator's connection (then every second, ten times). */
const OPERATOR_KEEPALIVE_MS = 30_000;
/** Additive contract flags in hello-ok (SPEC §5): Hearth's own. */
const HELLO_CAPABILITIES = zstdAvailable ? [BINARY_STREAM_CAPABILITY, ZSTD_STREAM_CAPABILITY] : [BINARY_STREAM_CAPABILITY];

const FORWARD_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/** A browser origin is allowed when it is the page the gateway itself served, or configured. */
export function originAllowed(origin: string, hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin) || allowed.includes('*')) return true;
  try {
    return hostHeader !== undefined && new URL(origin).host === hostHeader;
  } catch {
    return false;
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return (data as Buffer | ArrayBuffer).byteLength;
}

export function createSocketHandler(deps: SocketHandlerDeps) {
  const { gw, edge } = deps;
  const methods = Object.keys(gw.modules.methods);
  const events = Object.keys(gw.modules.events);

  return (socket: WebSocket, req: IncomingMessage): void => {
    // The real client behind a trusted proxy; the socket's peer otherwise.
    const address = edge.clientAddress(req);
    const remoteIp = address.ip;
    const forwarded = FORWARD_HEADERS.some((h) => req.headers[h] !== undefined);
    // A stream that came through the tunnel is remote whatever address it carries (tunnel-ingress.ts).
    const isLocal = isLoopbackAddress(address.peer) && !forwarded && tunnelOriginOf(req.socket) === undefined;
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const nonce = randomUUID();
    let session: Session | undefined;
    let alive = true;
    // The tick calls hearthAlive() right before each ping: note the time, the pong gives the RTT.
    let pingSentAt: number | undefined;
    // Streamed output messages sent before each unanswered ping, oldest first: a pong proves the
    // peer read everything that went out before its ping, nothing after.
    const streamedAtPing: number[] = [];
    let streamedRead = 0;
    (socket as WebSocket & { hearthAlive?: () => boolean }).hearthAlive = () => {
      const was = alive;
      alive = false;
      pingSentAt = performance.now();
      const streamed = session?.streamedFrames ?? 0;
      if (streamedAtPing.length < 1024) streamedAtPing.push(streamed);
      // A peer that stopped reading (a CLI whose stdout reader is slow holds a streamed run
      // back) cannot answer a ping queued behind the output. While data waits for it, TCP judges
      // it: a host that is gone stops acknowledging and the kernel gives up on the connection.
      // The data may wait in the kernel's buffers, not ours (a run's last megabytes, its answer):
      // output it has not confirmed reading counts as waiting too, and so does a streamed run it
      // holds open (a reader that stopped cannot tell us it is there; TCP keepalive, set for
      // operators at hello, finds a host that is gone).
      return was || socket.bufferedAmount > 0 || streamed > streamedRead || (session !== undefined && gw.nodes.streams.ownedBy(session).length > 0);
    };
    socket.on('pong', () => {
      alive = true;
      streamedRead = streamedAtPing.shift() ?? streamedRead;
      if (pingSentAt !== undefined && session) session.rttMs = Math.round((performance.now() - pingSentAt) * 10) / 10;
      pingSentAt = undefined;
    });

    // Counted from the upgrade; a peer that ignores our close frame is cut off a second later.
    const timer = setTimeout(() => {
      if (session) return;
      edge.refusals.note('handshake timeouts (no connect within the time limit)', remoteIp);
      closeSoon(socket, CloseCode.NORMAL, '');
    }, deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS);

    const sendFrame = (frame: ResponseFrame | EventFrame, hold = false) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(CloseCode.POLICY_VIOLATION, 'slow consumer: too much buffered data');
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch (err) {
        // A payload that cannot be encoded (too deep, circular, BigInt) fails that one reply.
        edge.faults.report('encoding a frame', err, { frame: frame.type, ...(frame.type === 'res' ? { id: frame.id } : { event: frame.event }) });
        if (frame.type !== 'res') return;
        text = JSON.stringify(errorResponse(frame.id, { code: ErrorCode.UNAVAILABLE, message: 'internal error: the result could not be encoded as JSON; the gateway log has details' }));
      }
      // A reply the peer does not wait for rides with the next frame (held-acks.ts).
      if (hold) return holdForNextFrame(socket, text);
      // The first reply of a tick leaves at once; the ones after it in the same tick
      // (acknowledgements of a burst of chunks) share one write at its end (tick-cork.ts).
      sendAfterHeld(socket, text);
    };

    edge.pool.upgraded(req.socket as Socket);
    sendFrame({ type: 'event', event: 'connect.challenge', payload: { nonce, ts: gw.clock(), capabilities: [...CONNECT_CHALLENGE_CAPABILITIES] } });

    const handshake = (data: RawData) => {
      // ws enforces the limit while the frame streams in (edge/ws-limits.ts); this is the backstop.
      if (rawSize(data) > MAX_PREAUTH_PAYLOAD_BYTES) {
        closeSoon(socket, CloseCode.TOO_LARGE, '');
        return;
      }
      const parsed = parseFrame(rawText(data));
      if (!parsed.ok && parsed.kind === 'not-json') {
        closeSoon(socket, CloseCode.NORMAL, '');
        return;
      }
      const frame = parsed.ok ? parsed.frame : undefined;
      if (!frame || frame.type !== 'req' || frame.method !== 'connect') {
        const message = 'invalid handshake: first request must be connect';
        const id = frame && 'id' in frame ? frame.id : !parsed.ok ? parsed.id : undefined;
        if (id !== undefined) sendFrame(errorResponse(id, { code: ErrorCode.INVALID_REQUEST, message }));
        closeSoon(socket, CloseCode.POLICY_VIOLATION, message);
        return;
      }
      try {
        const a = admit(frame.params, {
          nonce, remoteIp, isLocal, origin, untrustedForwarding: forwarded && !address.viaProxy, originAllowed: origin === undefined || originAllowed(origin, req.headers.host, deps.allowedOrigins), now: gw.clock(),
        }, deps.handshake);
        clearTimeout(timer);
        const client = a.params.client;
        const principal = a.deviceId
          ? `${client.displayName ?? client.id} (${a.deviceId.slice(0, 12)})`
          : `${client.id}@${remoteIp}`;
        session = {
          connId: randomUUID(), socket, role: a.role, client, scopes: a.scopes, deviceId: a.deviceId, remoteIp, isLocal, path: gw.peerPaths.classify(remoteIp),
          protocol: a.protocol, connectedAtMs: gw.clock(), seq: 0, principal,
        };
        const hello: HelloOk = {
          type: 'hello-ok', protocol: a.protocol,
          server: { version: gw.version, buildId: `hearth-${gw.version}`, bootId: gw.bootId, connId: session.connId, controlUiBuildSource: 'bundled' },
          features: { methods, events, capabilities: [...HELLO_CAPABILITIES] },
          snapshot: {
            presence: a.role === 'node' ? [] : gw.presence.list(),
            health: a.role === 'node' ? {} : healthPayload(gw),
            stateVersion: { ...gw.events.stateVersion },
            uptimeMs: gw.clock() - gw.startedAtMs,
          },
          auth: a.auth,
          policy: { maxPayload: MAX_PAYLOAD_BYTES, maxBufferedBytes: MAX_BUFFERED_BYTES, tickIntervalMs: deps.tickIntervalMs },
        };
        // Authenticated: out of the pre-auth pool, and frames up to the post-auth limit.
        edge.pool.trust(req.socket as Socket);
        // The ping watchdog spares an operator holding a streamed run (it may have stopped
        // reading, and cannot answer); TCP keepalive still finds a host that is gone meanwhile.
        if (a.role === 'operator') (req.socket as Partial<Socket>).setKeepAlive?.(true, OPERATOR_KEEPALIVE_MS);
        setMaxPayload(socket, MAX_PAYLOAD_BYTES);
        sendFrame(okResponse(frame.id, hello));
        deps.onHelloSent?.();
        gw.events.add(session);
        if (a.role === 'node') {
          const declared: { caps: string[]; commands: string[]; pathEnv?: string } = { caps: a.params.caps ?? [], commands: a.params.commands ?? [] };
          if (a.params.pathEnv !== undefined) declared.pathEnv = a.params.pathEnv;
          gw.nodes.attach(session, declared, a.autoApproveSurface);
          gw.log.info('node connected', { nodeId: a.deviceId, name: client.displayName, ip: remoteIp, protocol: a.protocol });
        }
        if (Presence.tracks(session)) {
          gw.presence.upsert(session, 'connect');
          gw.events.stateVersion.presence++;
          gw.events.broadcast('presence', { presence: gw.presence.list() }, { stateVersion: true });
        }
      } catch (err) {
        clearTimeout(timer);
        if (err instanceof Refusal) {
          sendFrame(errorResponse(frame.id, err.error));
          const reason = (err as Refusal & { closeReason?: string }).closeReason ?? err.error.message;
          closeSoon(socket, err.closeCode, truncateCloseReason(reason));
          if (err.error.code !== ErrorCode.NOT_PAIRED) {
            edge.refusals.note(String(err.error.details?.['code'] ?? err.error.code), remoteIp, { reason: err.error.message, ...(address.viaProxy ? { proxy: address.peer } : {}) });
          }
          return;
        }
        edge.faults.report('a connect request', err, { ip: remoteIp });
        sendFrame(errorResponse(frame.id, { code: ErrorCode.UNAVAILABLE, message: 'internal error during connect; the gateway keeps running — retry, and see its log if it repeats' }));
        closeSoon(socket, CloseCode.INTERNAL, 'internal error');
      }
    };

    const request = (s: Session, parsed: FrameParseResult, body?: Uint8Array[]) => {
      if (!parsed.ok) {
        if (parsed.id !== undefined) sendFrame(errorResponse(parsed.id, { code: ErrorCode.INVALID_REQUEST, message: parsed.message }));
        else socket.close(CloseCode.POLICY_VIOLATION, truncateCloseReason(parsed.message));
        return;
      }
      const frame = parsed.frame;
      if (frame.type !== 'req') return; // clients do not answer us; events from clients are ignored
      let pending: Promise<unknown>;
      try {
        if (body !== undefined && !BINARY_METHODS.has(frame.method)) {
          throw invalidRequest(`${frame.method} cannot come as a binary frame (only ${[...BINARY_METHODS].join(', ')} can); send it as a JSON text frame`);
        }
        pending = dispatch(frame.method, frame.params, body === undefined ? { session: s, gw } : { session: s, gw, body });
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        // The acknowledgement of a run's result waits for the node's next frame (held-acks.ts).
        (payload) => sendFrame(okResponse(frame.id, payload ?? {}), s.role === 'node' && frame.method === 'node.invoke.result'),
        (err: unknown) => {
          if (!(err instanceof ProtocolError)) edge.faults.report(`method ${frame.method}`, err, { principal: s.principal });
          const e = err instanceof ProtocolError ? err : new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: `internal error in ${frame.method}: ${(err as Error)?.message ?? String(err)}` });
          sendFrame(errorResponse(frame.id, e.toShape()));
        },
      ).catch((err: unknown) => edge.faults.report(`replying to ${frame.method}`, err, { principal: s.principal }));
    };

    // A Hearth binary frame (src-shared/protocol/binary-frame.ts): a request header plus a body.
    const binaryRequest = (s: Session, data: RawData) => {
      const pieces = binaryMessagePieces(data);
      const decoded = pieces ? decodeBinaryFrame(pieces) : { ok: false as const, message: 'unreadable binary frame' };
      if (!decoded.ok) {
        socket.close(CloseCode.POLICY_VIOLATION, truncateCloseReason(decoded.message));
        return;
      }
      request(s, checkFrame(decoded.header), decoded.body);
    };

    const onFrame = (data: RawData, isBinary: boolean) => {
      // A socket we are closing gets no more work (a refused peer may keep sending).
      if (socket.readyState !== socket.OPEN) return;
      if (isBinary && !session) {
        closeSoon(socket, CloseCode.NORMAL, '');
        return;
      }
      if (session && isBinary) binaryRequest(session, data);
      else if (session) request(session, parseFrame(rawText(data)));
      else handshake(data);
    };
    const onFault = (err: unknown) => {
      edge.faults.report(session ? 'handling a frame' : 'a handshake frame', err, { ip: remoteIp, ...(session ? { principal: session.principal } : {}) });
      if (!session) closeSoon(socket, CloseCode.INTERNAL, 'internal error');
    };
    // Binary messages as their frames' payloads, not joined: streamed output is forwarded as it came.
    socket.binaryType = 'fragments';
    socket.on('message', (data, isBinary) => {
      alive = true;
      try {
        if (validatorsReady()) onFrame(data, isBinary);
        // Right after start-up the validators may still be loading; frames keep their order.
        else void loadValidators().then(() => onFrame(data, isBinary)).catch(onFault);
      } catch (err) {
        onFault(err);
      }
    });

    socket.on('close', edge.faults.guard('closing a WebSocket', () => {
      clearTimeout(timer);
      const s = session;
      if (!s) return;
      gw.events.remove(s);
      if (s.role === 'node') {
        gw.nodes.detach(s);
        gw.log.info('node disconnected', { nodeId: s.deviceId, name: s.client.displayName });
      }
      else gw.nodes.operatorGone(s);
      if (Presence.tracks(s)) {
        gw.presence.upsert(s, 'disconnect');
        gw.events.stateVersion.presence++;
        gw.events.broadcast('presence', { presence: gw.presence.list() }, { stateVersion: true });
      }
    }));
    // ws reports protocol errors (an oversized frame: 1009) and starts a close handshake that a
    // hostile peer never finishes while it keeps streaming; cut the socket once the close frame is out.
    socket.on('error', () => {
      setTimeout(() => socket.terminate(), session ? 1_000 : 200).unref();
    });
  };
}

export { MAX_PAYLOAD_BYTES };
