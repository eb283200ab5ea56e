/**
 * Live output of streamed runs: `node.invoke.progress` chunks from a node are forwarded, in
 * `seq` order, to the one operator session that asked for the stream (`node.invoke` with
 * `stream: true`) as `hearth.invoke.progress` events — never to anyone else. The node's
 * progress calls are acknowledged only once that operator's socket has room again, so a slow
 * reader slows the node (which pauses the command's pipes) instead of growing buffers here.
 */
import type { Session } from './session.ts';

/** Event an operator receives for each chunk of a run it streams. */
export const PROGRESS_EVENT = 'hearth.invoke.progress';
/** Above this many bytes queued to the operator, acknowledgements to the node wait. */
const HIGH_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 2;
/** Out-of-order chunks kept while an earlier `seq` is missing (the same bound OpenClaw uses). */
const MAX_EARLY_CHUNKS = 128;

export interface StreamRoute {
  invokeId: string;
  nodeId: string;
  idempotencyKey: string;
  /** The operator session the output goes to (streamed system.run). */
  requester?: Session;
  /**
   * Or an in-process consumer (a feature module relaying a node's answer): pieces are handed to
   * it in seq order and each is acknowledged to the node only once the consumer has taken it.
   */
  consumer?: (chunk: string, seq: number) => void | Promise<void>;
  /** Consumer calls in order. */
  chain?: Promise<void>;
  nextSeq: number;
  early: Map<number, { chunk: string; stream: string }>;
  /** Characters forwarded so far (reported when a node drops mid-stream). */
  forwardedChars: number;
}

export interface ProgressInput {
  invokeId: string;
  nodeId: string;
  seq: number;
  chunk: string;
  stream?: unknown;
}

export type ProgressAck = { ok: true; ignored?: boolean };

const IGNORED: ProgressAck = { ok: true, ignored: true };
const ACK: ProgressAck = { ok: true };

/** JSON string literal of `s` (the hot path builds event frames by concatenation). */
const lit = (s: string) => JSON.stringify(s);

export class InvokeStreams {
  private readonly routes = new Map<string, StreamRoute>();

  open(route: Omit<StreamRoute, 'nextSeq' | 'early' | 'forwardedChars'>): StreamRoute {
    const r: StreamRoute = { ...route, nextSeq: 0, early: new Map(), forwardedChars: 0 };
    this.routes.set(route.invokeId, r);
    return r;
  }

  get(invokeId: string): StreamRoute | undefined {
    return this.routes.get(invokeId);
  }

  close(invokeId: string): void {
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
    if (p.seq > r.nextSeq) {
      if (r.early.has(p.seq) || r.early.size >= MAX_EARLY_CHUNKS) return IGNORED;
      r.early.set(p.seq, { chunk: p.chunk, stream });
      return ACK;
    }
    this.forward(r, p.seq, stream, p.chunk);
    for (let next = r.early.get(r.nextSeq); next; next = r.early.get(r.nextSeq)) {
      r.early.delete(r.nextSeq);
      this.forward(r, r.nextSeq, next.stream, next.chunk);
    }
    if (r.consumer) return (r.chain ?? Promise.resolve()).then(() => ACK);
    if (!r.requester) return ACK;
    const socket = r.requester.socket;
    if (socket.bufferedAmount <= HIGH_WATER_BYTES) return ACK;
    return new Promise((resolve) => {
      const wait = () => {
        if (socket.readyState !== socket.OPEN || socket.bufferedAmount <= HIGH_WATER_BYTES / 2) resolve(ACK);
        else setTimeout(wait, DRAIN_POLL_MS);
      };
      setTimeout(wait, DRAIN_POLL_MS);
    });
  }

  private forward(r: StreamRoute, seq: number, stream: string, chunk: string): void {
    r.nextSeq = seq + 1;
    r.forwardedChars += chunk.length;
    const consumer = r.consumer;
    if (consumer) {
      // A failing consumer ends its own response; the node still gets its acknowledgement.
      r.chain = (r.chain ?? Promise.resolve()).then(() => consumer(chunk, seq)).catch(() => {});
      return;
    }
    if (!r.requester) return;
    const socket = r.requester.socket;
    if (socket.readyState !== socket.OPEN) return;
    // Targeted event (no connection seq), like node.invoke.request; built by hand: one escape of the chunk.
    socket.send(
      `{"type":"event","event":"${PROGRESS_EVENT}","payload":{"invokeId":${lit(r.invokeId)},"nodeId":${lit(r.nodeId)},` +
      `"idempotencyKey":${lit(r.idempotencyKey)},"seq":${seq},"stream":"${stream}","chunk":${lit(chunk)}}}`,
    );
  }
}
