/**
 * Runtime schemas (JSON Schema via TypeBox) for what crosses the wire, and the static types
 * derived from them. The gateway validates every frame's params against these; closed objects
 * reject unknown properties as the real gateway does.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CLIENT_IDS, CLIENT_MODES } from './constants.ts';

const Str = (opts: { minLength?: number; maxLength?: number } = {}) => Type.String(opts);
const NonEmpty = Str({ minLength: 1 });
const closed = { additionalProperties: false } as const;

/** A string enum as JSON Schema `enum` (so errors read "must be equal to one of the allowed values"). */
function StringEnum<T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

export const ClientInfoSchema = Type.Object(
  {
    id: StringEnum(CLIENT_IDS),
    version: Type.String(),
    platform: Type.String(),
    mode: StringEnum(CLIENT_MODES),
    displayName: Type.Optional(Type.String()),
    buildId: Type.Optional(Str({ maxLength: 96 })),
    deviceFamily: Type.Optional(Type.String()),
    modelIdentifier: Type.Optional(Type.String()),
    timeZone: Type.Optional(Str({ maxLength: 64 })),
    instanceId: Type.Optional(Type.String()),
  },
  closed,
);
export type ClientInfo = Static<typeof ClientInfoSchema>;

export const ConnectAuthSchema = Type.Object(
  {
    token: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    deviceToken: Type.Optional(Type.String()),
    bootstrapToken: Type.Optional(Type.String()),
    approvalRuntimeToken: Type.Optional(Type.String()),
    agentRuntimeIdentityToken: Type.Optional(Type.String()),
  },
  closed,
);
export type ConnectAuth = Static<typeof ConnectAuthSchema>;

export const DeviceProofSchema = Type.Object(
  {
    id: NonEmpty,
    publicKey: NonEmpty,
    signature: NonEmpty,
    signedAt: Type.Integer({ minimum: 0 }),
    nonce: NonEmpty,
  },
  closed,
);
export type DeviceProof = Static<typeof DeviceProofSchema>;

export const ConnectParamsSchema = Type.Object(
  {
    minProtocol: Type.Integer({ minimum: 1 }),
    maxProtocol: Type.Integer({ minimum: 1 }),
    client: ClientInfoSchema,
    role: Type.Optional(Type.String()),
    scopes: Type.Optional(Type.Array(Type.String())),
    caps: Type.Optional(Type.Array(Type.String())),
    commands: Type.Optional(Type.Array(Type.String())),
    permissions: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
    pathEnv: Type.Optional(Type.String()),
    auth: Type.Optional(ConnectAuthSchema),
    device: Type.Optional(DeviceProofSchema),
    locale: Type.Optional(Type.String()),
    userAgent: Type.Optional(Type.String()),
    computerUse: Type.Optional(Type.Unknown()),
    workerRuns: Type.Optional(Type.Unknown()),
    modelCatalog: Type.Optional(Type.Unknown()),
  },
  closed,
);
export type ConnectParams = Static<typeof ConnectParamsSchema>;

const Empty = Type.Object({}, closed);

/** Params schemas of the methods Hearth's gateway implements. */
export const MethodParamsSchemas = {
  health: Type.Object({ probe: Type.Optional(Type.Boolean()) }, closed),
  status: Type.Object(
    {
      deep: Type.Optional(Type.Boolean()),
      includeChannelSummary: Type.Optional(Type.Boolean()),
      includeCliProjection: Type.Optional(Type.Boolean()),
    },
    closed,
  ),
  'channels.status': Type.Object({ probe: Type.Optional(Type.Boolean()), timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })) }, closed),
  'system-presence': Empty,
  'last-heartbeat': Empty,
  'config.get': Type.Object({}, { additionalProperties: true }),
  'gateway.identity.get': Empty,
  'node.list': Empty,
  'node.describe': Type.Object({ nodeId: NonEmpty }, closed),
  'node.rename': Type.Object({ nodeId: NonEmpty, displayName: Str({ minLength: 1, maxLength: 64 }) }, closed),
  'node.invoke': Type.Object(
    {
      nodeId: NonEmpty,
      command: NonEmpty,
      params: Type.Optional(Type.Unknown()),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
      idempotencyKey: NonEmpty,
      sessionKey: Type.Optional(Type.String()),
      turnSource: Type.Optional(Type.Unknown()),
      turnSourceChannel: Type.Optional(Type.Unknown()),
      turnSourceAccountId: Type.Optional(Type.Unknown()),
      /** Hearth extension: send the output live as `hearth.invoke.progress` events (system.run). */
      stream: Type.Optional(Type.Boolean()),
      /** Hearth extension: `base64` — progress chunks carry base64 of the raw output bytes. */
      streamEncoding: Type.Optional(StringEnum(['text', 'base64'] as const)),
    },
    closed,
  ),
  'node.pair.list': Empty,
  'node.pair.approve': Type.Object({ requestId: NonEmpty }, closed),
  'node.pair.reject': Type.Object({ requestId: NonEmpty }, closed),
  'node.pair.remove': Type.Object({ nodeId: NonEmpty }, closed),
  'device.pair.list': Empty,
  'device.pair.approve': Type.Object({ requestId: NonEmpty, scopes: Type.Optional(Type.Array(Type.String())) }, closed),
  'device.pair.reject': Type.Object({ requestId: NonEmpty }, closed),
  'device.pair.remove': Type.Object({ deviceId: NonEmpty }, closed),
  'device.pair.rename': Type.Object({ deviceId: NonEmpty, label: Str({ minLength: 1, maxLength: 64 }) }, closed),
  'device.token.rotate': Type.Object(
    { deviceId: NonEmpty, role: NonEmpty, scopes: Type.Optional(Type.Array(Type.String())) },
    closed,
  ),
  'device.token.revoke': Type.Object({ deviceId: NonEmpty, role: NonEmpty }, closed),
  'device.pair.setupCode': Type.Object(
    {
      publicUrl: Type.Optional(Type.String()),
      preferRemoteUrl: Type.Optional(Type.Boolean()),
      includeQr: Type.Optional(Type.Boolean()),
      bootstrapProfile: Type.Optional(StringEnum(['limited', 'node', 'voice-node', 'operator'] as const)),
    },
    closed,
  ),
  // Node-role methods (SPEC §8).
  'node.invoke.result': Type.Object(
    {
      id: NonEmpty,
      nodeId: NonEmpty,
      ok: Type.Boolean(),
      payload: Type.Optional(Type.Unknown()),
      payloadJSON: Type.Optional(Type.String()),
      error: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), message: Type.Optional(Type.String()) })),
    },
    closed,
  ),
  'node.invoke.progress': Type.Object(
    // The 16 KiB bound on `chunk` is checked by the handler: a schema maxLength counts code
    // points one by one, which dominated the gateway's cost per streamed chunk.
    { invokeId: NonEmpty, nodeId: NonEmpty, seq: Type.Integer({ minimum: 0 }), chunk: Type.String() },
    { additionalProperties: true },
  ),
  'node.event': Type.Object(
    { event: NonEmpty, payload: Type.Optional(Type.Unknown()), payloadJSON: Type.Optional(Type.String()) },
    closed,
  ),
  'node.runnerInventory.update': Type.Object({}, { additionalProperties: true }),
  'node.skills.update': Type.Object({}, { additionalProperties: true }),
  'node.pluginTools.update': Type.Object({}, { additionalProperties: true }),
  'node.pluginSurface.refresh': Type.Object({}, { additionalProperties: true }),
  'node.pending.pull': Type.Object({}, { additionalProperties: true }),
  'node.pending.ack': Type.Object({}, { additionalProperties: true }),
  'node.pending.drain': Type.Object({}, { additionalProperties: true }),
  'skills.bins': Type.Object({}, { additionalProperties: true }),
  // Hearth's own methods.
  'hearth.invocations.list': Type.Object(
    {
      nodeId: Type.Optional(Type.String()),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      /** The `nextBefore` of the previous page: runs older than it (newest first). */
      before: Type.Optional(Type.String({ minLength: 1, maxLength: 240 })),
    },
    closed,
  ),
  'hearth.settings.get': Empty,
  'hearth.settings.set': Type.Object({ autoApproveLocal: Type.Optional(Type.Boolean()) }, closed),
} satisfies Record<string, TSchema>;

export type MethodName = keyof typeof MethodParamsSchemas;
export type MethodParams<M extends MethodName> = Static<(typeof MethodParamsSchemas)[M]>;

/** `system.run` params as a node receives them (SPEC §9.1). */
export const SystemRunParamsSchema = Type.Object(
  {
    command: Type.Array(Type.String(), { minItems: 1 }),
    rawCommand: Type.Optional(Type.String()),
    cwd: Type.Optional(Type.String()),
    env: Type.Optional(Type.Record(Type.String(), Type.String())),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
    runId: Type.Optional(Type.String()),
    sessionKey: Type.Optional(Type.String()),
    agentId: Type.Optional(Type.String()),
    suppressNotifyOnExit: Type.Optional(Type.Boolean()),
    needsScreenRecording: Type.Optional(Type.Boolean()),
    systemRunPlan: Type.Optional(Type.Unknown()),
    maxOutputBytes: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: true },
);
export type SystemRunParams = Static<typeof SystemRunParamsSchema>;

export const SystemWhichParamsSchema = Type.Object({ bins: Type.Array(Type.String()) }, { additionalProperties: true });
export type SystemWhichParams = Static<typeof SystemWhichParamsSchema>;
