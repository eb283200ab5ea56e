/**
 * Live output of one run as `node.invoke.progress` calls (SPEC §8.3): UTF-8 text in chunks of at
 * most 16 KiB (bytes, so a multi-byte character is never split across chunks), numbered by
 * `seq`, stdout and stderr told apart by a `stream` field (a Hearth addition; only sent to a
 * gateway that asked for the stream). Flow control: at most `windowChunks` calls wait for their
 * acknowledgement; past that the command's pipes are paused, so a slow reader at the far end
 * slows the command instead of filling this process's memory.
 */

import { MAX_BINARY_FRAME_BYTES, MAX_CHUNKS_PER_BINARY_FRAME, MAX_PROGRESS_CHUNK_BYTES } from '../../../../src-shared/protocol/constants.ts';
import type { StreamEncoding } from '../../../../src-shared/protocol/contract/nodes.ts';
import { MIN_COMPRESS_BYTES } from '../../net/zstd-frames.ts';

export { MAX_PROGRESS_CHUNK_BYTES };
/**
 * Output bytes per base64 chunk: 12 KiB encode to exactly 16384 characters (a multiple of 3
 * bytes, so no padding and the chunk stays within the 16384-character bound).
 */
export const MAX_BASE64_CHUNK_BYTES = 12_288;
/** Text or base64 chunks that may wait for their acknowledgement (≤ 16 KiB each). */
const DEFAULT_WINDOW_CHUNKS = 128;
/**
 * Binary frames: output gathered per frame (the reads of one turn of the event loop, up to this
 * much), and frames that may wait for their acknowledgement (≈ 2 MiB in flight). Fewer, larger
 * frames are what make streaming cheap: each frame costs every hop a parse and a dispatch.
 */
export const BINARY_FRAME_TARGET_BYTES = 256 * 1024;
/**
 * …and when frames are compressed: four times as much, the most a frame may hold. Each frame
 * compressed is a new zstd context, which cost as much as compressing 256 KiB of text; the
 * bytes on the wire are few either way.
 */
export const COMPRESSED_FRAME_TARGET_BYTES = MAX_BINARY_FRAME_BYTES;
/**
 * Output in flight is bounded in bytes (≈ 2 MiB, in every encoding); the count of calls only caps
 * many tiny ones (64 binary frames, 128 text chunks). A count alone let a fast command whose pipe
 * reads are small (8 KiB, as `head` writes) have 64 KiB of binary frames in flight and stall on
 * every acknowledgement.
 */
const DEFAULT_WINDOW_FRAMES = 64;
const WINDOW_BYTES = 2 * 1024 * 1024;
/**
 * Output that follows a flush this closely is part of a burst: it is gathered for
 * {@link BURST_GATHER_MS} (up to a full frame) rather than sent at the end of the turn, so a fast
 * command travels in 256 KiB frames instead of one frame per 8 KiB pipe read. The first output
 * after a pause still leaves at the end of its turn: a line printed now and then is not delayed.
 */
const BURST_WINDOW_MS = 4;
/** After a frame that did not compress, this many more are sent without trying (≈ 4 MiB). */
const INCOMPRESSIBLE_SKIP_FRAMES = 15;
const BURST_GATHER_MS = 2;
/** A frame this small that goes uncompressed is copied out of its buffer, which is then reused. */
const COPY_OUT_BYTES = 64 * 1024;

/**
 * How chunks carry the output. `text`: the output itself (what any gateway understands).
 * `base64`: the raw bytes, base64-encoded (a Hearth gateway asks for it with
 * `streamEncoding: 'base64'`): no JSON escaping on any hop, which dominated the cost of
 * streaming (a newline is two characters in JSON, and every hop escaped or unescaped each one),
 * and bytes that are not UTF-8 arrive unchanged.
 */
export type ChunkEncoding = StreamEncoding;

export type OutputStreamName = 'stdout' | 'stderr';

export interface ProgressParams {
  invokeId: string;
  nodeId: string;
  seq: number;
  chunk: string;
  stream: OutputStreamName;
  /** Present (`base64`) only when the chunk is base64 of the raw bytes. */
  encoding?: 'base64';
}

/** The params header of a binary progress frame; the body holds the chunks' bytes. */
export interface BinaryProgressParams {
  invokeId: string;
  nodeId: string;
  /** The first chunk's seq; the frame holds seq … seq + sizes.length − 1. */
  seq: number;
  stream: OutputStreamName;
  encoding: 'binary';
  /** Byte size of each chunk, in order (each ≤ 16 KiB, cut on UTF-8 character boundaries). */
  sizes: number[];
  chunk: '';
  /** `zstd` when the body is one zstd frame of the chunks (see {@link ProgressStreamOptions.compress}). */
  compression?: 'zstd';
}

export interface ProgressStreamOptions {
  invokeId: string;
  nodeId: string;
  /** Sends one progress call; resolves when the gateway acknowledged it. */
  send(params: ProgressParams): Promise<unknown>;
  /**
   * Sends one progress call given its params as JSON text. Used for base64 chunks, whose params
   * are framed by hand: the chunk needs no escaping, and JSON.stringify would still scan every
   * character of it (the largest cost of streaming on the node).
   */
  sendJSON?(paramsJSON: string): Promise<unknown>;
  /** Sends one binary progress frame (encoding `binary`): `params` as its header, `parts` as its body. */
  sendBinary?(params: BinaryProgressParams, parts: Uint8Array[]): Promise<unknown>;
  /**
   * Binary mode: compresses a frame's chunks (`bytes` in all) into one zstd frame, or returns
   * undefined to send them as they are (given when the gateway asked for `streamCompression`).
   */
  compress?(parts: readonly Uint8Array[], bytes: number): Uint8Array | undefined;
  /** Asked to stop (true) or resume (false) reading the command's output. */
  onPressure?(paused: boolean): void;
  windowChunks?: number;
  encoding?: ChunkEncoding;
}

/** Largest prefix of `s` whose UTF-8 encoding fits in `maxBytes`, cut on a code-point boundary. */
export function utf8Prefix(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes || Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return s.slice(0, i);
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes each. */
export function splitUtf8(text: string, maxBytes = MAX_PROGRESS_CHUNK_BYTES): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const head = utf8Prefix(rest, maxBytes);
    out.push(head);
    rest = rest.slice(head.length);
  }
  return out;
}

/**
 * Where to cut `buf` (at most `max` bytes from `start`) so no UTF-8 sequence is split: steps
 * back over continuation bytes (10xxxxxx) to the start of the last, incomplete character.
 */
export function utf8Cut(buf: Buffer, start: number, max: number): number {
  const end = Math.min(buf.length, start + max);
  if (end === buf.length) {
    // Keep a trailing incomplete character for the next read.
    let i = end - 1;
    let back = 0;
    while (i >= start && back < 3 && (buf[i]! & 0xc0) === 0x80) { i--; back++; }
    if (i < start) return end;
    const lead = buf[i]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return end - i < need ? i : end;
  }
  let i = end;
  let back = 0;
  while (i > start && back < 3 && (buf[i]! & 0xc0) === 0x80) { i--; back++; }
  return i > start ? i : end;
}

/** Streams one run's output; feed it the bytes the capture kept, then `end()` before the result. */
export class ProgressStream {
  private readonly opts: ProgressStreamOptions;
  /** An incomplete UTF-8 character left at the end of the last read, per stream. */
  private readonly carry: Record<OutputStreamName, Buffer | undefined> = { stdout: undefined, stderr: undefined };
  private readonly window: number;
  private readonly base64: boolean;
  private readonly binary: boolean;
  /** Output gathered per binary frame at most. */
  private readonly frameTarget: number;
  /**
   * Binary mode: the frame being gathered (one stream's consecutive chunks), copied into a buffer
   * of its own: what `push` is given may be a read buffer that the next read overwrites.
   */
  private batch: { stream: OutputStreamName; buf: Buffer; sizes: number[]; bytes: number } | undefined;
  /** A frame buffer free for the next frame (the last one's bytes were compressed or copied out). */
  private spare: Buffer | undefined;
  private flushScheduled = false;
  private seq = 0;
  /** The fixed start of a hand-framed chunk's params (invokeId, nodeId). */
  private head: string | undefined;
  private inFlight = 0;
  /** Output bytes in calls not yet acknowledged. */
  private inFlightBytes = 0;
  /** When the last binary frame went out (performance.now()); tells a burst from a pause. */
  private lastFlushMs = -Infinity;
  private paused = false;
  private failed = false;
  /**
   * Frames (of MIN_COMPRESS_BYTES or more) left to send without trying to compress them: set
   * after one that did not compress (random or already-compressed output), so such a stream is
   * tried once per {@link INCOMPRESSIBLE_SKIP_FRAMES} + 1 frames instead of paying for every one.
   */
  private compressSkip = 0;
  /** Bytes of output handed to the gateway (for logs and tests). */
  sentBytes = 0;

  constructor(opts: ProgressStreamOptions) {
    this.opts = opts;
    this.binary = opts.encoding === 'binary' && opts.sendBinary !== undefined;
    this.window = Math.max(1, opts.windowChunks ?? (this.binary ? DEFAULT_WINDOW_FRAMES : DEFAULT_WINDOW_CHUNKS));
    this.base64 = opts.encoding === 'base64';
    this.frameTarget = opts.compress ? COMPRESSED_FRAME_TARGET_BYTES : BINARY_FRAME_TARGET_BYTES;
  }

  get nextSeq(): number {
    return this.seq;
  }

  push(stream: OutputStreamName, bytes: Buffer): void {
    if (bytes.length === 0 || this.failed) return;
    const prior = this.carry[stream];
    const buf = prior ? Buffer.concat([prior, bytes]) : bytes;
    this.carry[stream] = undefined;
    // Cut the bytes (cheap), not the decoded text: each piece is ≤ 16 KiB and whole characters
    // (also in base64, so a gateway can hand a text-reading operator each piece decoded).
    const max = this.base64 ? MAX_BASE64_CHUNK_BYTES : MAX_PROGRESS_CHUNK_BYTES;
    let start = 0;
    while (start < buf.length) {
      const cut = utf8Cut(buf, start, max);
      if (cut === start) break;
      if (this.binary) this.addToBatch(stream, buf.subarray(start, cut));
      else if (this.base64) this.sendChunk(stream, buf.toString('base64', start, cut), cut - start);
      else this.sendText(stream, buf.toString('utf8', start, cut));
      start = cut;
    }
    if (start < buf.length) this.carry[stream] = Buffer.from(buf.subarray(start));
    if (!this.paused && this.full()) this.setPaused(true);
  }

  /** Flushes a trailing partial character (as U+FFFD) so nothing is left behind. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.carry[stream];
      this.carry[stream] = undefined;
      if (!rest || this.failed) continue;
      if (this.binary) this.addToBatch(stream, rest);
      else if (this.base64) this.sendChunk(stream, rest.toString('base64'), rest.length);
      else this.sendText(stream, rest.toString('utf8'));
    }
    // Sent now, before the caller sends the result on the same socket.
    this.flushBatch();
    if (this.paused) this.setPaused(false);
  }

  /**
   * Binary mode: adds one chunk (≤ 16 KiB, whole characters) to the frame being gathered. The
   * frame goes out when full, when the stream changes, or once this turn of the event loop is
   * over (setImmediate: the pipe reads that arrived together travel together) — during a burst
   * of output, {@link BURST_GATHER_MS} later.
   */
  private addToBatch(stream: OutputStreamName, piece: Buffer): void {
    if (this.batch && (this.batch.stream !== stream || this.batch.bytes + piece.length > this.batch.buf.length)) this.flushBatch();
    const b = (this.batch ??= { stream, buf: this.takeFrameBuffer(), sizes: [], bytes: 0 });
    b.buf.set(piece, b.bytes);
    b.sizes.push(piece.length);
    b.bytes += piece.length;
    if (b.bytes >= this.frameTarget || b.sizes.length >= MAX_CHUNKS_PER_BINARY_FRAME) this.flushBatch();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      const flush = () => {
        this.flushScheduled = false;
        this.flushBatch();
      };
      if (performance.now() - this.lastFlushMs < BURST_WINDOW_MS) setTimeout(flush, BURST_GATHER_MS);
      else setImmediate(flush);
    }
  }

  private flushBatch(): void {
    const b = this.batch;
    this.batch = undefined;
    if (!b || this.failed) return;
    const seq = this.seq;
    this.seq += b.sizes.length;
    const params: BinaryProgressParams = { invokeId: this.opts.invokeId, nodeId: this.opts.nodeId, seq, stream: b.stream, encoding: 'binary', sizes: b.sizes, chunk: '' };
    const body = b.buf.subarray(0, b.bytes);
    let parts: Uint8Array[] | undefined;
    if (this.opts.compress && b.bytes >= MIN_COMPRESS_BYTES) {
      if (this.compressSkip > 0) this.compressSkip--;
      else {
        const packed = this.opts.compress([body], b.bytes);
        if (packed) {
          parts = [packed];
          params.compression = 'zstd';
        } else this.compressSkip = INCOMPRESSIBLE_SKIP_FRAMES;
      }
    }
    if (parts) this.spare = b.buf;
    else if (b.bytes <= COPY_OUT_BYTES) {
      // A few lines: copied out, so a command that prints now and then reuses one buffer.
      parts = [Buffer.from(body)];
      this.spare = b.buf;
    } else {
      // The buffer leaves with the frame (the socket holds it until written), one part per chunk:
      // a sender that writes parts as WebSocket fragments (no copy) then sends ≤ 16 KiB pieces,
      // which the gateway reads as views of its socket reads; one 1 MiB piece it would have to
      // gather and copy (its CPU per 50 MB of random bytes went from 100 to 160 ms that way).
      parts = [];
      let at = 0;
      for (const size of b.sizes) {
        parts.push(body.subarray(at, at + size));
        at += size;
      }
    }
    this.lastFlushMs = performance.now();
    // In flight is counted in output bytes, compressed or not: it bounds what the gateway may
    // have to hold decoded for an operator that does not read zstd.
    this.track(this.opts.sendBinary!(params, parts), b.bytes);
    if (!this.paused && this.full()) this.setPaused(true);
  }

  private takeFrameBuffer(): Buffer {
    const spare = this.spare;
    this.spare = undefined;
    return spare ?? Buffer.allocUnsafeSlow(this.frameTarget);
  }

  /** Whether enough is waiting for acknowledgements that the command should stop for now. */
  private full(): boolean {
    return this.inFlight >= this.window || this.inFlightBytes >= WINDOW_BYTES;
  }

  private sendText(stream: OutputStreamName, text: string): void {
    // Invalid bytes decode to U+FFFD (3 bytes each): re-split in the rare case that grew a piece.
    const pieces = text.includes('\uFFFD') && Buffer.byteLength(text, 'utf8') > MAX_PROGRESS_CHUNK_BYTES ? splitUtf8(text) : [text];
    for (const chunk of pieces) this.sendChunk(stream, chunk, chunk.length);
  }

  private sendChunk(stream: OutputStreamName, chunk: string, size: number): void {
    const seq = this.seq++;
    let sent: Promise<unknown>;
    if (this.base64 && this.opts.sendJSON) {
      this.head ??= `{"invokeId":${JSON.stringify(this.opts.invokeId)},"nodeId":${JSON.stringify(this.opts.nodeId)},"seq":`;
      sent = this.opts.sendJSON(`${this.head}${seq},"stream":"${stream}","encoding":"base64","chunk":"${chunk}"}`);
    } else {
      const params: ProgressParams = { invokeId: this.opts.invokeId, nodeId: this.opts.nodeId, seq, chunk, stream };
      if (this.base64) params.encoding = 'base64';
      sent = this.opts.send(params);
    }
    this.track(sent, size);
  }

  /** Counts a call and its `size` bytes in flight until the gateway acknowledges it. */
  private track(sent: Promise<unknown>, size: number): void {
    this.inFlight++;
    this.inFlightBytes += size;
    this.sentBytes += size;
    sent.then(
      () => this.acked(size),
      () => {
        // The connection is gone: stop streaming (the caller learns of the drop from the gateway).
        this.failed = true;
        this.acked(size);
      },
    );
  }

  private acked(size: number): void {
    this.inFlight--;
    this.inFlightBytes -= size;
    if (this.paused && ((this.inFlight <= this.window / 2 && this.inFlightBytes <= WINDOW_BYTES / 2) || this.failed)) this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.opts.onPressure?.(paused);
  }
}
