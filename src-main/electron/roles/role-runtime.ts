/**
 * Runs the services of this machine's role, with the core's start functions injected (so
 * tests pass real or fake ones and no Electron is involved):
 * - gateway role: the embedded gateway, its mDNS advertisement, and this machine's own node
 *   agent connected over loopback (so the phone can run work on the home PC);
 * - node role: the node agent connected to the chosen gateway.
 * Stop order is always the reverse of start order: agent, advertisement, gateway.
 */
import type { ExecPolicy, RecentRun } from '../../../src-shared/ipc/contract.ts';
import type { HearthConfig } from '../../core/config.ts';
import type { NodeAgent, NodeAgentOptions, NodeAgentStatus } from '../../core/agent/options.ts';
import type { GatewayOptions, RunningGateway } from '../../core/gateway/options.ts';
import type { Logger } from '../../core/logger.ts';
import type { GatewaySnapshot, NodeSnapshot, TunnelSnapshot } from '../shell-state.ts';
import { createCore, type Core } from '../../core/index.ts';
import { stateFiles } from '../../core/paths.ts';
import { loopbackGatewayUrl } from './gateway-options.ts';
import { phoneBaseUrl } from './phone-pairing.ts';
import { createRecentRuns, type RecentRuns } from './recent-runs.ts';

export interface RoleRuntimeDeps {
  stateDir: string;
  staticDir?: string;
  logger: Logger;
  version: string;
  hostname: string;
  env: Record<string, string | undefined>;
  lanAddress?: string;
  readConfig(): HearthConfig;
  startGateway(opts: GatewayOptions): Promise<RunningGateway>;
  startNodeAgent(opts: NodeAgentOptions): NodeAgent;
  /** Advertises the gateway on the LAN (when bound beyond loopback); returns a stopper. Optional (tests, no multicast). */
  advertise?(o: { name: string; port: number; version: string }): { stop(): Promise<void> };
}

export interface RuntimeSnapshot {
  gateway?: GatewaySnapshot;
  node?: NodeSnapshot;
  nodeStatus?: NodeAgentStatus;
  /** The embedded gateway's tunnels (remote module), for the tray colour and tooltip. */
  tunnels?: TunnelSnapshot[];
}

interface AgentTarget {
  url: string;
  /** A code to redeem once (the node wizard's paste). */
  setupCode?: string;
  /** Mints a code for every (re)start: this machine's own gateway. */
  mintSetupCode?: () => string;
}

/** Owns the running gateway and/or node agent of this machine. */
export class RoleRuntime {
  private readonly deps: RoleRuntimeDeps;
  private gateway: RunningGateway | undefined;
  private core: Core | undefined;
  /** Unsubscribes from the gateway's alerts and tray-relevant events. */
  private alertsOff: (() => void) | undefined;
  private gatewayPhase: GatewaySnapshot['phase'] = 'stopped';
  private gatewayError: string | undefined;
  private agent: NodeAgent | undefined;
  private agentTarget: AgentTarget | undefined;
  private nodeStatus: NodeAgentStatus | undefined;
  private paused = false;
  private readonly listeners = new Set<(s: RuntimeSnapshot) => void>();
  private extraStatusListener: ((s: NodeAgentStatus) => void) | undefined;
  private readonly runs: RecentRuns;

  constructor(deps: RoleRuntimeDeps) {
    this.deps = deps;
    this.runs = createRecentRuns();
    this.runs.onChange(() => this.changed());
  }

  /** Commands this machine's node ran recently, newest first. */
  recentRuns(): RecentRun[] {
    return this.runs.list();
  }

  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  onChange(listener: (s: RuntimeSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The running gateway, if any. */
  get runningGateway(): RunningGateway | undefined {
    return this.gateway;
  }

  get nodePaused(): boolean {
    return this.paused;
  }

  snapshot(): RuntimeSnapshot {
    const s: RuntimeSnapshot = {};
    if (this.gatewayPhase !== 'stopped' || this.gatewayError) {
      const g: GatewaySnapshot = { phase: this.gatewayPhase };
      if (this.gateway) {
        g.url = this.gateway.url;
        const cfg = this.deps.readConfig();
        const base: Parameters<typeof phoneBaseUrl>[0] = { bind: cfg.gateway.bind, boundHost: this.gateway.host, port: this.gateway.port };
        if (cfg.gateway.publicUrl) base.publicUrl = cfg.gateway.publicUrl;
        if (this.deps.lanAddress) base.lanAddress = this.deps.lanAddress;
        g.phoneUrl = phoneBaseUrl(base).url;
        const nodes = countOnlineNodes(this.gateway);
        if (nodes !== undefined) g.nodesOnline = nodes;
        const open = this.gateway.alerts?.open();
        if (open) {
          g.alerts = {
            open: open.length, critical: open.filter((a) => a.severity === 'critical').length,
            unacknowledged: open.filter((a) => a.acknowledgedAtMs === undefined).length,
          };
        }
      }
      if (this.gatewayError) g.message = this.gatewayError;
      s.gateway = g;
      const tunnels = this.gateway?.tunnels?.();
      if (tunnels && tunnels.length > 0) s.tunnels = tunnels;
    }
    if (this.agentTarget) {
      const n: NodeSnapshot = { state: this.paused ? 'paused' : (this.nodeStatus?.state ?? 'connecting'), gatewayUrl: this.agentTarget.url };
      if (this.nodeStatus?.fingerprint) n.fingerprint = this.nodeStatus.fingerprint;
      if (this.nodeStatus?.message) n.message = this.nodeStatus.message;
      s.node = n;
    }
    if (this.nodeStatus) s.nodeStatus = this.nodeStatus;
    return s;
  }

  private changed(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }

  /** Starts the gateway role: gateway, advertisement, then the loopback node (unless paused). */
  async startGatewayRole(opts: { paused?: boolean } = {}): Promise<RunningGateway> {
    if (this.gateway) return this.gateway;
    const cfg = this.deps.readConfig();
    this.gatewayPhase = 'starting';
    this.gatewayError = undefined;
    this.changed();
    try {
      // The same composition root as `hearth gateway`: settings, bind safety, start, announcement.
      this.core = await createCore({
        paths: { stateDir: this.deps.stateDir, ...(this.deps.staticDir ? { staticDir: this.deps.staticDir } : {}) },
        logger: this.deps.logger.child({ svc: 'gateway' }), version: this.deps.version,
        settings: { config: { path: stateFiles(this.deps.stateDir).config, config: cfg }, env: this.deps.env },
        startGateway: this.deps.startGateway, advertise: this.deps.advertise ?? false, instanceName: `Hearth on ${this.deps.hostname}`,
        configReload: { restartHint: 'quit Hearth from the tray menu and open it again' },
      });
      this.gateway = this.core.gateway;
      // Alerts, nodes coming and going and tunnel states change the tray: re-publish the snapshot.
      const alertsOff = this.gateway.alerts?.subscribe(() => this.changed());
      const watchOff = this.gateway.watch?.(() => this.changed());
      this.alertsOff = () => {
        alertsOff?.();
        watchOff?.();
      };
    } catch (err) {
      this.gatewayPhase = 'error';
      this.gatewayError = err instanceof Error ? err.message : String(err);
      this.changed();
      throw err;
    }
    this.gatewayPhase = 'running';
    // This machine's own node pairs with a node-profile setup code minted by the gateway itself:
    // that admits the device *and* approves its first command surface (SPEC §14), whatever the
    // auth mode or loopback auto-approval. Once paired the agent prefers its device token, so a
    // fresh code per start is simply left unused (it expires in 10 minutes).
    const gw = this.gateway;
    const target: AgentTarget = { url: loopbackGatewayUrl(gw.port), mintSetupCode: () => gw.createSetupCode({ profile: 'node' }).setupCode };
    this.agentTarget = target;
    this.paused = opts.paused ?? false;
    if (!this.paused) this.spawnAgent();
    this.changed();
    return this.gateway;
  }

  /** Starts the node role against `url` (optionally redeeming a setup code); `onStatus` sees every status. */
  startNodeRole(target: AgentTarget, opts: { paused?: boolean; onStatus?: (s: NodeAgentStatus) => void } = {}): void {
    this.agentTarget = { ...target };
    this.extraStatusListener = opts.onStatus;
    this.paused = opts.paused ?? false;
    if (!this.paused) this.spawnAgent();
    this.changed();
  }

  private spawnAgent(): void {
    const target = this.agentTarget;
    if (!target || this.agent) return;
    const cfg = this.deps.readConfig();
    const opts: NodeAgentOptions = {
      url: target.url,
      stateDir: this.deps.stateDir,
      displayName: cfg.node.displayName ?? this.deps.hostname,
      exec: { security: cfg.node.exec.security, allowlist: [...cfg.node.exec.allowlist] },
      logger: this.deps.logger.child({ svc: 'node' }),
      onRun: (run) => this.runs.record(run),
      onStatus: (status) => {
        this.nodeStatus = status;
        this.extraStatusListener?.(status);
        this.changed();
      },
    };
    const code = target.setupCode ?? target.mintSetupCode?.();
    if (code) opts.setupCode = code;
    this.agent = this.deps.startNodeAgent(opts);
    // A setup code is single use: later restarts (pause, policy change) rely on the device token.
    delete target.setupCode;
    this.nodeStatus = this.agent.status;
  }

  private async stopAgent(): Promise<void> {
    const a = this.agent;
    this.agent = undefined;
    if (a) await a.stop();
  }

  /** Pauses (stops) or resumes this machine's node without forgetting where it connects. */
  async setNodePaused(paused: boolean): Promise<void> {
    this.paused = paused;
    if (paused) await this.stopAgent();
    else this.spawnAgent();
    this.changed();
  }

  /** Applies a changed exec policy (already saved in the config) to the running agent, live. */
  applyExecPolicy(policy: ExecPolicy): void {
    this.agent?.setExecPolicy({ security: policy.security, allowlist: [...policy.allowlist] });
    this.changed();
  }

  /** Retries now instead of waiting out the backoff (e.g. after approval on the phone). */
  reconnectNow(): void {
    this.agent?.reconnectNow();
  }

  /** Stops the node agent and forgets its target. */
  async stopNode(): Promise<void> {
    await this.stopAgent();
    this.agentTarget = undefined;
    this.nodeStatus = undefined;
    this.extraStatusListener = undefined;
    this.changed();
  }

  /** Stops the advertisement and the gateway (after the node, which uses it). */
  async stopGateway(reason = 'gateway stopping'): Promise<void> {
    this.alertsOff?.();
    this.alertsOff = undefined;
    const core = this.core;
    this.core = undefined;
    this.gateway = undefined;
    if (core) await core.stop(reason);
    this.gatewayPhase = 'stopped';
    this.gatewayError = undefined;
    this.changed();
  }

  /** Stops everything, node first. */
  async stopAll(reason?: string): Promise<void> {
    await this.stopNode();
    await this.stopGateway(reason);
  }
}

/** Nodes connected to the gateway right now; undefined if it cannot say. */
export function countOnlineNodes(g: RunningGateway): number | undefined {
  try {
    return g.connectedNodeCount();
  } catch {
    return undefined;
  }
}
