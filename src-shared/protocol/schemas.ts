/**
 * Params schemas, derived from the contract (./contract/): kept under these names for the
 * generated validators and the handlers that read `MethodParams<'node.invoke'>`. Write new
 * schemas in the contract, never here.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { Methods, type MethodName as ContractMethodName } from './contract/index.ts';

export {
  ClientInfoSchema, ConnectAuthSchema, DeviceProofSchema, ConnectParamsSchema,
  type ClientInfo, type ConnectAuth, type DeviceProof, type ConnectParams,
} from './contract/connect.ts';

type ParamsTable = { [M in ContractMethodName]: (typeof Methods)[M]['params'] };

/** Params schemas of every method in the contract. */
export const MethodParamsSchemas: ParamsTable = Object.fromEntries(
  Object.entries(Methods).map(([name, m]) => [name, m.params]),
) as ParamsTable;

export type MethodName = ContractMethodName;
export type MethodParams<M extends MethodName> = Static<(typeof Methods)[M]['params']>;

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
