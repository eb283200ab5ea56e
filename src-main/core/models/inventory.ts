/**
 * The gateway's view of every model endpoint in the home: its own machine's (probed directly),
 * each Hearth node's (asked over the node's connection with `hearth.models.inventory`) and a real
 * OpenClaw node's Ollama (its `ollama.models` command). Refreshed on a timer and on demand, one
 * refresh at a time; request outcomes feed health (cooldown) and alerts.
 */
import type { ModelsSettings } from '../../../src-shared/protocol/contract/models.ts';
import type { ModuleContext } from '../modules/types.ts';
import { openclawModels } from './openclaw-interop.ts';
import { scanMachine, type ScanTarget } from './scan.ts';
import { endpointId, type EndpointRow, type ModelsRepo } from './store.ts';
import type { EndpointHealth, EndpointView, ModelsStatus, ProbeResult } from './types.ts';

export const INVENTORY_COMMAND = 'hearth.models.inventory';
export const RELAY_COMMAND = 'hearth.models.relay';
export const OPENCLAW_MODELS_COMMAND = 'ollama.models';
export const OPENCLAW_CHAT_COMMAND = 'ollama.chat';
export const OPENCLAW_URL = 'openclaw://ollama.chat';

interface Live {
  health: EndpointHealth;
  probe?: ProbeResult;
  cooldownUntilMs?: number;
  requests: number;
  failures: number;
  lastServedAtMs?: number;
}

/** The module's timing settings, as the contract has them (`hearth.models.settings`). */
export type Settings = ModelsSettings;

export class Inventory {
  private readonly live = new Map<string, Live>();
  private refreshing: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private watch: ReturnType<typeof setInterval> | undefined;
  private lastSignature = '';
  private lastRefreshMs: number | undefined;
  private readonly ctx: ModuleContext;
  private readonly repo: ModelsRepo;
  readonly settings: () => Settings;

  constructor(ctx: ModuleContext, repo: ModelsRepo, settings: () => Settings) {
    this.ctx = ctx;
    this.repo = repo;
    this.settings = settings;
  }

  start(): void {
    // The first scan opens sockets to every local model port: once the gateway serves, not before.
    this.ctx.whenServing(() => void this.refresh());
    this.timer = setInterval(() => void this.refresh(), this.settings().refreshIntervalMs);
    this.timer.unref();
    // A node that connects (or whose commands get approved) is inventoried at once, not at the next tick.
    this.watch = setInterval(() => {
      const sig = this.nodeSignature();
      if (sig !== this.lastSignature) {
        this.lastSignature = sig;
        void this.refresh();
      }
    }, 1000);
    this.watch.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.watch);
  }

  private nodeSignature(): string {
    const parts: string[] = [];
    for (const [id, c] of this.ctx.gw.nodes.connected) {
      const cmd = c.commands.includes(INVENTORY_COMMAND) ? 'h' : c.commands.includes(OPENCLAW_MODELS_COMMAND) ? 'o' : '-';
      parts.push(`${id}:${cmd}`);
    }
    return parts.sort().join(',');
  }

  /** False until the first scan has finished (health says `starting` until then). */
  get scanned(): boolean {
    return this.lastRefreshMs !== undefined;
  }

  /** Resolves once the first scan has finished (starting it if it has not begun): reads wait for it rather than answer "none found" unchecked. */
  async firstScan(): Promise<void> {
    if (!this.scanned) await this.refresh();
  }

  /** Milliseconds since the last finished refresh (Infinity before the first). */
  age(): number {
    return this.lastRefreshMs === undefined ? Infinity : this.now() - this.lastRefreshMs;
  }

  private now(): number {
    return this.ctx.gw.clock();
  }

  private liveOf(id: string): Live {
    let l = this.live.get(id);
    if (!l) this.live.set(id, (l = { health: 'unknown', requests: 0, failures: 0 }));
    return l;
  }

  private machineName(nodeId: string | null): string {
    if (nodeId === null) return 'gateway';
    return this.ctx.gw.nodes.entry(nodeId)?.displayName ?? nodeId.slice(0, 8);
  }

  /** Adds an endpoint found by discovery (or an OpenClaw node), at the end of the routing order. */
  private remember(nodeId: string | null, r: ProbeResult, source: EndpointRow['source']): EndpointRow {
    const id = endpointId(nodeId, r.url);
    const existing = this.repo.endpoints().find((e) => e.id === id);
    if (existing) {
      if (existing.kind === null && r.health === 'up') this.repo.setKind(id, r.kind);
      return existing;
    }
    const rows = this.repo.endpoints();
    const port = (() => { try { return new URL(r.url).port; } catch { return ''; } })();
    const row: EndpointRow = {
      id, url: r.url, nodeId, kind: r.kind, name: `${this.machineName(nodeId)}/${r.kind}${port ? `:${port}` : ''}`,
      priority: rows.reduce((m, e) => Math.max(m, e.priority), 0) + 1, source, createdAtMs: this.now(),
    };
    this.repo.put(row);
    return row;
  }

  /** Applies a probe result, raising or clearing the "went down" alert of an endpoint that served traffic. */
  private apply(row: EndpointRow, r: ProbeResult | undefined, health: EndpointHealth): void {
    const l = this.liveOf(row.id);
    const was = l.health;
    l.health = health;
    if (r) l.probe = r;
    const key = `models.endpoint.down:${row.id}`;
    if (health === 'up') {
      if (was !== 'up' && was !== 'unknown') this.ctx.alerts.clear(key, 'endpoint answers again');
    } else if (l.requests > 0 && was === 'up') {
      this.ctx.alerts.raise({
        key, source: 'models', severity: 'warning',
        message: `model endpoint ${row.name} (${row.url}) is ${health}${r?.error ? `: ${r.error}` : ''}; requests go to the next endpoint serving the same model`,
        details: { endpointId: row.id, nodeId: row.nodeId, url: row.url, health },
      });
    }
  }

  /** Probes everything once; concurrent callers share the refresh in flight. */
  refresh(): Promise<void> {
    this.lastSignature = this.nodeSignature();
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
      this.lastRefreshMs = this.now();
      this.ctx.gw.events.broadcast('hearth.models.changed', this.status());
    });
    return this.refreshing;
  }

  private targetsFor(nodeId: string | null): ScanTarget[] {
    return this.repo.endpoints().filter((e) => e.nodeId === nodeId && e.source !== 'openclaw')
      .map((e) => ({ url: e.url, kind: e.kind, configured: e.source === 'configured' }));
  }

  private applyMachine(nodeId: string | null, results: readonly ProbeResult[]): void {
    const seen = new Set<string>();
    for (const r of results) {
      const row = this.remember(nodeId, r, 'discovered');
      seen.add(row.id);
      this.apply(row, r, r.health);
    }
    // Known endpoints the machine did not report (a discovered port that went quiet).
    for (const row of this.repo.endpoints()) {
      if (row.nodeId === nodeId && row.source !== 'openclaw' && !seen.has(row.id)) this.apply(row, undefined, 'down');
    }
  }

  private async doRefresh(): Promise<void> {
    const { probeTimeoutMs } = this.settings();
    const jobs: Promise<void>[] = [];
    jobs.push(scanMachine(this.targetsFor(null), { timeoutMs: probeTimeoutMs }).then((r) => this.applyMachine(null, r)));
    const connected = this.ctx.gw.nodes.connected;
    for (const [nodeId, conn] of connected) {
      if (conn.commands.includes(INVENTORY_COMMAND)) {
        jobs.push(this.ctx.invokeNode(nodeId, INVENTORY_COMMAND, { endpoints: this.targetsFor(nodeId), timeoutMs: probeTimeoutMs }, probeTimeoutMs * 4 + 2000)
          .then((p) => this.applyMachine(nodeId, ((p as { results?: ProbeResult[] }).results ?? [])))
          .catch((err: Error) => this.markNode(nodeId, 'down', err.message)));
      } else if (conn.commands.includes(OPENCLAW_MODELS_COMMAND)) {
        jobs.push(openclawModels(this.ctx, nodeId).then((r) => {
          const row = this.remember(nodeId, r, 'openclaw');
          this.apply(row, r, r.health);
        }));
      }
    }
    for (const row of this.repo.endpoints()) {
      if (row.nodeId !== null && !connected.has(row.nodeId)) this.apply(row, undefined, 'unreachable');
    }
    await Promise.all(jobs);
  }

  private markNode(nodeId: string, health: EndpointHealth, error: string): void {
    for (const row of this.repo.endpoints()) {
      if (row.nodeId !== nodeId) continue;
      this.apply(row, { url: row.url, kind: row.kind ?? 'openai', health: 'down', models: this.live.get(row.id)?.probe?.models ?? [], error, checkedAtMs: this.now() }, health);
    }
  }

  /** A routed request succeeded (response head received). */
  served(id: string): void {
    const l = this.liveOf(id);
    l.requests++;
    l.lastServedAtMs = this.now();
  }

  /** A routed request failed before its first byte: cool the endpoint down and look at it again. */
  failed(id: string, why: string): void {
    const l = this.liveOf(id);
    l.failures++;
    l.cooldownUntilMs = this.now() + this.settings().cooldownMs;
    const row = this.repo.endpoints().find((e) => e.id === id);
    if (row && l.requests > 0) {
      this.ctx.alerts.raise({
        key: `models.endpoint.down:${id}`, source: 'models', severity: 'warning',
        message: `model endpoint ${row.name} (${row.url}) failed a request (${why}); it is left out for ${Math.round(this.settings().cooldownMs / 1000)} s`,
        details: { endpointId: id, nodeId: row.nodeId, url: row.url },
      });
    }
    this.ctx.log.warn('model endpoint failed a request; cooling it down', { endpoint: row?.name ?? id, why });
    void this.refresh();
    // Look again when the cooldown ends, so a server that came back gets traffic right away.
    setTimeout(() => void this.refresh(), this.settings().cooldownMs + 50).unref();
  }

  coolingDown(id: string): boolean {
    const until = this.live.get(id)?.cooldownUntilMs;
    return until !== undefined && until > this.now();
  }

  view(row: EndpointRow): EndpointView {
    const l = this.live.get(row.id);
    const p = l?.probe;
    const v: EndpointView = {
      id: row.id, name: row.name, url: row.url, nodeId: row.nodeId, nodeName: this.machineName(row.nodeId), source: row.source,
      kind: p?.kind ?? row.kind ?? 'openai', priority: row.priority, health: l?.health ?? 'unknown', models: p?.models ?? [],
      requests: l?.requests ?? 0, failures: l?.failures ?? 0,
    };
    if (p?.version) v.version = p.version;
    if (p?.latencyMs !== undefined) v.latencyMs = p.latencyMs;
    if (p?.error && v.health !== 'up') v.error = p.error;
    if (p?.checkedAtMs) v.checkedAtMs = p.checkedAtMs;
    if (l?.cooldownUntilMs !== undefined && l.cooldownUntilMs > this.now()) v.cooldownUntilMs = l.cooldownUntilMs;
    if (l?.lastServedAtMs !== undefined) v.lastServedAtMs = l.lastServedAtMs;
    return v;
  }

  /** Every endpoint in routing order. */
  endpoints(): EndpointView[] {
    return this.repo.endpoints().map((r) => this.view(r));
  }

  status(): ModelsStatus {
    const endpoints = this.endpoints();
    const names = new Set<string>();
    for (const e of endpoints) if (e.health === 'up') for (const m of e.models) names.add(m.name);
    const s = this.settings();
    const out: ModelsStatus = { ts: this.now(), endpoints, liveModels: names.size, refreshIntervalMs: s.refreshIntervalMs, cooldownMs: s.cooldownMs };
    if (this.lastRefreshMs !== undefined) out.lastRefreshMs = this.lastRefreshMs;
    return out;
  }

  forget(id: string): void {
    this.live.delete(id);
    this.ctx.alerts.clear(`models.endpoint.down:${id}`, 'endpoint removed');
  }
}
