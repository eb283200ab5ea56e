/**
 * Live output of streamed runs: `node.invoke.progress` chunks from a node are forwarded, in
 * `seq` order, to the one operator session that asked for the stream (`node.invoke` with
 * `stream: true`) as `hearth.invoke.progress` events — never to anyone else. The node's
 * progress calls are acknowledged only once that operator's socket has room again, so a slow
 * reader slows the node (which pauses the command's pipes) instead of growing buffers here.
 *
 * Encodings: a chunk is text, base64 of the raw bytes (`encoding: 'base64'`), or raw bytes in a
 * binary frame (`encoding: 'binary'`, several consecutive chunks per frame; what a Hearth node
 * sends when asked with `streamEncoding: 'binary'`). Each side says what it speaks and chunks are
 * converted only when the two differ, so the CLI's binary stream crosses the gateway as it came:
 * one header rewritten per frame, the bytes copied once. A binary frame may also be zstd
 * (`compression: 'zstd'`, net/zstd-frames.ts): kept so for an operator that reads zstd, decoded
 * here under its declared sizes for anyone else.
 */
import { declaredBytes, encodeBinaryFrameJSON, joinBytes } from '../../../src-shared/protocol/binary-frame.ts';
import type { StreamEncoding } from '../../../src-shared/protocol/contract/nodes.ts';
import { corkForTick } from '../net/tick-cork.ts';
import { zstdDecompressFrame } from '../net/zstd-frames.ts';
import { holdStreamingHeap } from '../net/streaming-heap.ts';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Session } from './session.ts';

/** Event an operator receives for each chunk of a run it streams. */
export const PROGRESS_EVENT = 'hearth.invoke.progress';
/** Above this many bytes queued to the operator, acknowledgements to the node wait. */
const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * While acknowledgements wait, how often the operator's socket is looked at besides its events:
 * ws's close() leaves the TCP socket open until the peer answers the close frame, which a peer
 * that stopped reading never does (ws gives it 30 s), and no event tells us of that close.
 */
const STALLED_CHECK_MS = 1_000;
/** Out-of-order chunks kept while an earlier `seq` is missing (the same bound OpenClaw uses). */
const MAX_EARLY_CHUNKS = 128;
/** …and at most this many bytes of them (a binary frame holds up to 1 MiB): a node cannot pin more. */
const MAX_EARLY_BYTES = 2 * 1024 * 1024;

export type ChunkEncoding = StreamEncoding;

/**
 * One progress call's output: a text or base64 chunk, or a binary frame's chunks. `size` is the
 * output bytes it carries, worked out once on arrival (the early-chunk bound and the forwarded
 * count both use it).
 */
type Piece =
  | { stream: string; size: number; kind: 'text' | 'base64'; chunk: string }
  | { stream: string; size: number; kind: 'binary'; bytes: Uint8Array[]; sizes: readonly number[]; zstd?: true }
  /** A compressed frame that did not decode: its seqs pass, its output is lost (the operator sees the gap). */
  | { stream: string; size: 0; kind: 'lost'; count: number };

export interface StreamRoute {
  invokeId: string;
  nodeId: string;
  idempotencyKey: string;
  /** The operator session the output goes to (streamed system.run). */
  requester?: Session;
  /** How the requester wants chunks (`text` unless it asked for base64). */
  encoding?: ChunkEncoding;
  /** The requester also reads zstd binary frames (`streamCompression: 'zstd'`): compressed ones go on as they came. */
  compression?: 'zstd';
  /**
   * Or an in-process consumer (a feature module relaying a node's answer): pieces are handed to
   * it in seq order and each is acknowledged to the node only once the consumer has taken it.
   */
  consumer?: (chunk: string, seq: number) => void | Promise<void>;
  /** Consumer calls in order. */
  chain?: Promise<void>;
  nextSeq: number;
  early: Map<number, Piece>;
  /** Bytes held in `early`. */
  earlyBytes: number;
  /** Output bytes forwarded so far (reported when a node drops mid-stream). */
  forwardedBytes: number;
  /** The fixed start of this route's event frames. */
  head?: string;
  /** Its operator went away while it ran (reported once). */
  orphaned?: boolean;
  /** Ends this stream's hold on the streaming heap setting (streaming-heap.ts). */
  releaseHeap?: () => void;
  /** A compressed frame of it did not decode (reported once). */
  undecodable?: boolean;
}

export interface ProgressInput {
  invokeId: string;
  nodeId: string;
  seq: number;
  chunk: string;
  stream?: unknown;
  encoding?: unknown;
  /** A binary frame's body (in pieces) and the size of each chunk in it (checked by the caller to add up). */
  bytes?: Uint8Array[];
  sizes?: readonly number[];
  /** The body is one zstd frame of the chunks (`compression: 'zstd'`). */
  zstd?: boolean;
}

/** Bytes a base64 text decodes to if every character is of the alphabet. */
function base64Bytes(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - pad);
}

/**
 * Decodes a node's base64 chunk, or undefined when it is not clean base64. Node's decoder skips
 * characters outside the alphabet (quotes, backslashes, control characters, anything non-ASCII)
 * and stops at padding, so any of them makes the result shorter than the length promises: one
 * native pass checks what a regular expression would take far longer to (this runs per chunk).
 * A clean chunk can then be copied into JSON text as it is.
 */
export function decodeBase64Chunk(b64: string): Buffer | undefined {
  if (b64.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === base64Bytes(b64) ? bytes : undefined;
}

export type ProgressAck = { ok: true; ignored?: boolean };

const IGNORED: ProgressAck = { ok: true, ignored: true };
const ACK: ProgressAck = { ok: true };

/** JSON string literal of `s` (the hot path builds event frames by concatenation). */
const lit = (s: string) => JSON.stringify(s);

export class InvokeStreams {
  private readonly routes = new Map<string, StreamRoute>();
  private readonly onOrphaned: (invokeId: string) => void;
  private readonly onUndecodable: (invokeId: string, nodeId: string) => void;

  /**
   * `onOrphaned`: a streamed run whose operator's socket is closing or closed (the router cancels
   * it). `onUndecodable`: a node sent a zstd frame that did not decode (the first per run).
   */
  constructor(onOrphaned: (invokeId: string) => void = () => {}, onUndecodable: (invokeId: string, nodeId: string) => void = () => {}) {
    this.onOrphaned = onOrphaned;
    this.onUndecodable = onUndecodable;
  }

  open(route: Omit<StreamRoute, 'nextSeq' | 'early' | 'earlyBytes' | 'forwardedBytes' | 'orphaned' | 'releaseHeap' | 'undecodable'>): StreamRoute {
    const r: StreamRoute = { ...route, nextSeq: 0, early: new Map(), earlyBytes: 0, forwardedBytes: 0 };
    this.routes.get(route.invokeId)?.releaseHeap?.();
    // A run streamed to an operator may carry any amount of output through here.
    if (r.requester) r.releaseHeap = holdStreamingHeap();
    this.routes.set(route.invokeId, r);
    return r;
  }

  get(invokeId: string): StreamRoute | undefined {
    return this.routes.get(invokeId);
  }

  close(invokeId: string): void {
    this.routes.get(invokeId)?.releaseHeap?.();
    this.routes.delete(invokeId);
  }

  /** Streams the session asked for (to cancel them when it goes away). */
  ownedBy(session: Session): StreamRoute[] {
    const out: StreamRoute[] = [];
    for (const r of this.routes.values()) if (r.requester === session) out.push(r);
    return out;
  }

  /** The stream `session` opened with this invoke id or idempotency key. */
  find(session: Session, by: { invokeId?: string | undefined; idempotencyKey?: string | undefined }): StreamRoute | undefined {
    for (const r of this.routes.values()) {
      if (r.requester !== session) continue;
      if (by.invokeId !== undefined && r.invokeId === by.invokeId) return r;
      if (by.idempotencyKey !== undefined && r.idempotencyKey === by.idempotencyKey) return r;
    }
    return undefined;
  }

  /**
   * Handles one progress call from `node`. Chunks for runs nobody streams (or from another
   * node) are acknowledged as ignored, as OpenClaw does.
   */
  progress(node: Session, p: ProgressInput): ProgressAck | Promise<ProgressAck> {
    const r = this.routes.get(p.invokeId);
    if (!r || r.nodeId !== node.deviceId || p.nodeId !== r.nodeId || p.seq < r.nextSeq) return IGNORED;
    const stream = p.stream === 'stderr' ? 'stderr' : 'stdout';
    let piece: Piece;
    // A binary frame's output is what its sizes declare (checked against a plain body by the caller).
    if (p.bytes !== undefined && p.sizes !== undefined && p.zstd === true) piece = this.compressedPiece(r, stream, p.bytes, p.sizes);
    else if (p.bytes !== undefined && p.sizes !== undefined) piece = { stream, size: declaredBytes(p.sizes), kind: 'binary', bytes: p.bytes, sizes: p.sizes };
    else if (p.encoding === 'base64') {
      // A base64 chunk that is not clean base64 is refused (the node is buggy or hostile).
      const bytes = decodeBase64Chunk(p.chunk);
      if (bytes === undefined) return IGNORED;
      piece = { stream, size: bytes.length, kind: 'base64', chunk: p.chunk };
    } else piece = { stream, size: Buffer.byteLength(p.chunk, 'utf8'), kind: 'text', chunk: p.chunk };
    if (p.seq > r.nextSeq) {
      if (r.early.has(p.seq) || r.early.size >= MAX_EARLY_CHUNKS || r.earlyBytes + piece.size > MAX_EARLY_BYTES) return IGNORED;
      r.early.set(p.seq, piece);
      r.earlyBytes += piece.size;
      return ACK;
    }
    this.forward(r, p.seq, piece);
    for (let next = r.early.get(r.nextSeq); next; next = r.early.get(r.nextSeq)) {
      r.early.delete(r.nextSeq);
      r.earlyBytes -= next.size;
      this.forward(r, r.nextSeq, next);
    }
    if (r.consumer) return (r.chain ?? Promise.resolve()).then(() => ACK);
    if (!r.requester) return ACK;
    const socket = r.requester.socket;
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount <= HIGH_WATER_BYTES) return ACK;
    return roomIn(socket).then(() => ACK);
  }

  /**
   * The operator a stream's output goes to is closing or gone: nobody will read what the command
   * prints. The run is stopped (like a hung-up terminal) instead of being relayed into the void:
   * acknowledged at once, the node would send the rest as fast as it can, for nothing.
   */
  private orphaned(r: StreamRoute): void {
    if (r.orphaned) return;
    r.orphaned = true;
    this.onOrphaned(r.invokeId);
  }

  /**
   * A zstd frame from the node: kept compressed for an operator that reads zstd (it checks the
   * frame as it decodes it, under the declared size), decoded here for anyone else. A frame that
   * does not decode to exactly its declared sizes is dropped, and said once per run in the log.
   */
  private compressedPiece(r: StreamRoute, stream: string, body: Uint8Array[], sizes: readonly number[]): Piece {
    const total = declaredBytes(sizes);
    if (r.encoding === 'binary' && r.compression === 'zstd') return { stream, size: total, kind: 'binary', bytes: body, sizes, zstd: true };
    const bytes = zstdDecompressFrame(body, total);
    if (bytes) return { stream, size: total, kind: 'binary', bytes: [bytes], sizes };
    if (!r.undecodable) {
      r.undecodable = true;
      this.onUndecodable(r.invokeId, r.nodeId);
    }
    return { stream, size: 0, kind: 'lost', count: sizes.length };
  }

  private forward(r: StreamRoute, seq: number, piece: Piece): void {
    const count = piece.kind === 'binary' ? piece.sizes.length : piece.kind === 'lost' ? piece.count : 1;
    r.nextSeq = seq + count;
    r.forwardedBytes += piece.size;
    if (piece.kind === 'lost') return;
    const consumer = r.consumer;
    if (consumer) {
      // A failing consumer ends its own response; the node still gets its acknowledgement.
      for (const [i, text] of textsOf(piece).entries()) r.chain = (r.chain ?? Promise.resolve()).then(() => consumer(text, seq + i)).catch(() => {});
      return;
    }
    if (!r.requester) return;
    const socket = r.requester.socket;
    if (socket.readyState !== socket.OPEN) return this.orphaned(r);
    r.requester.streamedFrames = (r.requester.streamedFrames ?? 0) + 1;
    corkForTick(socket);
    r.head ??= `"invokeId":${lit(r.invokeId)},"nodeId":${lit(r.nodeId)},"idempotencyKey":${lit(r.idempotencyKey)},"seq":`;
    if (r.encoding === 'binary') {
      if (piece.size === 0) return;
      const body = piece.kind === 'binary' ? piece.bytes : [piece.kind === 'base64' ? Buffer.from(piece.chunk, 'base64') : Buffer.from(piece.chunk, 'utf8')];
      const sizes = piece.kind === 'binary' ? piece.sizes.join(',') : String(piece.size);
      const zstd = piece.kind === 'binary' && piece.zstd === true ? ',"compression":"zstd"' : '';
      const header = `{"type":"event","event":"${PROGRESS_EVENT}","payload":{${r.head}${seq},"stream":"${piece.stream}","encoding":"binary","sizes":[${sizes}]${zstd},"chunk":""}}`;
      // The header and the body's pieces as the frames of one message: the node's bytes go on
      // as they came, never copied here.
      socket.send(encodeBinaryFrameJSON(header, []), { binary: true, fin: false });
      body.forEach((b, i) => socket.send(b, { binary: true, fin: i === body.length - 1 }));
      return;
    }
    // Targeted events (no connection seq), like node.invoke.request; built by hand. A base64
    // chunk (checked clean in progress()) is copied in as it is — JSON.stringify would scan it
    // character by character for nothing; text gets its one escape.
    const wantBase64 = r.encoding === 'base64';
    const chunks = piece.kind === 'binary'
      ? splitBinary(piece).map((b) => (wantBase64 ? b.toString('base64') : b.toString('utf8')))
      : [piece.kind === 'base64' && !wantBase64 ? Buffer.from(piece.chunk, 'base64').toString('utf8')
        : piece.kind === 'text' && wantBase64 ? Buffer.from(piece.chunk, 'utf8').toString('base64') : piece.chunk];
    for (const [i, out] of chunks.entries()) {
      socket.send(`{"type":"event","event":"${PROGRESS_EVENT}","payload":{${r.head}${seq + i},"stream":"${piece.stream}",${wantBase64 ? `"encoding":"base64","chunk":"${out}"` : `"chunk":${lit(out)}`}}}`);
    }
  }
}

/** One wait per stalled operator socket, shared by every acknowledgement held for it. */
const waits = new WeakMap<WebSocket, Promise<void>>();

/**
 * Resolves once `socket` has room again (what it queued went to the kernel) or is no longer
 * open. Woken by the TCP socket's 'drain' and 'close' (a write past the high-water mark always
 * ends in one of them), with a check each {@link STALLED_CHECK_MS}: an operator that stalls for
 * minutes (`… | less`) costs one wake-up a second, not a busy poll.
 */
function roomIn(socket: WebSocket): Promise<void> {
  const known = waits.get(socket);
  if (known) return known;
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  const wait = new Promise<void>((resolve) => {
    const check = () => {
      if (socket.readyState !== socket.OPEN || socket.bufferedAmount <= HIGH_WATER_BYTES / 2) done();
    };
    const timer = setInterval(check, STALLED_CHECK_MS);
    const done = () => {
      clearInterval(timer);
      raw?.off('drain', check);
      raw?.off('close', done);
      socket.off('close', done);
      waits.delete(socket);
      resolve();
    };
    raw?.on('drain', check);
    raw?.once('close', done);
    socket.once('close', done);
  });
  waits.set(socket, wait);
  return wait;
}

/** A binary frame's chunks, each as its own Buffer (views of the body). */
function splitBinary(piece: Extract<Piece, { kind: 'binary' }>): Buffer[] {
  const joined = joinBytes(piece.bytes);
  const body = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength);
  const out: Buffer[] = [];
  let at = 0;
  for (const n of piece.sizes) {
    out.push(body.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** The chunks of a piece as text (for in-process consumers). */
function textsOf(piece: Piece): string[] {
  if (piece.kind === 'lost') return [];
  if (piece.kind === 'binary') return splitBinary(piece).map((b) => b.toString('utf8'));
  return [piece.kind === 'base64' ? Buffer.from(piece.chunk, 'base64').toString('utf8') : piece.chunk];
}
