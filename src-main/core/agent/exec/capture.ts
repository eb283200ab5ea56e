/**
 * Bounded capture of one output stream: keeps the first `limit` bytes, counts the rest. With
 * `store: false` it only decides what is within the limit (streamed runs send their output
 * live and do not hold it for the result).
 */
import { isUtf8 } from 'node:buffer';

export class BoundedCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Bytes seen past the limit (read and discarded so the child never blocks on a full pipe). */
  dropped = 0;
  readonly limit: number;
  private readonly store: boolean;

  constructor(limit: number, opts: { store?: boolean } = {}) {
    this.limit = Math.max(0, Math.floor(limit));
    this.store = opts.store ?? true;
  }

  /** Keeps what fits; returns the part kept (empty once the limit is reached). */
  push(chunk: Buffer): Buffer {
    const room = this.limit - this.kept;
    let part = chunk.subarray(0, 0);
    if (room > 0) {
      part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      if (this.store) this.chunks.push(part);
      this.kept += part.length;
    }
    if (chunk.length > room) this.dropped += chunk.length - Math.max(room, 0);
    return part;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  /**
   * Whether the kept bytes are not UTF-8 text, so text() replaced some of them (U+FFFD). A cut at
   * the limit that splits one character does not count: the marker after it says output was cut.
   */
  get notUtf8(): boolean {
    if (!this.store || this.kept === 0) return false;
    const bytes = Buffer.concat(this.chunks);
    return !isUtf8(this.truncated ? bytes.subarray(0, completeUtf8Length(bytes)) : bytes);
  }

  /** The captured text, with a visible marker when output was dropped. */
  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8');
    if (!this.truncated) return body;
    // Cut mid-line, the marker still gets a line of its own; it says so, so a client that strips
    // the marker (hearth nodes run) strips that added line break too and prints the output as kept.
    const midLine = !(body.endsWith('\n') || body === '');
    return `${body}${midLine ? '\n' : ''}[hearth: output truncated${midLine ? ' mid-line' : ''} — ${this.dropped} more bytes not captured (limit ${this.limit} bytes)]\n`;
  }
}

/** Length of `bytes` without a trailing, incomplete UTF-8 sequence (at most 3 bytes are dropped). */
function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
