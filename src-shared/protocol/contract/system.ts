/** Gateway-wide reads: health, status, presence, identity, config (SPEC §10.2–§10.5). */
import { Type, type Static } from '@sinclair/typebox';
import { PresenceEntrySchema } from './domain.ts';
import { AnyObject, Empty, Nullable, Open, Opt, Params, method } from './kit.ts';

const Num = Type.Number();

/** A feature module's health under `hearth.modules` (ModuleHealth on the server). */
export const ModuleHealthSchema = Open({
  state: Type.Unsafe<'ok' | 'degraded' | 'down' | 'disabled' | 'starting'>(Type.String()),
  summary: Type.String(),
  warnings: Opt(Type.Array(Type.String())),
});

/** The Hearth block of `health` (absent on an OpenClaw gateway). */
export const HearthHealthSchema = Open({
  version: Opt(Type.String()),
  uptimeMs: Opt(Num),
  url: Opt(Type.String()),
  nodes: Opt(Open({ paired: Num, connected: Num, total: Opt(Num) })),
  pending: Opt(Open({ devices: Num, nodes: Num })),
  modules: Opt(Type.Record(Type.String(), ModuleHealthSchema)),
  alerts: Opt(Num),
  stateDisk: Opt(Open({ state: Opt(Type.String()), path: Opt(Type.String()), message: Opt(Type.String()) })),
});
export type HearthHealth = Static<typeof HearthHealthSchema>;

export const EventLoopSchema = Open({ degraded: Opt(Type.Boolean()), delayP99Ms: Opt(Num) });

/**
 * hearth.json as a Hearth gateway sees it (`health.configReload`, `status.gateway.config`):
 * `hotReloadStatus` is OpenClaw's field; `warnings` has one sentence per refused edit or change
 * waiting for a restart.
 */
export const ConfigReloadViewSchema = Open({
  hotReloadStatus: Opt(Type.String()),
  path: Opt(Type.String()),
  loadedAtMs: Opt(Num),
  reloads: Opt(Num),
  error: Opt(Type.String()),
  restartRequired: Opt(Type.Array(Type.String())),
  warnings: Opt(Type.Array(Type.String())),
});
export type ConfigReloadView = Static<typeof ConfigReloadViewSchema>;

export const HealthResultSchema = Open({
  ok: Type.Boolean(),
  ts: Num,
  durationMs: Opt(Num),
  eventLoop: Opt(EventLoopSchema),
  configReload: Opt(ConfigReloadViewSchema),
  hearth: Opt(HearthHealthSchema),
});
export type HealthResult = Static<typeof HealthResultSchema>;

/** `status`: OpenClaw's keys (SPEC §10.3) plus Hearth's `gateway`, `nodes`, `pairing`, all optional. */
export const StatusResultSchema = Open({
  runtimeVersion: Opt(Type.String()),
  eventLoop: Opt(EventLoopSchema),
  gateway: Opt(Open({
    url: Opt(Type.String()), bind: Opt(Type.String()), host: Opt(Type.String()), port: Opt(Num), loopbackOnly: Opt(Type.Boolean()),
    authMode: Opt(Type.String()), autoApproveLocal: Opt(Type.Boolean()), uptimeMs: Opt(Num), bootId: Opt(Type.String()),
    config: Opt(ConfigReloadViewSchema),
  })),
  nodes: Opt(Open({ total: Num, connected: Num, pendingApproval: Opt(Num) })),
  pairing: Opt(Open({ pendingDevices: Num, pendingNodes: Num })),
});
export type StatusResult = Static<typeof StatusResultSchema>;

export const systemMethods = {
  health: method(Params({ probe: Opt(Type.Boolean()) }), HealthResultSchema),
  status: method(
    Params({ deep: Opt(Type.Boolean()), includeChannelSummary: Opt(Type.Boolean()), includeCliProjection: Opt(Type.Boolean()) }),
    StatusResultSchema,
  ),
  'channels.status': method(Params({ probe: Opt(Type.Boolean()), timeoutMs: Opt(Type.Integer({ minimum: 0 })) }), Open({ ts: Opt(Num) })),
  'system-presence': method(Empty, Type.Array(PresenceEntrySchema)),
  'last-heartbeat': method(Empty, Nullable(AnyObject)),
  'config.get': method(AnyObject, Open({ config: Opt(AnyObject), redacted: Opt(Type.Boolean()) })),
  'gateway.identity.get': method(Empty, Open({ deviceId: Type.String(), publicKey: Type.String() })),
};
