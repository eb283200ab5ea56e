/** Operator methods over nodes: list, describe, rename, invoke, and command-surface pairing (SPEC §7, §10.1). */
import { Type, type Static } from '@sinclair/typebox';
import { NodeEntrySchema, PendingNodeRequestSchema } from './domain.ts';
import { Empty, NonEmpty, Nullable, Open, Opt, Params, Str, StringEnum, method } from './kit.ts';

const Num = Type.Number();

export const NodeListResultSchema = Open({ ts: Num, nodes: Type.Array(NodeEntrySchema) });
export type NodeListResult = Static<typeof NodeListResultSchema>;

export const NodeInvokeParamsSchema = Params({
  nodeId: NonEmpty,
  command: NonEmpty,
  params: Opt(Type.Unknown()),
  timeoutMs: Opt(Type.Integer({ minimum: 1 })),
  idempotencyKey: NonEmpty,
  sessionKey: Opt(Type.String()),
  turnSource: Opt(Type.Unknown()),
  turnSourceChannel: Opt(Type.Unknown()),
  turnSourceAccountId: Opt(Type.Unknown()),
  /** Hearth extension: send the output live as `hearth.invoke.progress` events (system.run). */
  stream: Opt(Type.Boolean()),
  /**
   * Hearth extension: `base64` — progress chunks carry base64 of the raw output bytes; `binary` —
   * they come as binary frames (only from a gateway listing BINARY_STREAM_CAPABILITY).
   */
  streamEncoding: Opt(StringEnum(['text', 'base64', 'binary'] as const)),
  /**
   * Hearth extension: with `streamEncoding: 'binary'`, binary events may carry their chunks as
   * one zstd frame (`compression: 'zstd'`; only from a gateway listing ZSTD_STREAM_CAPABILITY).
   */
  streamCompression: Opt(StringEnum(['zstd'] as const)),
});
export type NodeInvokeParams = Static<typeof NodeInvokeParamsSchema>;
/** How streamed run output travels on one hop (docs/protocol.md, "Streaming runs"). */
export type StreamEncoding = NonNullable<NodeInvokeParams['streamEncoding']>;

/** `node.invoke`: the node's answer, decoded (`payload`) and as it came (`payloadJSON`). The payload's shape is the command's. */
export const NodeInvokeResultSchema = Open({
  ok: Type.Boolean(),
  nodeId: Opt(Type.String()),
  command: Opt(Type.String()),
  payload: Opt(Type.Unknown()),
  payloadJSON: Opt(Nullable(Type.String())),
});
export type NodeInvokeResult = Static<typeof NodeInvokeResultSchema>;

export const NodePairListResultSchema = Open({ pending: Type.Array(PendingNodeRequestSchema), paired: Type.Array(NodeEntrySchema) });
export type NodePairListResult = Static<typeof NodePairListResultSchema>;

/** `node.pair.approve` / `reject`: the request and the node's entry as it is now. */
export const NodePairDecisionSchema = Open({ requestId: Type.String(), node: NodeEntrySchema });

export const nodeMethods = {
  'node.list': method(Empty, NodeListResultSchema),
  'node.describe': method(Params({ nodeId: NonEmpty }), Type.Intersect([NodeEntrySchema, Open({ ts: Num })])),
  'node.rename': method(
    Params({ nodeId: NonEmpty, displayName: Str({ minLength: 1, maxLength: 64 }) }),
    Open({ nodeId: Type.String(), displayName: Opt(Type.String()) }),
  ),
  'node.invoke': method(NodeInvokeParamsSchema, NodeInvokeResultSchema),
  'node.pair.list': method(Empty, NodePairListResultSchema),
  'node.pair.approve': method(Params({ requestId: NonEmpty }), NodePairDecisionSchema),
  // Hearth answers {requestId, nodeId}; OpenClaw {requestId, node}.
  'node.pair.reject': method(Params({ requestId: NonEmpty }), Open({ requestId: Type.String(), nodeId: Opt(Type.String()), node: Opt(Open({ nodeId: Type.String() })) })),
  'node.pair.remove': method(Params({ nodeId: NonEmpty }), Open({ nodeId: Type.String(), removed: Opt(Type.Boolean()) })),
};
