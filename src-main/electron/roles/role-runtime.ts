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
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';
import { liveLockOwner } from '../../core/gateway/state-lock.ts';
import { watchLockOwner, type LockOwnerWatch } from './lock-owner-watch.ts';
import { OUTSIDE_RECHECK_MS, OUTSIDE_RESTART_GRACE_MS, OUTSIDE_START_WAIT_MS, outsideCredential, outsideUrl, type OutsideCredential } from './outside-gateway.ts';
import { OutsideLink, type SetupCodeView } from './outside-link.ts';
import { OUTSIDE_NODE_MESSAGE } from './node-status-view.ts';
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
  /** How often an attached outside gateway is looked at again (default OUTSIDE_RECHECK_MS; tests shorten it). */
  outsideRecheckMs?: number;
  /** How long the outside owner's lock must stay free before the app takes over (default OUTSIDE_RESTART_GRACE_MS). */
  outsideRestartGraceMs?: number;
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
  /** The shared secret of a gateway outside the app (until the node has its device token). */
  credential?: OutsideCredential;
}

/** Owns the running gateway and/or node agent of this machine. */
export class RoleRuntime {
  private readonly deps: RoleRuntimeDeps;
  private gateway: RunningGateway | undefined;
  private core: Core | undefined;
  /** Unsubscribes from the gateway's alerts and tray-relevant events. */
  private alertsOff: (() => void) | undefined;
  private gatewayPhase: GatewaySnapshot['phase'] = 'stopped';
  /** A gateway of this state dir that runs outside the app, which the app attached to. */
  private outside: { pid: number; url: string; listenHost: string; link: OutsideLink } | undefined;
  private outsideWatch: LockOwnerWatch | undefined;
  private gatewayError: string | undefined;
  private agent: NodeAgent | undefined;
  /** The pid of a node agent of this state dir running outside the app (the service), while it runs. */
  private outsideNode: number | undefined;
  private outsideNodeWatch: LockOwnerWatch | undefined;
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
        g.phoneUrl = this.phoneUrlFor(this.gateway.host, this.gateway.port);
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
      if (this.outside) {
        g.url = this.outside.url;
        g.outside = { pid: this.outside.pid };
        g.phoneUrl = this.phoneUrlFor(this.outside.listenHost, Number(new URL(this.outside.url).port));
        Object.assign(g, this.outside.link.view);
      }
      if (this.gatewayError) g.message = this.gatewayError;
      s.gateway = g;
      const tunnels = this.gateway?.tunnels?.();
      if (tunnels && tunnels.length > 0) s.tunnels = tunnels;
    }
    if (this.agentTarget && this.outsideNode !== undefined) {
      s.node = { state: 'outside', gatewayUrl: this.agentTarget.url, message: OUTSIDE_NODE_MESSAGE(this.outsideNode) };
    } else if (this.agentTarget) {
      const n: NodeSnapshot = { state: this.paused ? 'paused' : (this.nodeStatus?.state ?? 'connecting'), gatewayUrl: this.agentTarget.url };
      if (this.nodeStatus?.fingerprint) n.fingerprint = this.nodeStatus.fingerprint;
      if (this.nodeStatus?.message) n.message = this.nodeStatus.message;
      s.node = n;
    }
    if (this.nodeStatus) s.nodeStatus = this.nodeStatus;
    return s;
  }

  /** What the phone opens for a gateway listening on host:port (the config says how it is published). */
  private phoneUrlFor(host: string, port: number): string {
    const cfg = this.deps.readConfig();
    const base: Parameters<typeof phoneBaseUrl>[0] = { bind: cfg.gateway.bind, boundHost: host, port };
    if (cfg.gateway.publicUrl) base.publicUrl = cfg.gateway.publicUrl;
    if (this.deps.lanAddress) base.lanAddress = this.deps.lanAddress;
    return phoneBaseUrl(base).url;
  }

  private changed(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }

  /** Starts the gateway role: gateway, advertisement, then the loopback node (unless paused). */
  /**
   * The gateway role at app start: when a gateway of this state dir already runs (the system
   * service, or `hearth gateway` in a terminal), a second one could not take its lock, so the
   * app shows that one and joins it; otherwise it starts the gateway itself.
   */
  async startOrAttachGatewayRole(opts: { paused?: boolean } = {}): Promise<void> {
    if (this.gateway || this.outside) return;
    const lockPath = stateFiles(this.deps.stateDir).gatewayLock;
    let live = liveLockOwner(lockPath);
    // At login the service and the app start together: a gateway that holds the lock but has not
    // bound its port yet is waited for (briefly) rather than raced.
    for (let waited = 0; live && live.pid !== process.pid && live.port === undefined && waited < OUTSIDE_START_WAIT_MS; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      live = liveLockOwner(lockPath);
    }
    if (live && live.pid !== process.pid) {
      // A gateway whose lock names no address (an older version) listens where the config says.
      const port = live.port ?? (this.deps.readConfig().gateway.port || DEFAULT_GATEWAY_PORT);
      this.attachOutside(live.pid, live.host ?? '127.0.0.1', port, opts.paused ?? false);
      return;
    }
    await this.startGatewayRole(opts);
  }

  /** The gateway outside the app this one attached to, if any. */
  get outsideGateway(): { pid: number; url: string } | undefined {
    return this.outside ? { pid: this.outside.pid, url: this.outside.url } : undefined;
  }

  /** A setup code from the gateway outside the app (its window, a phone); rejects when unreachable or refused. */
  outsideSetupCode(profile: 'node' | 'operator'): Promise<SetupCodeView> {
    if (!this.outside) return Promise.reject(new Error('no gateway outside the app is attached'));
    return this.outside.link.setupCode(profile);
  }

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

  /**
   * Shows a gateway that runs outside the app and connects this machine's node to it (with its
   * device token once paired; the first time, the gateway holds a pairing request for approval).
   * Every few seconds the owner is looked at again: when it is gone (the service was stopped or
   * removed) the app starts the gateway itself, as the gateway role promises.
   */
  private attachOutside(pid: number, listenHost: string, port: number, paused: boolean): void {
    const url = outsideUrl(listenHost, port);
    const credential = outsideCredential(this.deps.stateDir, this.deps.readConfig(), this.deps.env);
    const link = new OutsideLink({ url, version: this.deps.version, logger: this.deps.logger, onChange: () => this.changed(), ...(credential ? { credential } : {}) });
    this.outside = { pid, url, listenHost, link };
    this.gatewayPhase = 'running';
    this.gatewayError = undefined;
    void link.ensure();
    const target: AgentTarget = { url, ...(credential ? { credential } : {}) };
    this.agentTarget = target;
    this.paused = paused;
    // As with the app's own gateway, the node joins with a node-profile code from the gateway,
    // which also approves its commands; without one (unreachable, refused) the credential alone
    // admits it and its commands wait for approval. Once paired, its device token is used.
    void link.setupCode('node').then((c) => { target.setupCode = c.setupCode; }, () => undefined).finally(() => {
      if (this.agentTarget === target && !this.paused) this.spawnAgent();
    });
    // A new owner (the service restarted) is attached to at once, through the take-over.
    this.outsideWatch = watchLockOwner({
      ...this.lockWatchTiming(), lockPath: stateFiles(this.deps.stateDir).gatewayLock, pid,
      onStill: () => { if (!link.connected) void link.ensure(); },
      onGone: () => void this.takeOver(),
    });
    this.deps.logger.info('the gateway of this state dir runs outside the app; attached to it', { pid, url });
    this.changed();
  }

  /** The outside gateway stopped: this app runs the gateway now (and its node moves to it). */
  private async takeOver(): Promise<void> {
    if (!this.outside) return;
    const paused = this.paused;
    this.detachOutside();
    await this.stopAgent();
    this.agentTarget = undefined;
    this.nodeStatus = undefined;
    this.deps.logger.info('the outside gateway stopped; starting the gateway in the app');
    await this.startOrAttachGatewayRole({ paused }).catch(() => undefined); // the error is in the snapshot
  }

  private detachOutside(): void {
    this.outsideWatch?.stop();
    this.outsideWatch = undefined;
    this.outside?.link.close();
    this.outside = undefined;
  }

  /** Where the gateway this app shows can be reached from this machine (in the app or outside it). */
  get gatewayUrl(): string | undefined {
    return this.gateway?.url ?? this.outside?.url;
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
    // The service (or a terminal) already runs this machine's node on this state dir: a second
    // agent with the same identity would only keep replacing it at the gateway.
    if (this.nodeRunsOutside()) return;
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
    // A setup code admits the node and approves its commands; the shared secret would take
    // precedence and leave them waiting, so it only goes along when there is no code.
    if (!code && target.credential) {
      if (target.credential.token) opts.token = target.credential.token;
      if (target.credential.password) opts.password = target.credential.password;
      opts.secretSource = target.credential.source;
    }
    try {
      this.agent = this.deps.startNodeAgent(opts);
    } catch (err) {
      // Another process took the node lock between the look and the start (the service at
      // login): show it as running outside the app; anything else is logged, never thrown
      // (this also runs from timers, where a throw would end the app).
      if (this.nodeRunsOutside()) return this.changed();
      this.deps.logger.error('could not start this machine\'s node agent', { error: String(err) });
      return;
    }
    // A setup code is single use: later restarts (pause, policy change) rely on the device token.
    delete target.setupCode;
    this.nodeStatus = this.agent.status;
  }

  /**
   * Whether a node agent of this state dir runs in another process; while it does, looks again
   * every few seconds and starts this app's agent once it is gone.
   */
  private nodeRunsOutside(): boolean {
    const other = liveLockOwner(stateFiles(this.deps.stateDir).nodeLock);
    if (!other || other.pid === process.pid) {
      this.clearOutsideNode();
      return false;
    }
    if (this.outsideNode !== other.pid) {
      this.deps.logger.info('this machine\'s node runs outside the app; the app starts none', { pid: other.pid });
      this.clearOutsideNode();
      this.outsideNode = other.pid;
      this.outsideNodeWatch = watchLockOwner({
        ...this.lockWatchTiming(), lockPath: stateFiles(this.deps.stateDir).nodeLock, pid: other.pid,
        onGone: () => {
          this.clearOutsideNode();
          if (!this.paused) this.spawnAgent();
          this.changed();
        },
      });
    }
    return true;
  }

  private lockWatchTiming(): { recheckMs: number; graceMs: number } {
    return { recheckMs: this.deps.outsideRecheckMs ?? OUTSIDE_RECHECK_MS, graceMs: this.deps.outsideRestartGraceMs ?? OUTSIDE_RESTART_GRACE_MS };
  }

  private clearOutsideNode(): void {
    this.outsideNodeWatch?.stop();
    this.outsideNodeWatch = undefined;
    this.outsideNode = undefined;
  }

  private async stopAgent(): Promise<void> {
    this.clearOutsideNode();
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
    // A gateway outside the app is not ours to stop: the app only stops showing it.
    this.detachOutside();
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

