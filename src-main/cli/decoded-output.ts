/**
 * Decoded output frames that `hearth nodes run` may free as soon as its stdout or stderr has
 * taken them. A zstd frame decodes into a fresh buffer of up to 1 MiB; left to the garbage
 * collector, each one is new memory whose pages the kernel must fault in (256 per frame), and
 * that was half the cost of decoding: 25 ms per streamed 50 MB, against 12 ms when each buffer
 * is freed once written and the next frame decodes into the same warm memory
 * (`ArrayBuffer.prototype.transfer(0)` releases it at once).
 *
 * Only buffers this module made are ever released, and only whole: at least 64 KiB (never
 * Buffer's shared 8 KiB pool), starting at offset 0, and only once their write has completed
 * (its callback), so nothing still points at them. A write that failed keeps its buffer.
 */
import { zstdDecompressFrame } from '../core/net/zstd-frames.ts';

const owned = new WeakSet<ArrayBufferLike>();
const MIN_RELEASE_BYTES = 64 * 1024;
const canRelease = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function';

/** {@link zstdDecompressFrame}, remembering the buffer it made so {@link writeReleasing} may free it. */
export function decompressOwned(body: readonly Uint8Array[], expectedBytes: number): Buffer | undefined {
  const out = zstdDecompressFrame(body, expectedBytes);
  if (out && canRelease && out.byteOffset === 0 && out.buffer.byteLength >= MIN_RELEASE_BYTES) owned.add(out.buffer);
  return out;
}

/**
 * Writes `piece` to `dest` (as `dest.write` does, returning its room); a buffer that
 * {@link decompressOwned} made is freed once the write has completed, when nothing points at it.
 */
export function writeReleasing(dest: NodeJS.WritableStream, piece: string | Uint8Array): boolean {
  if (typeof piece === 'string' || !owned.has(piece.buffer)) return dest.write(piece);
  const buffer = piece.buffer as ArrayBuffer & { transfer(n: number): ArrayBuffer };
  owned.delete(buffer);
  return dest.write(piece, (err) => {
    if (err) return;
    try {
      buffer.transfer(0);
    } catch {
      // V8 refuses to detach some buffers it made ("not detachable"): the collector frees those.
    }
  });
}
