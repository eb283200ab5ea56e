/**
 * The feature modules a real gateway and a real node run, in start order. Adding a module is one
 * line here (see docs/architecture.md, "Adding a feature module"). Factories receive the gateway's
 * options so a module can read its start-up settings; they must not start anything themselves.
 */
import type { GatewayOptions } from '../gateway/options.ts';
import type { AgentCommand } from './agent-commands.ts';
import { modelAgentCommands } from '../models/node-commands.ts';
import type { FeatureModule } from './types.ts';
import { storageProbeCommand } from '../storage/probe.ts';

/** Gateway-side modules. Loaded after the port is bound, so their imports never delay `listening`. */
export async function gatewayModules(opts: GatewayOptions): Promise<FeatureModule[]> {
  const list: FeatureModule[] = [];
  list.push((await import('../models/module.ts')).createModelsModule(opts));
  list.push((await import('../approvals/index.ts')).approvalsModule());
  list.push((await import('../channels/telegram/index.ts')).telegramModule());
  list.push((await import('../storage/index.ts')).storageModule());
  list.push((await import('../remote/module.ts')).createRemoteModule());
  list.push((await import('../ops/wake-module.ts')).wakeModule());
  return list;
}

/** Node-side commands served by every Hearth node agent. */
export function agentCommands(): AgentCommand[] {
  const list: AgentCommand[] = [];
  list.push(...modelAgentCommands());
  list.push(storageProbeCommand());
  return list;
}
