/**
 * The operator client: what every Hearth client (CLI, web UI / desktop UI, Telegram bot) does as
 * an operator, over whatever transport it has — a GatewayConnection (CLI), the reconnecting UI
 * client, or the bot's in-process operator session. It finds nodes the way users name them,
 * reads and decides pending requests across both pairing layers, and runs commands (streamed
 * when the gateway can) with the result decoded. Messages are the shared ones: a client passes
 * its own "where to look next" hints. Browser-safe.
 */
import type { ContractCall, ContractOn, NodeInvokeParams } from '../protocol/contract/index.ts';
import type { NodeEntry, PendingDeviceRequest, PendingNodeRequest } from '../protocol/types.ts';
import { decodeInvokeAnswer, type InvokeAnswer } from './invoke-result.ts';
import { collectPending, readPairing, resolvePending, type CallMethod, type PairList, type PendingItem } from './pending.ts';
import { resolveNode, type ResolveHints } from './resolve-node.ts';
import { cancellableInvoke, streamInvoke, type FrameDecompressor, type OutputGap, type OutputStream } from './run-stream.ts';
import type { SystemRunResult } from '../protocol/types.ts';

/** What the operator client needs from a transport; `on` only for streamed runs. */
export interface OperatorTransport {
  /** Typed by the contract: results arrive checked (a GatewayConnection's `request`). */
  call: ContractCall;
  on?: ContractOn;
}

/** A full node id (64 hex) needs no lookup: one round trip less on the hot path. */
const FULL_NODE_ID = /^[0-9a-f]{64}$/;

/** The node a query named: its id, a name to show, and the entry when the list was read. */
export interface NodeTarget {
  nodeId: string;
  name: string;
  entry?: NodeEntry;
}

export interface RunRequest {
  /** `node.invoke` params for system.run (idempotencyKey included). */
  invoke: { idempotencyKey: string; [k: string]: unknown };
  callTimeoutMs: number;
  /** Live output; given (and the gateway streaming), the run is streamed. */
  onOutput?: (stream: OutputStream, chunk: string) => void;
  /** Live output as the node's bytes (the fast path; see streamInvoke), used when the gateway offers it. */
  onBytes?: (stream: OutputStream, pieces: Uint8Array[]) => void;
  /** Cancels the run (streamed or not) where the gateway can (`cancels`); the answer then says how it ended. */
  signal?: AbortSignal;
}

export interface RunResponse {
  answer: InvokeAnswer;
  /** The decoded system.run result; undefined when the node sent none (or a cancelled run never answered). */
  result: SystemRunResult | undefined;
  streamed: boolean;
  cancelled: boolean;
  /** A streamed run whose output has a gap: the chunks that never came. */
  outputGap?: OutputGap;
}

export class OperatorClient {
  private readonly t: OperatorTransport;
  private readonly hints: ResolveHints;
  /** Whether the gateway streams runs (from its hello-ok); streamed runs need `on` too. */
  private readonly streams: boolean;
  /** Whether it also relays them as binary frames (gatewayStreamsBinary). */
  private readonly binaryStreams: boolean;
  /** Decodes zstd binary frames, given when this side can and the gateway relays them (gatewayStreamsZstd). */
  private readonly decompress: FrameDecompressor | undefined;
  /** Whether it cancels a run that was not streamed (gatewayCancels); a streaming gateway does. */
  private readonly cancels: boolean;

  constructor(transport: OperatorTransport, opts: { hints?: ResolveHints; streams?: boolean; binaryStreams?: boolean; decompress?: FrameDecompressor; cancels?: boolean } = {}) {
    this.t = transport;
    this.hints = opts.hints ?? {};
    this.streams = opts.streams === true && typeof transport.on === 'function';
    this.binaryStreams = opts.binaryStreams === true;
    this.decompress = this.binaryStreams ? opts.decompress : undefined;
    this.cancels = opts.cancels === true || this.streams;
  }

  /** Calls one method, typed by the contract (src-shared/protocol/contract/). */
  readonly call: CallMethod = (method, params) => this.t.call(method, params);

  /** `node.list` (operator.read). */
  async nodes(): Promise<NodeEntry[]> {
    const res = await this.t.call('node.list', {});
    return Array.isArray(res.nodes) ? res.nodes : [];
  }

  /** Resolves what a user typed (id, unique prefix, name, IP) to a node; throws a HearthError naming the candidates. */
  async node(query: string): Promise<NodeTarget> {
    const id = query.trim().toLowerCase();
    if (FULL_NODE_ID.test(id)) return { nodeId: id, name: query.trim() };
    const entry = resolveNode(query, await this.nodes(), this.hints);
    return { nodeId: entry.nodeId, name: entry.displayName ?? query, entry };
  }

  /** Both pairing lists, raw (operator.pairing). */
  pairing(): Promise<{ devicePairing: PairList<PendingDeviceRequest>; nodePairing: PairList<PendingNodeRequest> }> {
    return readPairing(this.call);
  }

  /** Both layers' pending requests merged, newest first; `nodesOnly` keeps node-role device requests. */
  async pending(nodesOnly = false): Promise<PendingItem[]> {
    const { devicePairing, nodePairing } = await this.pairing();
    return collectPending(devicePairing, nodePairing, nodesOnly);
  }

  /** Approves or rejects the request a user named (id, unique prefix, or the newest with `latest`). */
  decide(decision: 'approve' | 'reject', requestId: string | undefined, latest: boolean, view: 'nodes' | 'devices'): Promise<{ item: PendingItem; payload: unknown }> {
    return resolvePending(this.call, decision, requestId, latest, view);
  }

  /** Runs system.run through node.invoke, streamed when asked and possible; rejects like `call` (ProtocolError). */
  async run(req: RunRequest, nodeName: string): Promise<RunResponse> {
    if (req.onOutput && this.streams && this.t.on) {
      const on = this.t.on.bind(this.t);
      const run = await streamInvoke({ call: (m, p, o) => this.t.call(m, p, o), on }, req.invoke, {
        callTimeoutMs: req.callTimeoutMs,
        onOutput: req.onOutput,
        ...(req.onBytes && this.binaryStreams ? { onBytes: req.onBytes, ...(this.decompress ? { decompress: this.decompress } : {}) } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const res: RunResponse = { answer: run.answer, result: decodeInvokeAnswer(run.answer, nodeName), streamed: true, cancelled: run.cancelled };
      if (run.outputGap !== undefined) res.outputGap = run.outputGap;
      return res;
    }
    if (req.signal && this.cancels) {
      const run = await cancellableInvoke((m, p, o) => this.t.call(m, p, o), req.invoke, { callTimeoutMs: req.callTimeoutMs, signal: req.signal });
      return { answer: run.answer, result: decodeInvokeAnswer(run.answer, nodeName), streamed: false, cancelled: run.cancelled };
    }
    const answer: InvokeAnswer = await this.t.call('node.invoke', req.invoke as NodeInvokeParams, { timeoutMs: req.callTimeoutMs });
    return { answer, result: decodeInvokeAnswer(answer, nodeName), streamed: false, cancelled: false };
  }
}
