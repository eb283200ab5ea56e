/** `connect` (SPEC §4.2, closed params) and its `hello-ok` result. */
import { Type, type Static } from '@sinclair/typebox';
import { CLIENT_IDS, CLIENT_MODES } from '../constants.ts';
import { HelloOkSchema } from './domain.ts';
import { NonEmpty, Opt, Params, Str, StringEnum, method } from './kit.ts';

export const ClientInfoSchema = Params({
  id: StringEnum(CLIENT_IDS),
  version: Type.String(),
  platform: Type.String(),
  mode: StringEnum(CLIENT_MODES),
  displayName: Opt(Type.String()),
  buildId: Opt(Str({ maxLength: 96 })),
  deviceFamily: Opt(Type.String()),
  modelIdentifier: Opt(Type.String()),
  timeZone: Opt(Str({ maxLength: 64 })),
  instanceId: Opt(Type.String()),
});
export type ClientInfo = Static<typeof ClientInfoSchema>;

export const ConnectAuthSchema = Params({
  token: Opt(Type.String()),
  password: Opt(Type.String()),
  deviceToken: Opt(Type.String()),
  bootstrapToken: Opt(Type.String()),
  approvalRuntimeToken: Opt(Type.String()),
  agentRuntimeIdentityToken: Opt(Type.String()),
});
export type ConnectAuth = Static<typeof ConnectAuthSchema>;

export const DeviceProofSchema = Params({
  id: NonEmpty,
  publicKey: NonEmpty,
  signature: NonEmpty,
  signedAt: Type.Integer({ minimum: 0 }),
  nonce: NonEmpty,
});
export type DeviceProof = Static<typeof DeviceProofSchema>;

export const ConnectParamsSchema = Params({
  minProtocol: Type.Integer({ minimum: 1 }),
  maxProtocol: Type.Integer({ minimum: 1 }),
  client: ClientInfoSchema,
  role: Opt(Type.String()),
  scopes: Opt(Type.Array(Type.String())),
  caps: Opt(Type.Array(Type.String())),
  commands: Opt(Type.Array(Type.String())),
  permissions: Opt(Type.Record(Type.String(), Type.Boolean())),
  pathEnv: Opt(Type.String()),
  auth: Opt(ConnectAuthSchema),
  device: Opt(DeviceProofSchema),
  locale: Opt(Type.String()),
  userAgent: Opt(Type.String()),
  computerUse: Opt(Type.Unknown()),
  workerRuns: Opt(Type.Unknown()),
  modelCatalog: Opt(Type.Unknown()),
});
export type ConnectParams = Static<typeof ConnectParamsSchema>;

/** The handshake, written like a method so the client checks `hello-ok` as it checks every result. */
export const connectContract = method(ConnectParamsSchema, HelloOkSchema);
