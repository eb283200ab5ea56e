// Typecheck fixture (no runtime): `npm run typecheck` includes test/, so a regression in the
// contract's typing — a result no longer typed, params no longer checked, an unknown method or
// event accepted — makes the `@ts-expect-error` lines below unused, which is itself an error.
import type { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { NodeListResult, PayloadOf, ResultOf } from '../../src-shared/protocol/contract/index.ts';
import { defineMethod, defineMethods } from '../../src-main/core/modules/define-method.ts';
import type { Broadcaster } from '../../src-main/core/gateway/broadcaster.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';

declare const conn: GatewayConnection;

export async function typedCalls(): Promise<void> {
  // A result is typed from the map, with no cast.
  const list: NodeListResult = await conn.call('node.list', {});
  const ids: string[] = list.nodes.map((n) => n.nodeId);
  // @ts-expect-error a mistyped use of the result: nodeId is a string, not a number
  const wrong: number = list.nodes[0]!.nodeId;
  // @ts-expect-error a property the result does not have
  void list.entries;
  // Params may be left out when all of them are optional.
  const health: ResultOf<'health'> = await conn.call('health');
  void health.ok;
  // @ts-expect-error wrong params: nodeId is required
  await conn.call('node.describe', {});
  // @ts-expect-error wrong params: displayName must be a string
  await conn.call('node.rename', { nodeId: 'n', displayName: 42 });
  // @ts-expect-error unknown method
  await conn.call('node.lsit', {});
  void ids;
  void wrong;
}

export function typedEvents(): void {
  conn.on('hearth.alert', (p) => {
    const key: string = p.alert.key;
    // @ts-expect-error a mistyped use of the payload: change is a string union
    const n: number = p.change;
    void key;
    void n;
  });
  const chunk = (p: PayloadOf<'hearth.invoke.progress'>): string => p.chunk;
  void chunk;
  // @ts-expect-error unknown event
  conn.on('hearth.alerts', () => undefined);
}

export const typedHandler = defineMethod('node.rename', {
  role: 'operator',
  scope: 'operator.pairing',
  handler: (p) => ({ nodeId: p.nodeId, displayName: p.displayName }),
});

export const wrongHandler = defineMethod('node.list', {
  role: 'operator',
  scope: 'operator.read',
  // @ts-expect-error a handler returning the wrong result shape (nodes must be an array)
  handler: () => ({ ts: 1, nodes: 'none' }),
});

declare const ui: Invoker;

/** The web UI's transport-agnostic client is typed from the same map. */
export async function uiCalls(): Promise<void> {
  const list: NodeListResult = await ui.invoke('node.list', {});
  // @ts-expect-error a mistyped use of the UI client's result
  const wrong: number = list.nodes[0]!.nodeId;
  // @ts-expect-error unknown method through the UI client
  await ui.invoke('node.lsit', {});
  // @ts-expect-error wrong params through the UI client: displayName must be a string
  await ui.invoke('node.rename', { nodeId: 'n', displayName: 42 });
  ui.on?.('hearth.alert', (p) => void p.alert);
  // @ts-expect-error unknown event through the UI client
  ui.on?.('hearth.alrt', () => {});
  void wrong;
}

/** Module method tables: only contract names, params typed from the contract, no schema of their own. */
export const typedTable = defineMethods({
  'hearth.alerts.ack': {
    role: 'operator',
    scope: (p) => (p.all ? ['operator.admin'] : ['operator.write']),
    // @ts-expect-error a param the contract does not have
    handler: (p) => ({ acknowledged: p.everything }),
  },
});

export const unknownInTable = defineMethods({
  // @ts-expect-error a method outside the contract
  'hearth.alerts.purge': { role: 'operator', handler: () => ({}) },
});

export const ownSchema = defineMethod('hearth.alerts.sources', {
  role: 'operator',
  // @ts-expect-error a module cannot bring its own params schema
  schema: {},
  handler: () => ({ sources: [] }),
});

declare const events: Broadcaster;

/** What the gateway emits is typed by the same contract. */
export function typedBroadcasts(): void {
  events.broadcast('tick', { ts: 1 });
  // @ts-expect-error a payload of the wrong shape (ts is a number)
  events.broadcast('tick', { ts: 'now' });
  // @ts-expect-error an event the contract does not name
  events.broadcast('hearth.alerts', {});
}
