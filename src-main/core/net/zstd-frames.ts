/**
 * zstd for streamed run output (Hearth's `streamCompression: 'zstd'`, docs/protocol.md): a node
 * compresses each binary progress frame's chunks into one zstd frame, the gateway relays it as it
 * came to an operator that reads zstd, and whoever needs the bytes decompresses it under the
 * size the frame declares. One frame is one complete zstd frame, never a stream across frames:
 * a frame lost or refused on the way leaves no decoder state behind, and order is still `seq`'s.
 *
 * zstd (not deflate): level 1 compresses text 10–20× at over 800 MB/s here and passes bytes that
 * do not compress (random, already compressed) at 1.5 GB/s, where deflate crawls at 60 MB/s.
 * It is in Node's zlib from 22.15 / 23.8; on an older Node every function here says "not
 * available" and the peers keep to plain binary frames.
 */
import type zlibModule from 'node:zlib';
import { MAX_BINARY_FRAME_BYTES } from '../../../src-shared/protocol/constants.ts';

/**
 * Whether this Node can compress and decompress zstd: told by `process.versions` (a Node built
 * with zstd lists its version), so the gateway need not load zlib to say so in hello-ok — a
 * gateway loads zlib only once it has a frame to decode (gateway-footprint.test.ts).
 */
export const zstdAvailable = typeof process.versions['zstd'] === 'string';

type Zlib = typeof zlibModule;
/** zlib once loaded (null: this Node's zlib lacks zstd after all); looked at once, not per frame. */
let loaded: Zlib | null | undefined;
function zlib(): Zlib | null {
  if (loaded !== undefined) return loaded;
  const z = zstdAvailable ? process.getBuiltinModule('node:zlib') : undefined;
  loaded = z && typeof z.zstdCompressSync === 'function' && typeof z.zstdDecompressSync === 'function' ? z : null;
  return loaded;
}

/** Frames smaller than this go as they are: a line or two gains nothing and costs a context. */
export const MIN_COMPRESS_BYTES = 4096;
/** A frame is sent compressed only if that saves at least an eighth of its bytes. */
const MIN_SAVING = 1 / 8;

/**
 * Level 1: the fastest of zstd's usual levels, and already 10–20× on text. No checksum: TCP/TLS
 * carry the bytes intact, and the exact length is checked on decoding.
 */
const level = (z: Zlib) => ({ [z.constants.ZSTD_c_compressionLevel]: 1 });
/**
 * Where a frame's chunks (at most MAX_BINARY_FRAME_BYTES) are put together to be compressed (zstd takes one input): reused, since
 * a fresh 256 KiB buffer per frame cost more than compressing it (its pages are new each time).
 * Safe to share: compressing is synchronous and the input is not kept.
 */
let scratch: Buffer | undefined;
/** Output room per compression step (a 256 KiB frame of text compresses to 10–30 KiB). */
const OUTPUT_ROOM_BYTES = 32 * 1024;

/**
 * The chunks `parts` (`bytes` long in all) as one zstd frame, or undefined when compressing is
 * not available, the frame is small, or it would not save enough (output that does not
 * compress is better sent as it is: the far end then has nothing to decode).
 */
export function zstdCompressFrame(parts: readonly Uint8Array[], bytes: number): Buffer | undefined {
  const z = bytes >= MIN_COMPRESS_BYTES ? zlib() : null;
  if (!z) return undefined;
  let input: Uint8Array;
  if (parts.length === 1) input = parts[0]!;
  else {
    if (bytes > MAX_BINARY_FRAME_BYTES) return undefined;
    scratch ??= Buffer.allocUnsafeSlow(MAX_BINARY_FRAME_BYTES);
    let at = 0;
    for (const p of parts) {
      scratch.set(p, at);
      at += p.length;
    }
    input = scratch.subarray(0, at);
  }
  // Output is cut off once it is too large to be worth sending (zstd then stops early), and
  // written into room of a size text usually compresses into: a fresh buffer the size of the
  // frame for each one was garbage enough to make the collector run far more often.
  const limit = Math.floor(bytes * (1 - MIN_SAVING));
  let out: Buffer;
  try {
    out = z.zstdCompressSync(input, { chunkSize: Math.min(limit + 1, OUTPUT_ROOM_BYTES), maxOutputLength: limit, params: level(z) });
  } catch {
    return undefined; // past the limit: not worth it
  }
  // The result may be a view of that room: copied out, so a frame waiting for its
  // acknowledgement holds its few bytes and not the whole room.
  return out.length < out.buffer.byteLength / 2 ? Buffer.from(out) : out;
}

/**
 * Decompresses one zstd frame that must hold exactly `expectedBytes` (the sum of the frame's
 * declared chunk sizes); undefined when it is not valid zstd or decodes to any other length. The output is bounded by `expectedBytes`, so a small frame that would
 * decompress to gigabytes (a "zip bomb" from a hostile peer) stops at the bound.
 */
export function zstdDecompressFrame(body: readonly Uint8Array[], expectedBytes: number): Buffer | undefined {
  const z = zlib();
  if (!z || body.length === 0 || expectedBytes <= 0) return undefined;
  const input = body.length === 1 ? body[0]! : Buffer.concat(body);
  try {
    // One byte more than expected is allowed to come out, so a longer frame is told from an exact one.
    const out = z.zstdDecompressSync(input, { maxOutputLength: expectedBytes + 1, chunkSize: expectedBytes + 1 });
    return out.length === expectedBytes ? out : undefined;
  } catch {
    return undefined;
  }
}
