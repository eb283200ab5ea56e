/**
 * Loads the gateway and the node agent only when a command needs them, so client commands
 * start fast (neither is imported statically anywhere under src-main/cli).
 */
import type { GatewayOptions, RunningGateway } from '../core/gateway/options.ts';
import type { NodeAgent, NodeAgentOptions } from '../core/agent/options.ts';
import type * as CoreModule from '../core/index.ts';

type CoreExports = typeof CoreModule;

/** The composition root, src-main/core/index.ts. */
export async function loadCore(): Promise<CoreExports> {
  return import('../core/index.ts');
}

/** `startGateway` from src-main/core/gateway/index.ts. */
export async function loadStartGateway(): Promise<(opts: GatewayOptions) => Promise<RunningGateway>> {
  return (await import('../core/gateway/index.ts')).startGateway;
}

/** `startNodeAgent` from src-main/core/agent/index.ts. */
export async function loadStartNodeAgent(): Promise<(opts: NodeAgentOptions) => NodeAgent | Promise<NodeAgent>> {
  return (await import('../core/agent/index.ts')).startNodeAgent;
}
