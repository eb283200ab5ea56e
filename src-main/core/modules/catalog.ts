/**
 * The modules a real gateway and the commands a real node run, in start order. The core modules
 * (the control plane's own features) always come first, in a fixed order; adding a feature module
 * is one line in `gatewayModules` (see docs/architecture.md, "Adding a feature module"). Factories
 * receive the gateway's options so a module can read its start-up settings; they must not start
 * anything themselves.
 */
import type { GatewayOptions } from '../gateway/options.ts';
import type { AgentCommand } from './agent-commands.ts';
import { modelAgentCommands } from '../models/node-commands.ts';
import type { FeatureModule } from './types.ts';
import type { AlertHistoryBus } from '../alerts/sqlite-bus.ts';
import { storageProbeCommand } from '../storage/probe.ts';

/** What the core modules need that exists only once the store is open. */
export interface CoreModuleDeps {
  /** The alert bus, created after the modules' migrations have made its table. */
  alertBus: () => AlertHistoryBus;
  /** Start-up options some defaults come from (auto-approval of this machine's devices). */
  options?: Pick<GatewayOptions, 'autoApproveLocal'>;
}

/**
 * The control plane's own modules, always registered, in this order (start order too): the
 * connection events and gateway settings, health/status, presence, pairing, paired devices,
 * nodes and invoke, the audit log, alerts. Loaded with the gateway, never by a node agent (which
 * imports this file for `agentCommands`).
 */
export async function coreModules(deps: CoreModuleDeps): Promise<FeatureModule[]> {
  const [gateway, health, presence, pairing, devices, nodes, audit, alerts] = await Promise.all([
    import('../gateway/core-module.ts'), import('../health/index.ts'), import('../presence/index.ts'), import('../pairing/index.ts'),
    import('../devices/index.ts'), import('../nodes/index.ts'), import('../audit/index.ts'), import('../alerts/module.ts'),
  ]);
  return [
    gateway.gatewayCoreModule({ autoApproveLocal: deps.options?.autoApproveLocal ?? false }), health.healthModule(), presence.presenceModule(), pairing.pairingModule(),
    devices.devicesModule(), nodes.nodesModule(), audit.auditModule(), alerts.createAlertsModule(deps.alertBus),
  ];
}

/** Gateway-side feature modules, registered after the core ones. Loaded after the port is bound, so their imports never delay `listening`. */
export async function gatewayModules(opts: GatewayOptions): Promise<FeatureModule[]> {
  // Loaded side by side (one wait instead of six in a row); the list keeps the start order.
  const [models, approvals, telegram, storage, remote, wake] = await Promise.all([
    import('../models/module.ts'), import('../approvals/index.ts'), import('../channels/telegram/index.ts'),
    import('../storage/index.ts'), import('../remote/module.ts'), import('../ops/wake-module.ts'),
  ]);
  return [
    models.createModelsModule(opts), approvals.approvalsModule(), telegram.telegramModule(),
    storage.storageModule(), remote.createRemoteModule(), wake.wakeModule(),
  ];
}

/** Node-side commands served by every Hearth node agent. */
export function agentCommands(): AgentCommand[] {
  const list: AgentCommand[] = [];
  list.push(...modelAgentCommands());
  list.push(storageProbeCommand());
  return list;
}
