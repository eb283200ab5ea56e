/**
 * Live output of one run as `node.invoke.progress` calls (SPEC §8.3): UTF-8 text in chunks of at
 * most 16 KiB (bytes, so a multi-byte character is never split across chunks), numbered by
 * `seq`, stdout and stderr told apart by a `stream` field (a Hearth addition; only sent to a
 * gateway that asked for the stream). Flow control: at most `windowChunks` calls wait for their
 * acknowledgement; past that the command's pipes are paused, so a slow reader at the far end
 * slows the command instead of filling this process's memory.
 */
import { StringDecoder } from 'node:string_decoder';

/** The most UTF-8 bytes one progress chunk may carry (OpenClaw refuses more). */
export const MAX_PROGRESS_CHUNK_BYTES = 16_384;
const DEFAULT_WINDOW_CHUNKS = 64;

export type OutputStreamName = 'stdout' | 'stderr';

export interface ProgressParams {
  invokeId: string;
  nodeId: string;
  seq: number;
  chunk: string;
  stream: OutputStreamName;
}

export interface ProgressStreamOptions {
  invokeId: string;
  nodeId: string;
  /** Sends one progress call; resolves when the gateway acknowledged it. */
  send(params: ProgressParams): Promise<unknown>;
  /** Asked to stop (true) or resume (false) reading the command's output. */
  onPressure?(paused: boolean): void;
  windowChunks?: number;
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

/** Streams one run's output; feed it the bytes the capture kept, then `end()` before the result. */
export class ProgressStream {
  private readonly opts: ProgressStreamOptions;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly window: number;
  private seq = 0;
  private inFlight = 0;
  private paused = false;
  private failed = false;
  /** Bytes of output handed to the gateway (for logs and tests). */
  sentBytes = 0;

  constructor(opts: ProgressStreamOptions) {
    this.opts = opts;
    this.window = Math.max(1, opts.windowChunks ?? DEFAULT_WINDOW_CHUNKS);
  }

  get nextSeq(): number {
    return this.seq;
  }

  push(stream: OutputStreamName, bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.sendText(stream, this.decoders[stream].write(bytes));
  }

  /** Flushes a trailing partial character (as U+FFFD) so nothing is left behind. */
  end(): void {
    this.sendText('stdout', this.decoders.stdout.end());
    this.sendText('stderr', this.decoders.stderr.end());
    if (this.paused) this.setPaused(false);
  }

  private sendText(stream: OutputStreamName, text: string): void {
    if (text === '' || this.failed) return;
    for (const chunk of splitUtf8(text)) {
      const params: ProgressParams = { invokeId: this.opts.invokeId, nodeId: this.opts.nodeId, seq: this.seq++, chunk, stream };
      this.inFlight++;
      this.sentBytes += chunk.length;
      this.opts.send(params).then(
        () => this.acked(),
        () => {
          // The connection is gone: stop streaming; the capture still holds the output for the result.
          this.failed = true;
          this.acked();
        },
      );
    }
    if (!this.paused && this.inFlight >= this.window) this.setPaused(true);
  }

  private acked(): void {
    this.inFlight--;
    if (this.paused && (this.inFlight <= this.window / 2 || this.failed)) this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.opts.onPressure?.(paused);
  }
}
