/** What `health`, `status` and `channels.status` answer (SPEC §10.2–§10.4), and the event-loop sample they share. */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ParamsOf } from '../../../src-shared/protocol/contract/index.ts';
import type { MethodContext } from '../gateway/services.ts';

let loopDelay: ReturnType<typeof monitorEventLoopDelay> | undefined;
let lastElu = performance.eventLoopUtilization();
let lastCpu = process.cpuUsage();
let lastAt = performance.now();

/** Event-loop health, sampled continuously once the first health call asks for it. */
export function eventLoopSnapshot() {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
  }
  const p99 = loopDelay.percentile(99) / 1e6;
  const max = loopDelay.max / 1e6;
  // Utilisation and CPU share since the previous snapshot (what `openclaw health` prints).
  const elu = performance.eventLoopUtilization(lastElu);
  const cpu = process.cpuUsage(lastCpu);
  const wallMs = Math.max(performance.now() - lastAt, 1);
  lastElu = performance.eventLoopUtilization();
  lastCpu = process.cpuUsage();
  lastAt = performance.now();
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    degraded: p99 > 500, degradedSinceMs: null, reasons: p99 > 500 ? ['event-loop-delay'] : [], intervalMs: 20,
    delayP99Ms: Math.round(p99 * 10) / 10, delayMaxMs: Math.round(max * 10) / 10,
    utilization: round(elu.utilization), cpuCoreRatio: round((cpu.user + cpu.system) / 1000 / wallMs),
    cpuBreakdown: { userMs: Math.round(cpu.user / 1000), systemMs: Math.round(cpu.system / 1000), wallMs: Math.round(wallMs) },
  };
}

/** The state disk as `health` reports it: `full` refuses new runs until space is back. */
export function stateDiskHealth(ctx: MethodContext['gw']): { state: 'ok' | 'full'; path: string; [detail: string]: unknown } {
  const full = ctx.store.disk.full;
  if (!full) return { state: 'ok', path: ctx.store.db.name };
  return {
    state: 'full', path: full.path, sinceMs: full.sinceMs, error: full.error, queuedAuditRecords: ctx.store.invocations.queued,
    message: `the state disk is full (${full.path}): new runs are refused until space is freed; reads and health keep working, and the gateway recovers by itself`,
  };
}

/**
 * hearth.json as the gateway sees it: `hotReloadStatus` keeps OpenClaw's field; the rest says what
 * a reload refused and which changes wait for a restart, with one warning sentence each.
 */
export function configReloadView(gw: MethodContext['gw']) {
  const s = gw.configStatus?.();
  if (!s) return { hotReloadStatus: 'disabled' };
  const warnings = [...(s.error ? [`${s.error} (the gateway keeps the previous settings)`] : []), ...s.restartRequired.map((r) => r.message)];
  return {
    hotReloadStatus: s.watching ? 'active' : 'signal-only', path: s.path, loadedAtMs: s.loadedAtMs, reloads: s.reloads,
    ...(s.error ? { error: s.error } : {}), restartRequired: s.restartRequired.map((r) => r.key), warnings,
  };
}

export function healthPayload(ctx: MethodContext['gw'], startedAt = Date.now()) {
  const nodes = ctx.nodes.list();
  const stateDisk = stateDiskHealth(ctx);
  return {
    ok: stateDisk.state === 'ok',
    ts: ctx.clock(),
    durationMs: Date.now() - startedAt,
    plugins: { loaded: [], errors: [], unavailable: [] },
    configReload: configReloadView(ctx),
    channels: {},
    channelOrder: [],
    channelLabels: {},
    heartbeatSeconds: 0,
    defaultAgentId: 'main',
    agents: [],
    sessions: { path: ctx.store.db.name, count: 0, recent: [] },
    modelRuntime: { degraded: false, pendingAgents: [] },
    eventLoop: eventLoopSnapshot(),
    hearth: {
      version: ctx.version,
      uptimeMs: ctx.clock() - ctx.startedAtMs,
      url: ctx.url(),
      nodes: { paired: nodes.filter((n) => n.paired).length, connected: nodes.filter((n) => n.connected).length, total: nodes.length },
      pending: { devices: ctx.store.requests.device.list(ctx.clock()).length, nodes: ctx.store.requests.node.list().length },
      modules: ctx.modules.health(),
      alerts: ctx.alerts.open().length,
      stateDisk,
    },
  };
}

export function statusPayload(ctx: MethodContext & { params?: ParamsOf<'status'> }) {
  const gw = ctx.gw;
  const mem = process.memoryUsage();
  const admin = ctx.session.scopes.includes('operator.admin');
  const nodes = gw.nodes.list();
  // The keys and shapes of the real gateway's status (SPEC §10.3), so OpenClaw's CLI can render
  // it; Hearth has no agents, sessions or tasks, so those are empty but well-formed.
  const params = ctx.params ?? {};
  return {
    runtimeVersion: gw.version,
    hostDesktop: { enabled: false, state: 'disabled', port: null },
    heartbeat: { defaultAgentId: 'main', agents: [] },
    channelSummary: [],
    queuedSystemEvents: [],
    degradedSecretOwners: [],
    degradedPlugins: [],
    tasks: {
      total: 0, active: 0, terminal: 0, failures: 0,
      byStatus: { queued: 0, running: 0, succeeded: 0, failed: 0, timed_out: 0, cancelled: 0, lost: 0 },
      byRuntime: { subagent: 0, acp: 0, cli: 0, cron: 0 },
    },
    taskAudit: {
      total: 0, warnings: 0, errors: 0,
      byCode: { stale_queued: 0, stale_running: 0, lost: 0, delivery_failed: 0, missing_cleanup: 0, inconsistent_timestamps: 0 },
    },
    sessions: { paths: [], count: 0, defaults: { model: null, contextTokens: null }, recent: [], byAgent: [] },
    modelRuntime: { degraded: false, pendingAgents: [] },
    eventLoop: eventLoopSnapshot(),
    ...(admin ? { processMemory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal, externalBytes: mem.external, arrayBuffersBytes: mem.arrayBuffers } } : {}),
    workerPools: {},
    pid: process.pid,
    shutdownBudget: {
      timeoutMs: 10_000, reserveMs: 0, nativeStopBudget: false,
      activeWork: { rootRequests: 0, cronRuns: 0, sessionMutations: 0, terminalPersistence: 0, lifecycleWrites: 0 }, writeCustody: [],
    },
    gateway: {
      url: gw.url(), bind: gw.bind.mode, host: gw.bind.host, port: gw.bind.port(), loopbackOnly: gw.bind.loopbackOnly,
      authMode: gw.authMode, autoApproveLocal: gw.autoApproveLocal(), uptimeMs: gw.clock() - gw.startedAtMs, bootId: gw.bootId,
      config: configReloadView(gw),
    },
    nodes: {
      total: nodes.length,
      connected: nodes.filter((n) => n.connected).length,
      pendingApproval: nodes.filter((n) => n.approvalState === 'pending-approval').length,
    },
    pairing: { pendingDevices: gw.store.requests.device.list(gw.clock()).length, pendingNodes: gw.store.requests.node.list().length },
    // The real CLI asks for this projection to print its agents line; Hearth has no agents.
    ...(params.includeCliProjection ? {
      cliProjection: {
        agents: { defaultId: 'main', ownership: 'sole', selectionRequired: false, rows: [{ id: 'main' }] },
        updateChannel: null,
        memoryPlugin: { enabled: false, slot: null },
      },
    } : {}),
  };
}

/** Hearth has no chat channels yet (Telegram comes with its own issue): an empty, well-formed answer. */
export function channelsStatus(ctx: MethodContext) {
  return {
    ts: ctx.gw.clock(), channelOrder: [], channelLabels: {}, channelDetailLabels: {}, channelSystemImages: {}, channelMeta: [],
    eventLoop: eventLoopSnapshot(), channels: {}, channelAccounts: {}, channelDefaultAccountId: {}, statusIssues: [],
  };
}
