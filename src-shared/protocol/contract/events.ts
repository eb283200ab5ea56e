/** Event name → payload, for every event the gateway sends (SPEC §10.6 and Hearth's own). */
import { Type } from '@sinclair/typebox';
import { AlertEventSchema } from './alerts.ts';
import { ExecApprovalSchema } from './approvals.ts';
import { ConnectChallengeSchema, HostStatsSchema, InvocationRecordSchema, PendingDeviceRequestSchema, PendingNodeRequestSchema, PresenceEntrySchema } from './domain.ts';
import { NonEmpty, Open, Opt, StringEnum } from './kit.ts';
import { ModelsStatusSchema } from './models.ts';
import { TunnelStateEventSchema } from './remote.ts';
import { StorageChangedSchema } from './storage.ts';
import { HealthResultSchema } from './system.ts';
import { TelegramStatusSchema } from './telegram.ts';

const Num = Type.Number();

/** A targeted `system.run` output chunk (Hearth, SPEC §8.3 relayed to the operator that asked). */
export const InvokeProgressEventSchema = Open({
  invokeId: NonEmpty,
  nodeId: Type.String(),
  idempotencyKey: Opt(Type.String()),
  seq: Type.Integer({ minimum: 0 }),
  stream: Opt(StringEnum(['stdout', 'stderr'] as const)),
  /**
   * `base64` or `binary` when the operator asked for raw bytes (`streamEncoding` on node.invoke);
   * text otherwise. A `binary` event is a binary frame: its body holds `sizes.length` consecutive
   * chunks (seq, seq+1, …) and `chunk` is empty.
   */
  encoding: Opt(StringEnum(['text', 'base64', 'binary'] as const)),
  sizes: Opt(Type.Array(Type.Integer({ minimum: 1 }))),
  /** `zstd`: a binary event's body is one zstd frame of its chunks (only to an operator that asked with `streamCompression`). */
  compression: Opt(StringEnum(['zstd'] as const)),
  chunk: Type.String(),
});

/** What a node receives for each invocation (SPEC §8.3); `params`/`stream`/`maxOutputBytes` are Hearth's. */
export const NodeInvokeRequestSchema = Open({
  id: NonEmpty,
  nodeId: Type.String(),
  command: NonEmpty,
  paramsJSON: Opt(Type.Union([Type.String(), Type.Null()])),
  params: Opt(Type.Unknown()),
  timeoutMs: Opt(Num),
  idempotencyKey: Opt(Type.String()),
  stream: Opt(Type.Boolean()),
  /** Hearth: with `stream`, how the node sends raw bytes (`binary` frames, or `base64`); the real node host ignores it. */
  streamEncoding: Opt(Type.Unsafe<'base64' | 'binary'>(Type.String())),
  /** Hearth: with `streamEncoding: 'binary'`, the node may send frames whose body is zstd-compressed. */
  streamCompression: Opt(Type.Unsafe<'zstd'>(Type.String())),
  maxOutputBytes: Opt(Num),
});

const Resolved = <K extends 'nodeId' | 'deviceId'>(key: K) =>
  Open({ requestId: Type.String(), decision: Type.String(), ts: Num, ...({ [key]: Type.String() } as Record<K, ReturnType<typeof Type.String>>) });

export const Events = {
  'connect.challenge': ConnectChallengeSchema,
  tick: Open({ ts: Num }),
  health: HealthResultSchema,
  presence: Open({ presence: Type.Array(PresenceEntrySchema) }),
  shutdown: Open({ reason: Type.String(), restartExpectedMs: Opt(Num) }),
  'node.pair.requested': PendingNodeRequestSchema,
  'node.pair.resolved': Resolved('nodeId'),
  'node.hostStats': Open({ nodeId: Type.String(), hostStats: HostStatsSchema }),
  'node.invoke.request': NodeInvokeRequestSchema,
  /**
   * Hearth adds `report`: the gateway still waits for the run's result (how it ended), also for a
   * run it did not stream; without it a node that was not streaming sends none (OpenClaw's way).
   */
  'node.invoke.cancel': Open({ invokeId: NonEmpty, nodeId: Opt(Type.String()), report: Opt(Type.Boolean()) }),
  'device.pair.requested': PendingDeviceRequestSchema,
  'device.pair.resolved': Resolved('deviceId'),
  /** A run finished: the audit row's final fields and who asked, never its output (that is the asking operator's alone). */
  'hearth.invocation': Type.Intersect([
    Type.Partial(InvocationRecordSchema),
    Open({ id: Type.String(), nodeId: Type.String() }),
  ]),
  'hearth.invoke.progress': InvokeProgressEventSchema,
  'hearth.alert': AlertEventSchema,
  'hearth.models.changed': ModelsStatusSchema,
  'exec.approval.requested': ExecApprovalSchema,
  'exec.approval.resolved': ExecApprovalSchema,
  'hearth.telegram.changed': TelegramStatusSchema,
  'hearth.storage.changed': StorageChangedSchema,
  'hearth.tunnel.state': TunnelStateEventSchema,
};
