/**
 * The `nodes` core module: operator methods over nodes (list, describe, rename, invoke, cancel of
 * a streamed run) and the methods a node calls (results, progress, events, pending queue). The
 * state behind them is the NodeRegistry (gateway/nodes/: connections, surfaces, invoke routing,
 * idempotency, audit) and the stream routes (gateway/invoke-streams.ts).
 */
import { TARGETED } from '../gateway/broadcaster.ts';
import { PROGRESS_EVENT } from '../gateway/invoke-streams.ts';
import type { FeatureModule } from '../modules/types.ts';
import { invokeCancelMethods } from './invoke-cancel.ts';
import { nodeRoleMethods } from './node-role-methods.ts';
import { nodeMethods } from './operator-methods.ts';

export function nodesModule(): FeatureModule {
  return {
    name: 'nodes',
    events: {
      'node.hostStats': { operators: 'operator.read', nodes: false },
      // Sent to the one node that runs the command, and the progress to the one operator that asked.
      'node.invoke.request': TARGETED,
      'node.invoke.cancel': TARGETED,
      [PROGRESS_EVENT]: TARGETED,
    },
    methods: { ...nodeMethods, ...nodeRoleMethods, ...invokeCancelMethods },
  };
}
