/**
 * The one contract of Hearth's Gateway protocol: method name → { params, result } and event name →
 * payload, as TypeBox schemas (JSON Schema at run time, static types at compile time). Written
 * once, here; everything else derives from it:
 *  - the gateway validates params with validators compiled ahead of time from these schemas
 *    (scripts/gen-validators.ts), and module MethodSpecs refer to their entry (`defineMethod`);
 *  - clients (src-shared/client/connection.ts) check every result and event against it, with
 *    validators generated the same way and loaded on first use (gen-client-validators);
 *  - `call('node.list', {})` is typed `Promise<NodeListResult>` from the map.
 * Adding a method: docs/protocol.md, "The contract".
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { alertMethods } from './alerts.ts';
import { approvalMethods } from './approvals.ts';
import { configMethods } from './config.ts';
import { connectContract } from './connect.ts';
import { deviceMethods } from './devices.ts';
import { SystemRunParamsSchema, SystemRunResultSchema } from './domain.ts';
import { Events } from './events.ts';
import { hearthMethods } from './hearth.ts';
import { modelMethods } from './models.ts';
import { nodeRoleMethods } from './node-role.ts';
import { nodeMethods } from './nodes.ts';
import { remoteMethods } from './remote.ts';
import { storageMethods } from './storage.ts';
import { systemMethods } from './system.ts';
import { telegramMethods } from './telegram.ts';
import { wakeMethods } from './wake.ts';

export const Methods = {
  ...systemMethods,
  ...nodeMethods,
  ...deviceMethods,
  ...nodeRoleMethods,
  ...hearthMethods,
  ...configMethods,
  ...alertMethods,
  ...approvalMethods,
  ...modelMethods,
  ...storageMethods,
  ...remoteMethods,
  ...telegramMethods,
  ...wakeMethods,
};

/** The handshake is not a dispatched method, but its answer is checked like one. */
export const Handshake = connectContract;

export { Events };

/**
 * What a node command answers inside `node.invoke` (the payload the contract of node.invoke can
 * only call unknown), for the commands clients decode; checked like results (invoke-result.ts).
 */
export const CommandResults = {
  'system.run': SystemRunResultSchema,
};

/** What a node reads from a `node.invoke.request`'s paramsJSON, for the commands it checks (agent/invoke.ts). */
export const CommandParams = {
  'system.run': SystemRunParamsSchema,
};

type MethodMap = typeof Methods;
type EventMap = typeof Events;

export type MethodName = keyof MethodMap;
export type EventName = keyof EventMap;
export type ParamsOf<M extends MethodName> = Static<MethodMap[M]['params']>;
export type ResultOf<M extends MethodName> = Static<MethodMap[M]['result']>;
export type PayloadOf<E extends EventName> = Static<EventMap[E]>;

/** Call arguments: params may be left out when the method's params are all optional. */
// `{}` on purpose: "every property of the params is optional".
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type CallArgs<M extends MethodName, Opts> = {} extends ParamsOf<M>
  ? [params?: ParamsOf<M>, options?: Opts]
  : [params: ParamsOf<M>, options?: Opts];

/** A typed call by method name: what the shared client's helpers take (a connection's `request`, the UI's `invoke`, the bot's operator). */
export type ContractCall = <M extends MethodName>(method: M, params: ParamsOf<M>, options?: { timeoutMs?: number }) => Promise<ResultOf<M>>;
/** A typed event subscription by event name. */
export type ContractOn = <E extends EventName>(event: E, handler: (payload: PayloadOf<E>, frame?: { body?: Uint8Array[] }) => void) => () => void;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(Methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(Events, name);
}

/** Params schemas by method name (what the gateway's generated validators are compiled from). */
export const paramsSchemas = (): Record<string, TSchema> =>
  Object.fromEntries(Object.entries(Methods).map(([name, m]) => [name, m.params]));

export * from './domain.ts';
export * from './connect.ts';
export * from './system.ts';
export * from './nodes.ts';
export * from './devices.ts';
export * from './node-role.ts';
export * from './hearth.ts';
export * from './config.ts';
export * from './alerts.ts';
export * from './approvals.ts';
export * from './models.ts';
export * from './storage.ts';
export * from './remote.ts';
export * from './telegram.ts';
export * from './wake.ts';
export { InvokeProgressEventSchema, NodeInvokeRequestSchema } from './events.ts';
