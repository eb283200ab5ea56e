/**
 * The Hearth node agent: an outbound connection to a gateway that serves `system.run` and
 * `system.which` under the node's own exec policy. Hosts (`hearth node run`, the tray app)
 * call {@link startNodeAgent} and watch `onStatus`.
 */
import { NodeAgentRuntime } from './node-agent.ts';
import type { NodeAgent, NodeAgentOptions } from './options.ts';

/**
 * Starts a node agent. Throws synchronously when the setup code is invalid or no gateway URL
 * is known, or when the identity file is unreadable; everything later is reported via status.
 */
export function startNodeAgent(opts: NodeAgentOptions): NodeAgent {
  const agent = new NodeAgentRuntime(opts);
  agent.start();
  return agent;
}

export type { NodeAgent, NodeAgentOptions, NodeAgentState, NodeAgentStatus, NodeRunRecord } from './options.ts';
export { DEFAULT_BACKOFF, type BackoffSchedules } from './backoff.ts';
export { backoffDelay, type BackoffPolicy } from '../../../src-shared/client/backoff.ts';
export { NODE_CAPS, NODE_COMMANDS, deviceFamilyFor } from './client-info.ts';
export { decideExec, type ExecPolicy, type ExecDecision } from './exec/policy.ts';
export { runCommand, startCommand, type RunRequest } from './exec/run.ts';
export { which } from './exec/which.ts';
export { collectHostStats } from './host-stats.ts';
