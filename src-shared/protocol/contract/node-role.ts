/**
 * Methods a node calls (SPEC §8.1, §8.2, §8.4), and what the gateway tells nodes. The params are
 * the gateway's trust boundary towards nodes: checked before any handler reads them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { HEARTH_INTERFACES_EVENT, MAX_CHUNKS_PER_BINARY_FRAME, MAX_PROGRESS_CHUNK_BYTES } from '../constants.ts';
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
    /**
     * Hearth, binary frames only: `zstd` — the body is one zstd frame that decompresses to the
     * chunks (`sizes` stay their uncompressed sizes). Sent only to a gateway that asked for it
     * with `streamCompression: 'zstd'` on node.invoke.request.
     */
    compression: Opt(StringEnum(['zstd'] as const)),
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

/** A count or size a node reports: JSON has no NaN or Infinity, so this is "finite and not negative". */
const Count = Type.Number({ minimum: 0 });
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `^${OCTET}(\\.${OCTET}){3}$`;

/** What every `exec.*` event of the real node host carries about its run; every field optional (a node may leave any out), none of another type. */
const ExecEventRun = {
  sessionKey: Opt(Type.String()), runId: Opt(Type.String()), host: Opt(Type.String()), command: Opt(Type.String()),
  suppressNotifyOnExit: Opt(Type.Boolean()),
};

/**
 * `node.event` payloads the gateway understands (SPEC §8.4), checked before anything in them is
 * stored, broadcast or acted on: a paired node is still untrusted input. Open like every payload
 * (a newer node may add fields; only the known ones are kept). Events without an entry here are
 * answered `handled: false` and otherwise ignored.
 */
export const NodeEventPayloads = {
  /** As the real node host sends it every 60 s (SPEC §8.2); more than three load averages are cut to three. */
  'node.host.stats': Open({
    cpuCount: Count, loadAverage: Type.Array(Count), memoryTotalBytes: Count, memoryFreeBytes: Count,
    diskTotalBytes: Count, diskAvailableBytes: Count,
  }),
  /** Hearth's own event: the LAN cards a node can be woken through (at most 16, IPv4 with a real MAC). */
  [HEARTH_INTERFACES_EVENT]: Open({
    interfaces: Type.Array(Open({
      name: Type.String({ minLength: 1, maxLength: 64 }),
      mac: Type.String({ pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$' }),
      address: Type.String({ pattern: IPV4 }),
      netmask: Type.String({ pattern: IPV4 }),
    }), { maxItems: 16 }),
    /** The node's clock when it sent this, for the clock-skew column. */
    nodeTimeMs: Opt(Type.Number()),
  }),
  /**
   * Sent by the real node host after every `system.run`, before the result (SPEC §8.4); the
   * gateway only acknowledges it. Every field optional (a node may leave any out), none of another type.
   */
  'exec.finished': Open({
    ...ExecEventRun,
    exitCode: Opt(Type.Union([Type.Integer(), Type.Null()])), timedOut: Opt(Type.Boolean()), success: Opt(Type.Boolean()),
    output: Opt(Type.String()),
  }),
  /** Sent by OpenClaw node hosts as a run starts (older releases); acknowledged only. */
  'exec.started': Open(ExecEventRun),
  /**
   * Sent by the real node host when its policy refuses a `system.run`, before the refusing
   * result (`reason`: e.g. `allowlist-miss`, `companion-unavailable`); acknowledged only.
   */
  'exec.denied': Open({ ...ExecEventRun, reason: Opt(Type.String()) }),
  /**
   * OpenClaw's presence heartbeat (`NodePresenceAlivePayloadSchema`): why the node says it is
   * alive. OpenClaw takes any trigger (an unknown one counts as `background`), so any string
   * passes here too; acknowledged, not acted on (Hearth's presence comes from the connection).
   */
  'node.presence.alive': Open({
    trigger: Opt(Type.String({ maxLength: 64 })), sentAtMs: Opt(Type.Integer({ minimum: 0 })),
    displayName: Opt(Type.String()), version: Opt(Type.String()), platform: Opt(Type.String()), deviceFamily: Opt(Type.String()),
    modelIdentifier: Opt(Type.String()), pushTransport: Opt(Type.String()),
  }),
  /** OpenClaw's recent-input report from interactive nodes (idle seconds ≤ 30 days), or `{action: 'clear'}`; acknowledged, not acted on. */
  'node.presence.activity': Type.Union([
    Open({ idleSeconds: Type.Integer({ minimum: 0, maximum: 2_592_000 }), source: Opt(StringEnum(['app', 'system'] as const)), saturated: Opt(Type.Boolean()) }),
    Open({ action: Type.Literal('clear') }),
  ]),
};
export type NodeEventName = keyof typeof NodeEventPayloads;
export type NodeEventPayload<E extends NodeEventName> = Static<(typeof NodeEventPayloads)[E]>;
