/**
 * Methods a node calls (SPEC §8.1, §8.2, §8.4), and what the gateway tells nodes. The params are
 * the gateway's trust boundary towards nodes: checked before any handler reads them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_CHUNKS_PER_BINARY_FRAME, MAX_PROGRESS_CHUNK_BYTES } from '../constants.ts';
import { AnyObject, NonEmpty, Open, Opt, Params, StringEnum, method } from './kit.ts';

export const NodeInvokeResultParamsSchema = Params({
  id: NonEmpty,
  nodeId: NonEmpty,
  ok: Type.Boolean(),
  payload: Opt(Type.Unknown()),
  payloadJSON: Opt(Type.String()),
  error: Opt(Type.Object({ code: Opt(Type.String()), message: Opt(Type.String()) })),
});
export type NodeInvokeResultParams = Static<typeof NodeInvokeResultParamsSchema>;

export const NodeInvokeProgressParamsSchema = Type.Object(
  // The 16 KiB bound on `chunk` is checked by the handler: a schema maxLength counts code
  // points one by one, which dominated the gateway's cost per streamed chunk.
  {
    invokeId: NonEmpty,
    nodeId: NonEmpty,
    seq: Type.Integer({ minimum: 0 }),
    chunk: Type.String(),
    /** Hearth: which stream of system.run the chunk belongs to. */
    stream: Opt(Type.Unsafe<'stdout' | 'stderr'>({ type: 'string', enum: ['stdout', 'stderr'] })),
    /**
     * Hearth: `base64` — `chunk` is base64 of the raw bytes; `binary` — the call came as a binary
     * frame (src-shared/protocol/binary-frame.ts) whose body holds `sizes.length` consecutive
     * chunks (seq, seq+1, …) of the given byte sizes, and `chunk` is empty.
     */
    encoding: Opt(StringEnum(['base64', 'binary'] as const)),
    sizes: Opt(Type.Array(Type.Integer({ minimum: 1, maximum: MAX_PROGRESS_CHUNK_BYTES }), { minItems: 1, maxItems: MAX_CHUNKS_PER_BINARY_FRAME })),
  },
  { additionalProperties: true },
);
export type NodeInvokeProgressParams = Static<typeof NodeInvokeProgressParamsSchema>;

export const NodeEventParamsSchema = Params({ event: NonEmpty, payload: Opt(Type.Unknown()), payloadJSON: Opt(Type.String()) });
export type NodeEventParams = Static<typeof NodeEventParamsSchema>;

const Ok = Open({ ok: Type.Boolean() });
const NodeIdAck = Open({ nodeId: Opt(Type.String()) });

export const nodeRoleMethods = {
  'node.invoke.result': method(NodeInvokeResultParamsSchema, Ok),
  'node.invoke.progress': method(NodeInvokeProgressParamsSchema, Open({ ok: Opt(Type.Boolean()) })),
  'node.event': method(
    NodeEventParamsSchema,
    Open({ ok: Type.Boolean(), event: Opt(Type.String()), handled: Opt(Type.Boolean()), reason: Opt(Type.String()) }),
  ),
  'node.runnerInventory.update': method(AnyObject, NodeIdAck),
  'node.skills.update': method(AnyObject, Open({ nodeId: Opt(Type.String()), skills: Opt(Type.Array(Type.Unknown())) })),
  'node.pluginTools.update': method(AnyObject, Open({ nodeId: Opt(Type.String()), tools: Opt(Type.Array(Type.Unknown())) })),
  'node.pluginSurface.refresh': method(AnyObject, NodeIdAck),
  'node.pending.pull': method(AnyObject, Open({ items: Opt(Type.Array(Type.Unknown())) })),
  'node.pending.ack': method(AnyObject, Open({ ok: Opt(Type.Boolean()) })),
  'node.pending.drain': method(AnyObject, Open({ ok: Opt(Type.Boolean()), items: Opt(Type.Array(Type.Unknown())) })),
  'skills.bins': method(AnyObject, Open({ bins: Opt(Type.Array(Type.Unknown())) })),
};

/** `node.event` payloads the gateway understands, checked before they are stored (node-sent, so untrusted). */
export const NodeEventPayloads = {
  'node.host.stats': Open({
    cpuCount: Type.Number(), loadAverage: Type.Array(Type.Number()), memoryTotalBytes: Type.Number(), memoryFreeBytes: Type.Number(),
    diskTotalBytes: Type.Number(), diskAvailableBytes: Type.Number(),
  }),
  'hearth.node.interfaces': Open({
    interfaces: Type.Array(Open({ name: Type.String(), mac: Type.String(), address: Type.String(), netmask: Type.String() })),
    nodeTimeMs: Opt(Type.Number()),
  }),
};
