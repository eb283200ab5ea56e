/**
 * Puts one run's progress events back in `seq` order before they are printed. A Hearth gateway
 * forwards them in order already (it holds early chunks itself), but the client must not trust
 * that: a broken or hostile gateway could send them shuffled or twice, and the output would be
 * printed garbled. An event covers `count` consecutive seqs (a binary frame holds several chunks).
 *
 * - The next expected seq is delivered at once (the usual case costs one comparison), then any
 *   held events it unblocks.
 * - An event before the next expected seq (a repeat, or one that overlaps what was delivered)
 *   is dropped.
 * - A later one is held, within the bounds the gateway uses for the same job (128 events, 2 MiB).
 *   When they are exceeded the gap is given up on: what is held goes out in order and reading
 *   goes on past the hole, so memory stays bounded whatever the gateway sends.
 * - {@link ProgressOrder.finish} at the end of the run delivers what is still held and says, in
 *   one line, which seqs never came (a late one after its gap was given up on is dropped: it
 *   would print out of place).
 * Pure and browser-safe.
 */

/** Events held while an earlier seq is missing (the gateway's own bound, invoke-streams.ts). */
export const MAX_HELD_EVENTS = 128;
/** …and at most this many bytes of them. */
export const MAX_HELD_BYTES = 2 * 1024 * 1024;

interface Held<T> {
  count: number;
  size: number;
  item: T;
}

export class ProgressOrder<T> {
  private next = 0;
  private readonly held = new Map<number, Held<T>>();
  private heldBytes = 0;
  /** Seqs given up on: [first, last] ranges, in order. */
  private readonly missing: [number, number][] = [];
  private readonly deliver: (item: T) => void;

  constructor(deliver: (item: T) => void) {
    this.deliver = deliver;
  }

  /** One event covering seqs `seq … seq + count − 1`, `size` bytes of output. */
  push(seq: number, count: number, size: number, item: T): void {
    if (seq === this.next && this.held.size === 0) {
      this.next = seq + count;
      this.deliver(item);
      return;
    }
    if (seq < this.next || this.held.has(seq)) return; // a repeat, or overlapping what went out
    if (seq === this.next) {
      this.next = seq + count;
      this.deliver(item);
      this.drain();
      return;
    }
    this.held.set(seq, { count, size, item });
    this.heldBytes += size;
    if (this.held.size > MAX_HELD_EVENTS || this.heldBytes > MAX_HELD_BYTES) this.skipGap();
  }

  /**
   * The run ended: what is still held goes out in order, past the gaps. Returns one line naming
   * the seqs that never came, or undefined when none is missing.
   */
  finish(): string | undefined {
    while (this.held.size > 0) this.skipGap();
    if (this.missing.length === 0) return undefined;
    const total = this.missingChunks;
    const ranges = this.missing.slice(0, 3).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
    const more = this.missing.length > 3 ? `, and ${this.missing.length - 3} more gaps` : '';
    return `${total} chunk${total === 1 ? '' : 's'} of this run's output never came from the gateway (seq ${ranges}${more}): what was printed lacks ${total === 1 ? 'it' : 'them'}`;
  }

  /** Chunks (seqs) given up on so far; after {@link finish}, all that never came. */
  get missingChunks(): number {
    return this.missing.reduce((n, [a, b]) => n + b - a + 1, 0);
  }

  /** Gives up on the hole before the lowest held event and delivers from there. */
  private skipGap(): void {
    let lowest = Infinity;
    for (const seq of this.held.keys()) if (seq < lowest) lowest = seq;
    if (lowest === Infinity) return;
    this.missing.push([this.next, lowest - 1]);
    this.next = lowest;
    this.drain();
  }

  private drain(): void {
    for (let h = this.held.get(this.next); h; h = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.heldBytes -= h.size;
      this.next += h.count;
      this.deliver(h.item);
    }
    // Held events that now overlap what went out (a hostile count) can never be delivered.
    for (const [seq, h] of this.held) {
      if (seq < this.next) {
        this.held.delete(seq);
        this.heldBytes -= h.size;
      }
    }
  }
}
