/**
 * The alerts feature module: `hearth.alerts.list` / `hearth.alerts.ack`, the `hearth.alert`
 * event, and the built-in sources (node offline, pairing waiting, state disk). The bus itself is
 * created by the gateway before any module starts (every module raises through `ctx.alerts`).
 *
 * Settings (prefix `alerts.`): nodeOfflineAfterMs (60000), diskPercent (90), checkIntervalMs
 * (5000; how often sources reconcile besides reacting to events), diskCheckIntervalMs (60000).
 */
import { Type } from '@sinclair/typebox';
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule, ModuleContext, ModuleHealth } from '../modules/types.ts';
import { ALERT_MIGRATIONS } from './schema.ts';
import { NODE_OFFLINE_PREFIX, reconcileNodeOffline } from './sources/node-offline.ts';
import { PAIRING_PREFIX, reconcilePairing } from './sources/pairing-waiting.ts';
import { DISK_KEY, applyDiskUsage, diskUsage } from './sources/state-disk.ts';
import type { AlertHistoryBus } from './sqlite-bus.ts';

export const ALERT_EVENT = 'hearth.alert';

/** Events that may change what the sources see; a reconcile follows right after. */
const TRIGGERS = new Set(['presence', 'node.pair.requested', 'node.pair.resolved', 'device.pair.requested', 'device.pair.resolved']);

export function createAlertsModule(bus: () => AlertHistoryBus): FeatureModule {
  let stopFns: Array<() => void> = [];
  let lastError: string | undefined;
  let scheduled = false;

  return {
    name: 'alerts',
    migrations: ALERT_MIGRATIONS,
    events: { [ALERT_EVENT]: { operators: 'operator.read', nodes: false } },
    settings: [
      { key: 'nodeOfflineAfterMs', schema: Type.Integer({ minimum: 1000, maximum: 604_800_000 }), default: 60_000, description: 'how long a paired node may be offline before its alert opens, in ms' },
      { key: 'diskPercent', schema: Type.Integer({ minimum: 1, maximum: 100 }), default: 90, description: "how full the gateway's state disk may get before its alert opens, in percent (clears 2 points below)" },
      { key: 'checkIntervalMs', schema: Type.Integer({ minimum: 100, maximum: 600_000 }), default: 5000, description: 'how often the alert sources re-check besides reacting to events, in ms', restart: true },
      { key: 'diskCheckIntervalMs', schema: Type.Integer({ minimum: 1000, maximum: 86_400_000 }), default: 60_000, description: "how often the state disk's usage is measured, in ms", restart: true },
    ],
    alertSources: [
      { prefix: NODE_OFFLINE_PREFIX, severity: 'warning', description: 'a paired node has been offline longer than alerts.nodeOfflineAfterMs; clears when it reconnects' },
      { prefix: `${PAIRING_PREFIX}device:`, severity: 'warning', description: 'a device pairing request is waiting for approval; clears when it is approved, rejected or expires' },
      { prefix: `${PAIRING_PREFIX}node:`, severity: 'warning', description: "a node's new commands are waiting for approval; clears when it is decided" },
      { prefix: DISK_KEY, severity: 'critical', description: "the gateway's state disk is at least alerts.diskPercent full (critical from 97 %)" },
    ],
    methods: defineMethods({
      'hearth.alerts.list': {
        role: 'operator', scope: 'operator.read',
        handler: (p, ctx) => {
          const b = bus();
          const open = b.open();
          const opts: Parameters<AlertHistoryBus['list']>[0] = { state: p.state ?? 'open' };
          if (p.limit !== undefined) opts.limit = p.limit;
          return { ts: ctx.gw.clock(), open: open.length, unacknowledged: open.filter((a) => a.acknowledgedAtMs === undefined).length, alerts: b.list(opts) };
        },
      },
      'hearth.alerts.sources': {
        role: 'operator', scope: 'operator.read',
        handler: (_p, ctx) => ({ sources: ctx.gw.modules.alertSources.list() }),
      },
      'hearth.alerts.ack': {
        role: 'operator', scope: 'operator.write',
        handler: (p) => {
          const given = [p.key !== undefined, p.id !== undefined, p.all === true].filter(Boolean).length;
          if (given !== 1) throw invalidRequest('invalid hearth.alerts.ack params: pass exactly one of key, id or all: true');
          const target: Parameters<AlertHistoryBus['ack']>[0] = {};
          if (p.key !== undefined) target.key = p.key;
          if (p.id !== undefined) target.id = p.id;
          if (p.all) target.all = true;
          return { acknowledged: bus().ack(target) };
        },
      },
    }),

    start(ctx: ModuleContext) {
      const b = bus();
      const { gw } = ctx;
      stopFns.push(b.subscribe((alert, change) => gw.events.broadcast(ALERT_EVENT, { change, alert })));
      const reconcile = () => {
        scheduled = false;
        try {
          const now = gw.clock();
          reconcileNodeOffline({ bus: b, nodes: () => gw.nodes.list(), now, startedAtMs: gw.startedAtMs, thresholdMs: ctx.settings.get('nodeOfflineAfterMs', 60_000) });
          reconcilePairing({ bus: b, devices: () => gw.store.requests.device.list(now), nodes: () => gw.store.requests.node.list() });
          lastError = undefined;
        } catch (err) {
          lastError = (err as Error).message;
          ctx.log.warn('alert sources failed to reconcile', { error: lastError });
        }
      };
      const soon = () => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(reconcile);
      };
      stopFns.push(gw.events.tap((event) => { if (TRIGGERS.has(event)) soon(); }));
      const every = setInterval(reconcile, ctx.settings.get('checkIntervalMs', 5000));
      every.unref();
      stopFns.push(() => clearInterval(every));

      const checkDisk = () => {
        diskUsage(ctx.stateDir).then(
          (u) => applyDiskUsage(b, ctx.stateDir, u, ctx.settings.get('diskPercent', 90)),
          (err: Error) => ctx.log.warn('cannot read the state disk usage', { path: ctx.stateDir, error: err.message }),
        );
      };
      const disk = setInterval(checkDisk, ctx.settings.get('diskCheckIntervalMs', 60_000));
      disk.unref();
      stopFns.push(() => clearInterval(disk));
      soon();
      // statfs loads node:fs/promises (and readline with it): once the gateway serves. Until then
      // the state-disk alert is what the last run persisted.
      ctx.whenServing(checkDisk);
    },

    stop() {
      for (const f of stopFns) f();
      stopFns = [];
    },

    health(): ModuleHealth {
      const open = bus().open();
      const critical = open.filter((a) => a.severity === 'critical').length;
      const h: ModuleHealth = {
        state: lastError ? 'degraded' : 'ok',
        summary: open.length === 0 ? 'no open alerts' : `${open.length} open alert${open.length === 1 ? '' : 's'}${critical ? ` (${critical} critical)` : ''}`,
        open: open.length,
      };
      if (lastError) h.warnings = [`alert sources failed: ${lastError}`];
      return h;
    },
  };
}
