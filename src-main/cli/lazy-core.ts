/**
 * Loads the gateway and the node agent only when a command needs them, so client commands
 * start fast. The specifiers are variables so this folder type-checks before those modules
 * exist; the shapes are pinned by the option interfaces they implement.
 */
import type { GatewayOptions, RunningGateway } from '../core/gateway/options.ts';
import type { NodeAgent, NodeAgentOptions } from '../core/agent/options.ts';

const GATEWAY_MODULE = '../core/gateway/index.ts';
const AGENT_MODULE = '../core/agent/index.ts';

/** `startGateway` from src-main/core/gateway/index.ts. */
export async function loadStartGateway(): Promise<(opts: GatewayOptions) => Promise<RunningGateway> | RunningGateway> {
  const mod = (await import(GATEWAY_MODULE)) as { startGateway?: (opts: GatewayOptions) => Promise<RunningGateway> };
  if (typeof mod.startGateway !== 'function') throw new Error('src-main/core/gateway/index.ts does not export startGateway');
  return mod.startGateway;
}

/** `startNodeAgent` from src-main/core/agent/index.ts. */
export async function loadStartNodeAgent(): Promise<(opts: NodeAgentOptions) => Promise<NodeAgent> | NodeAgent> {
  const mod = (await import(AGENT_MODULE)) as { startNodeAgent?: (opts: NodeAgentOptions) => Promise<NodeAgent> };
  if (typeof mod.startNodeAgent !== 'function') throw new Error('src-main/core/agent/index.ts does not export startNodeAgent');
  return mod.startNodeAgent;
}
