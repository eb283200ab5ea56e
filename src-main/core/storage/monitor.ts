/**
 * The gateway side of storage: schedules probe rounds (every 60 s by default, and on demand),
 * sends each machine its mounts in one request (a node through `hearth.storage.probe`, the
 * gateway's own machine through the same probe code in-process), classifies the answers, keeps
 * the history, raises alerts and broadcasts changes. Rounds never overlap per machine, so a node
 * that stops answering never accumulates requests.
 */
import { hostname } from 'node:os';
import type { ModuleContext, ModuleHealth } from '../modules/types.ts';
import { classify } from './classify.ts';
import { forecast, FORECAST_WINDOW_MS, type Forecast } from './forecast.ts';
import { probeMounts, PROBE_COMMAND } from './probe.ts';
import { DEFAULT_DEADLINE_MS, ProbeRunner } from './probe-runner.ts';
import { applyAlerts } from './storage-alerts.ts';
import { createStorageStore, type MountRow, type StorageStore } from './storage-store.ts';
import { STATE_SEVERITY, type MountStatus, type ProbeRequest, type ProbeResponse, type ProbeResult, type StorageState } from '../../../src-shared/storage/types.ts';

export const CHANGED_EVENT = 'hearth.storage.changed';
export const GATEWAY_NODE = 'gateway';
const FORECAST_CACHE_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 3_600_000;

export class StorageMonitor {
  readonly store: StorageStore;
  readonly runner: ProbeRunner;
  private readonly ctx: ModuleContext;
  private readonly clock: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly busy = new Map<string, Promise<void>>();
  private readonly usage = new Map<string, 'ok' | 'warn' | 'crit'>();
  private readonly forecasts = new Map<string, { at: number; f: Forecast }>();
  private lastPruneMs = 0;
  private stopped = false;

  constructor(ctx: ModuleContext) {
    this.ctx = ctx;
    this.clock = ctx.gw.clock;
    this.store = createStorageStore(ctx.gw.store.db);
    this.runner = new ProbeRunner({
      clock: this.clock,
      // A hung local mount answered at last: look again now instead of at the next round.
      onRecovered: () => {
        if (!this.stopped) setTimeout(() => void this.checkMachine(null).catch(() => undefined), 50).unref();
      },
    });
    for (const m of this.store.list()) {
      const s = m.lastStatus?.state;
      if (s === 'warn' || s === 'crit') this.usage.set(m.id, s);
    }
  }

  intervalMs(): number {
    const s = Number(this.ctx.settings.get('intervalSec', 60));
    return Math.max(5, Number.isFinite(s) ? s : 60) * 1000;
  }

  deadlineMs(): number {
    const d = Number(this.ctx.settings.get('deadlineMs', DEFAULT_DEADLINE_MS));
    return Math.min(120_000, Math.max(500, Number.isFinite(d) ? d : DEFAULT_DEADLINE_MS));
  }

  start(): void {
    this.schedule();
    setTimeout(() => void this.checkAll().catch(() => undefined), 200).unref();
  }

  /** (Re)arms the round timer, e.g. after the interval setting changed. */
  schedule(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.stopped) return;
    this.timer = setInterval(() => {
      this.checkAll().catch((e: unknown) => this.ctx.log.warn('storage round failed', { error: (e as Error).message }));
    }, this.intervalMs());
    this.timer.unref();
  }

  /** Persists the interval/deadline settings and re-arms the round timer. */
  updateSettings(p: { intervalSec?: number; deadlineMs?: number }): void {
    if (p.intervalSec !== undefined) this.ctx.settings.set('intervalSec', p.intervalSec);
    if (p.deadlineMs !== undefined) this.ctx.settings.set('deadlineMs', p.deadlineMs);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Probes every machine that holds a mount; resolves when all answered (or gave up). */
  async checkAll(): Promise<void> {
    const machines = new Set(this.store.list().map((m) => m.nodeId));
    await Promise.all([...machines].map((n) => this.checkMachine(n)));
    const now = this.clock();
    if (now - this.lastPruneMs > PRUNE_EVERY_MS) {
      this.lastPruneMs = now;
      this.store.prune(now);
    }
  }

  /** Probes the mounts of one machine (`null`: the gateway's); joins a round already running there. */
  checkMachine(nodeId: string | null): Promise<void> {
    const key = nodeId ?? GATEWAY_NODE;
    const running = this.busy.get(key);
    if (running) return running;
    const p = this.round(nodeId).finally(() => this.busy.delete(key));
    this.busy.set(key, p);
    return p;
  }

  private async round(nodeId: string | null): Promise<void> {
    const mounts = this.store.list().filter((m) => m.nodeId === nodeId);
    if (mounts.length === 0 || this.stopped) return;
    const deadline = this.deadlineMs();
    const req: ProbeRequest = {
      deadlineMs: deadline,
      mounts: mounts.map((m) => {
        const t: ProbeRequest['mounts'][number] = { id: m.id, path: m.path, kind: m.kind };
        if (m.server) t.server = m.server;
        if (m.lastSource) t.sourceHint = m.lastSource;
        if (m.lastFsType) t.fsTypeHint = m.lastFsType;
        return t;
      }),
    };
    let res: ProbeResponse;
    if (nodeId === null) {
      res = await probeMounts(req, { runner: this.runner, clock: this.clock });
    } else {
      const offline = this.nodeProblem(nodeId);
      if (offline) return this.markUnreachable(mounts, offline);
      try {
        res = (await this.ctx.invokeNode(nodeId, PROBE_COMMAND, req, deadline + 10_000)) as ProbeResponse;
        if (!res || !Array.isArray(res.results)) throw new Error('the node answered without results');
      } catch (e) {
        return this.markUnreachable(mounts, `the node did not answer the probe: ${(e as Error).message}`);
      }
    }
    if (this.stopped) return;
    const byId = new Map(res.results.map((r) => [r.id, r]));
    const changed: MountStatus[] = [];
    for (const m of mounts) {
      const r = byId.get(m.id);
      if (r) changed.push(this.record(m, r, deadline));
    }
    if (changed.length) this.ctx.gw.events.broadcast(CHANGED_EVENT, { mounts: changed });
  }

  /** Why a node cannot be probed right now, or undefined when it can. */
  private nodeProblem(nodeId: string): string | undefined {
    const entry = this.ctx.gw.nodes.entry(nodeId);
    const name = entry?.displayName ?? nodeId.slice(0, 12);
    if (!entry) return `node ${name} is no longer paired with this gateway; remove the mount or pair the node again`;
    if (!entry.connected) return `node ${name} is offline; showing its last check`;
    if (!entry.commands.includes(PROBE_COMMAND)) {
      return `node ${name} does not offer ${PROBE_COMMAND}; update Hearth there, then approve its commands (\`hearth nodes approve --latest\`)`;
    }
    return undefined;
  }

  private markUnreachable(mounts: MountRow[], why: string): void {
    const changed: MountStatus[] = [];
    for (const m of mounts) {
      const prev = m.lastStatus ?? this.blankStatus(m);
      if (prev.lastError === why) continue;
      const s: MountStatus = { ...prev, ...this.identity(m), lastError: why };
      this.store.saveStatus(m.id, s);
      changed.push(s);
    }
    if (changed.length) this.ctx.gw.events.broadcast(CHANGED_EVENT, { mounts: changed });
  }

  private identity(m: MountRow): Pick<MountStatus, 'name' | 'node' | 'nodeId' | 'nodeName' | 'path' | 'kind' | 'warn' | 'crit'> {
    const base = { name: m.name, path: m.path, kind: m.kind, warn: m.warn, crit: m.crit };
    if (!m.nodeId) return { ...base, node: GATEWAY_NODE, nodeId: null, nodeName: hostname() };
    const name = this.ctx.gw.nodes.entry(m.nodeId)?.displayName;
    return { ...base, node: name ?? m.nodeId, nodeId: m.nodeId, nodeName: name ?? m.nodeId.slice(0, 12) };
  }

  blankStatus(m: MountRow): MountStatus {
    return {
      ...this.identity(m), state: 'unknown', fsType: null, source: null, mounted: null, writable: null, totalBytes: null, freeBytes: null,
      usedPercent: null, inodesUsedPercent: null, latencyMs: null, checkedAtMs: null, lastError: 'not checked yet',
    };
  }

  private record(m: MountRow, r: ProbeResult, deadline: number): MountStatus {
    const c = classify(r, m.warn, m.crit, deadline, this.usage.get(m.id));
    if (c.usage) this.usage.set(m.id, c.usage);
    const status: MountStatus = { ...this.identity(m), state: c.state, ...c.fields };
    if (r.server) status.server = r.server;
    this.store.addSample(m.id, r.checkedAtMs, c.fields.totalBytes !== null && c.fields.freeBytes !== null && r.space ? r.space.usedBytes : null,
      c.fields.totalBytes, c.fields.usedPercent, c.state);
    // The forecast reads a week of samples: recomputed every 10 minutes, not on every probe.
    Object.assign(status, this.forecastFor(m.id, status.freeBytes));
    this.store.saveStatus(m.id, status);
    try {
      applyAlerts(this.ctx.alerts, m.id, status, c.usage);
    } catch (e) {
      this.ctx.log.warn('storage alert failed', { mount: m.name, error: (e as Error).message });
    }
    return status;
  }

  forecastFor(id: string, freeBytes: number | null): Forecast {
    const now = this.clock();
    const cached = this.forecasts.get(id);
    if (cached && now - cached.at < FORECAST_CACHE_MS) return cached.f;
    const f = forecast(this.store.history(id, now - FORECAST_WINDOW_MS, now), freeBytes);
    this.forecasts.set(id, { at: now, f });
    return f;
  }

  /** The status of every mount (last check), in name order. */
  statuses(): MountStatus[] {
    return this.store.list().map((m) => {
      const s = m.lastStatus ? { ...m.lastStatus, ...this.identity(m) } : this.blankStatus(m);
      return { ...s, ...this.forecastFor(m.id, s.freeBytes) };
    });
  }

  health(): ModuleHealth {
    const all = this.statuses();
    if (all.length === 0) return { state: 'disabled', summary: 'no storage configured (hearth storage add PATH)' };
    const bad = all.filter((s) => s.state !== 'ok');
    const worst = all.reduce<StorageState | 'unknown'>((w, s) => (s.state !== 'unknown' && (w === 'unknown' || STATE_SEVERITY[s.state] > STATE_SEVERITY[w]) ? s.state : w), 'unknown');
    const counts = new Map<string, number>();
    for (const s of all) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
    const summary = `${all.length} mount${all.length === 1 ? '' : 's'}: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`;
    const state: ModuleHealth['state'] = bad.length === 0 ? 'ok' : ['warn', 'read-only', 'unknown'].includes(worst) ? 'degraded' : 'down';
    return {
      state, summary, worst,
      warnings: bad.map((s) => `storage ${s.name} on ${s.nodeName ?? s.node}: ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`),
      mounts: all.map((s) => ({ name: s.name, node: s.node, state: s.state, usedPercent: s.usedPercent, checkedAtMs: s.checkedAtMs })),
      probesInFlight: this.runner.inFlight().length,
    };
  }
}
