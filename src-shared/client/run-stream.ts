/**
 * Streamed `system.run` (Hearth's streaming extension, SPEC §9): the output arrives as
 * `hearth.invoke.progress` events while the command runs and the final `node.invoke` answer
 * says how it ended; `hearth.invoke.cancel` asks the gateway to stop it (the node kills the
 * process tree). Transport-agnostic and browser-safe: the CLI feeds chunks to its stdout/stderr,
 * the UI to a run record.
 */
import { declaredBytes } from '../protocol/binary-frame.ts';
import { BINARY_STREAM_CAPABILITY, MAX_BINARY_FRAME_BYTES, MAX_CHUNKS_PER_BINARY_FRAME, ZSTD_STREAM_CAPABILITY } from '../protocol/constants.ts';
import type { ContractCall, ContractOn, NodeInvokeParams, PayloadOf } from '../protocol/contract/index.ts';
import type { HelloOk } from '../protocol/types.ts';
import type { InvokeAnswer } from './invoke-result.ts';
import { ProgressOrder } from './progress-order.ts';

/** Event and method of the streaming extension; a gateway without them gets a plain run. */
export const PROGRESS_EVENT = 'hearth.invoke.progress';
export const CANCEL_METHOD = 'hearth.invoke.cancel';
/** After a cancel, how long to wait for the node's confirmation before leaving anyway. */
export const CANCEL_WAIT_MS = 5_000;

export type OutputStream = 'stdout' | 'stderr';

/** What a streamed run needs from a client: calls and event subscriptions. */
export interface StreamTransport {
  call: ContractCall;
  on: ContractOn;
}


/** True when the gateway announced the streaming extension in hello-ok. */
export function gatewayStreams(hello: Pick<HelloOk, 'features'>): boolean {
  const f = hello.features;
  return Boolean(f?.methods?.includes(CANCEL_METHOD) && f.events?.includes(PROGRESS_EVENT));
}

/** True when the gateway lets an operator cancel the runs it started, streamed or not. */
export function gatewayCancels(hello: Pick<HelloOk, 'features'>): boolean {
  return Boolean(hello.features?.methods?.includes(CANCEL_METHOD));
}

/** True when the gateway also relays run output as binary frames (hello-ok capability). */
export function gatewayStreamsBinary(hello: Pick<HelloOk, 'features'>): boolean {
  return Boolean(hello.features?.capabilities?.includes(BINARY_STREAM_CAPABILITY));
}

/** True when the gateway also relays zstd-compressed binary frames (hello-ok capability). */
export function gatewayStreamsZstd(hello: Pick<HelloOk, 'features'>): boolean {
  return gatewayStreamsBinary(hello) && Boolean(hello.features?.capabilities?.includes(ZSTD_STREAM_CAPABILITY));
}

/**
 * Decodes one zstd binary frame's body to exactly `bytes` bytes, or undefined when it does not
 * (the CLI passes Node's zlib; this module stays browser-safe by not importing it).
 */
export type FrameDecompressor = (body: readonly Uint8Array[], bytes: number) => Uint8Array | undefined;

/** One progress event's output, held by {@link ProgressOrder} until its turn. */
type RunOutput = { stream: OutputStream; text: string; pieces?: undefined } | { stream: OutputStream; text?: undefined; pieces: Uint8Array[] | undefined };

/** A progress listener for one run; `finish()` ends it (see {@link runOutputListener}). */
/** Output chunks of a streamed run that never came: one line naming them, and how many they are (a UI words it itself). */
export interface OutputGap {
  line: string;
  chunks: number;
}

export type RunOutputListener = ((payload: unknown, frame?: { body?: Uint8Array[] }) => void) & {
  /** The run ended: delivers what is still held and says which chunks never came, if any. */
  finish(): OutputGap | undefined;
};

/**
 * A `hearth.invoke.progress` handler that passes the chunks of run `key` (its idempotency key)
 * to `sink` (text) or `bytesSink` (a binary frame's body), in `seq` order with repeats dropped
 * (progress-order.ts: a gateway need not be trusted to keep them in order), and ignores
 * everything else. It runs once per event: keep it cheap.
 */
export function runOutputListener(
  key: string,
  sink: (stream: OutputStream, chunk: string) => void,
  bytesSink?: (stream: OutputStream, pieces: Uint8Array[]) => void,
  decompress?: FrameDecompressor,
): RunOutputListener {
  /** Chunks that came in zstd frames that did not decode (or with no decoder): their seqs pass, their output is lost. */
  let undecoded = 0;
  const order = new ProgressOrder<RunOutput>((o) => {
    if (o.text !== undefined) sink(o.stream, o.text);
    else if (o.pieces && bytesSink) bytesSink(o.stream, o.pieces);
  });
  const listener = (payload: unknown, frame?: { body?: Uint8Array[] }) => {
    // A GatewayConnection checked it against the contract on arrival; other transports may not.
    const p = payload as Partial<PayloadOf<'hearth.invoke.progress'>> | undefined;
    if (p?.idempotencyKey !== key || typeof p.chunk !== 'string' || !Number.isSafeInteger(p.seq) || p.seq! < 0) return;
    const stream = p.stream === 'stderr' ? 'stderr' : 'stdout';
    // Every event of the run takes its seqs, printed or not (base64 is not asked for here).
    if (p.encoding === 'binary') {
      let body = frame?.body;
      const count = Math.max(1, p.sizes?.length ?? 1);
      if (p.compression === 'zstd') {
        // Decoded on arrival under the declared size (a frame cannot decode to more), so what
        // waits in ProgressOrder is counted as the bytes it holds.
        const declared = declaredBytes(p.sizes);
        // No frame holds more than 64 chunks of 16 KiB: a gateway declaring more (to make a small
        // body decode to gigabytes here) gets nothing decoded.
        const fits = count <= MAX_CHUNKS_PER_BINARY_FRAME && declared <= MAX_BINARY_FRAME_BYTES;
        const bytes = body && decompress && fits ? decompress(body, declared) : undefined;
        if (bytes === undefined) undecoded += count;
        body = bytes === undefined ? undefined : [bytes];
      }
      let size = 0;
      for (const b of body ?? []) size += b.byteLength;
      order.push(p.seq!, count, size, { stream, pieces: body });
    } else if (p.encoding === 'base64') order.push(p.seq!, 1, p.chunk.length, { stream, pieces: undefined });
    else order.push(p.seq!, 1, p.chunk.length, { stream, text: p.chunk });
  };
  const finish = (): OutputGap | undefined => {
    const line = order.finish();
    const bad = undecoded === 0 ? undefined
      : `${undecoded} chunk${undecoded === 1 ? '' : 's'} of this run's output came compressed and did not decode: what was printed lacks ${undecoded === 1 ? 'it' : 'them'} — if it repeats, update Hearth on the node and the gateway`;
    if (line === undefined && bad === undefined) return undefined;
    return { line: [line, bad].filter((l) => l !== undefined).join('; '), chunks: order.missingChunks + undecoded };
  };
  return Object.assign(listener, { finish });
}

export interface StreamInvokeOptions {
  /** Deadline of the `node.invoke` call itself. */
  callTimeoutMs: number;
  onOutput: (stream: OutputStream, chunk: string) => void;
  /**
   * Takes the output as the node's raw bytes instead, in binary frames (`streamEncoding:
   * 'binary'`; pass it only to a gateway that {@link gatewayStreamsBinary}): the fast path — no
   * escaping or base64 on any hop — and bytes that are not UTF-8 arrive unchanged.
   */
  onBytes?: (stream: OutputStream, pieces: Uint8Array[]) => void;
  /**
   * With `onBytes`: also takes zstd-compressed frames (`streamCompression: 'zstd'`; pass it only
   * to a gateway that {@link gatewayStreamsZstd}) and decodes them with this.
   */
  decompress?: FrameDecompressor;
  /** Aborting asks the gateway to cancel the run; the run then settles as cancelled. */
  signal?: AbortSignal;
  /** How long to wait for the node's confirmation after a cancel; CANCEL_WAIT_MS by default. */
  cancelWaitMs?: number;
}

export interface StreamedInvoke {
  /** The final answer ({} when a cancelled run never answered). */
  answer: InvokeAnswer;
  /** True when the run was cancelled through `signal`. */
  cancelled: boolean;
  /** Output chunks that never came (a gap in what was delivered); absent when none is missing. */
  outputGap?: OutputGap;
}

/**
 * Runs `invokeParams` (a `node.invoke` for system.run) with `stream: true` and hands its output to
 * `onOutput` as it comes. Resolves with the final answer; rejects like `call` unless it was
 * cancelled (then a failed or missing answer resolves as cancelled).
 */
export async function streamInvoke(
  t: StreamTransport,
  invokeParams: { idempotencyKey: string; [k: string]: unknown },
  opts: StreamInvokeOptions,
): Promise<StreamedInvoke> {
  const decompress = opts.onBytes ? opts.decompress : undefined;
  const listener = runOutputListener(invokeParams.idempotencyKey, opts.onOutput, opts.onBytes, decompress);
  const off = t.on(PROGRESS_EVENT, listener);
  let run: StreamedInvoke;
  try {
    const params = {
      ...invokeParams, stream: true,
      ...(opts.onBytes ? { streamEncoding: 'binary' as const } : {}),
      ...(decompress ? { streamCompression: 'zstd' as const } : {}),
    };
    run = await cancellableInvoke(t.call, params, opts);
  } catch (err) {
    // What did arrive is delivered before the caller hears why the run failed.
    listener.finish();
    throw err;
  } finally {
    off();
  }
  const outputGap = listener.finish();
  return outputGap === undefined ? run : { ...run, outputGap };
}

/**
 * Calls `node.invoke` with `params`; aborting `opts.signal` asks the gateway to cancel the run
 * (`hearth.invoke.cancel` by its idempotency key) and waits up to `cancelWaitMs` for the node's
 * report of how it ended. Resolves with the final answer; rejects like `call` unless it was
 * cancelled (then a failed or missing answer resolves as cancelled). Streamed or not.
 */
export async function cancellableInvoke(
  call: ContractCall,
  params: { idempotencyKey: string; [k: string]: unknown },
  opts: { callTimeoutMs: number; signal?: AbortSignal; cancelWaitMs?: number },
): Promise<StreamedInvoke> {
  const waitMs = opts.cancelWaitMs ?? CANCEL_WAIT_MS;
  let cancelled = false;
  let leave: ((e: Error) => void) | undefined;
  let leaveTimer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    if (cancelled) return;
    cancelled = true;
    call(CANCEL_METHOD, { idempotencyKey: params.idempotencyKey }, { timeoutMs: waitMs }).catch(() => undefined);
    leaveTimer = setTimeout(() => leave?.(new Error(`the node did not confirm the cancel within ${waitMs / 1000} s`)), waitMs);
    (leaveTimer as { unref?: () => void }).unref?.();
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await new Promise<InvokeAnswer>((resolve, reject) => {
      leave = reject;
      call('node.invoke', params as NodeInvokeParams, { timeoutMs: opts.callTimeoutMs }).then(resolve, reject);
    });
    return { answer, cancelled };
  } catch (e) {
    if (cancelled) return { answer: {}, cancelled };
    throw e;
  } finally {
    if (leaveTimer) clearTimeout(leaveTimer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
