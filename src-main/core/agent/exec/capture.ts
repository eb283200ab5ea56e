/**
 * Bounded capture of one output stream: keeps the first `limit` bytes, counts the rest. With
 * `store: false` it only decides what is within the limit (streamed runs send their output
 * live and do not hold it for the result).
 */

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
