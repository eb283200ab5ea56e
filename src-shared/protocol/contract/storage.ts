/** Storage monitoring (`hearth.storage.*`) and the `hearth.storage.changed` event. */
import { Type, type Static } from '@sinclair/typebox';
import { Empty, Nullable, Open, Opt, Params, method } from './kit.ts';

const Num = Type.Number();
const NStr = Nullable(Type.String());
const NNum = Nullable(Num);

export const ServerCheckSchema = Open({ host: Type.String(), port: Num, reachable: Type.Boolean(), ms: Num, error: Opt(Type.String()) });

/** The status of one mount as `hearth storage status --json` prints it (src-shared/storage/types.ts re-exports the type). */
export const MountStatusSchema = Open({
  name: Type.String(),
  /** The machine: `gateway` for the gateway's own, else the node's display name (or id). */
  node: Type.String(),
  nodeId: NStr,
  nodeName: Type.String(),
  path: Type.String(),
  kind: Type.Unsafe<'smb' | 'nfs' | 'any'>(Type.String()),
  state: Type.Unsafe<'ok' | 'warn' | 'crit' | 'not-mounted' | 'read-only' | 'hung' | 'server-unreachable' | 'missing' | 'unknown'>(Type.String()),
  fsType: NStr,
  source: NStr,
  mounted: Nullable(Type.Boolean()),
  writable: Nullable(Type.Boolean()),
  totalBytes: NNum,
  freeBytes: NNum,
  usedPercent: NNum,
  inodesUsedPercent: NNum,
  latencyMs: NNum,
  checkedAtMs: NNum,
  lastError: NStr,
  warn: Num,
  crit: Num,
  fillRateBytesPerDay: Opt(NNum),
  fullInDays: Opt(NNum),
  server: Opt(ServerCheckSchema),
});
export type MountStatusContract = Static<typeof MountStatusSchema>;

const Mounts = Open({ mounts: Type.Array(MountStatusSchema) });
const Kind = Type.Union([Type.Literal('smb'), Type.Literal('nfs'), Type.Literal('any')]);
const Percent = Type.Number({ minimum: 1, maximum: 100 });
const Name = Type.String({ minLength: 1, maxLength: 64 });

export const StorageAddParamsSchema = Params({
  path: Type.String({ minLength: 1, maxLength: 1024 }),
  node: Opt(Type.String({ minLength: 1, maxLength: 128 })),
  name: Opt(Name),
  kind: Opt(Kind),
  warn: Opt(Percent),
  crit: Opt(Percent),
  server: Opt(Type.String({ maxLength: 260 })),
});
export const StorageUpdateParamsSchema = Params({
  name: Name,
  rename: Opt(Name),
  path: Opt(Type.String({ minLength: 1, maxLength: 1024 })),
  kind: Opt(Kind),
  warn: Opt(Percent),
  crit: Opt(Percent),
  server: Opt(Type.String({ maxLength: 260 })),
});
export const StorageHistoryParamsSchema = Params({
  name: Name,
  /** How far back, ms (default one day, at most 90 days). */
  rangeMs: Opt(Type.Integer({ minimum: 60_000, maximum: 90 * 86_400_000 })),
  /** At most this many points (averaged buckets); default 240. */
  points: Opt(Type.Integer({ minimum: 10, maximum: 2000 })),
});
/** The storage module's settings as values: for `hearth.storage.settings` and the `storage.*` settings alike. */
export const StorageSettingValues = {
  intervalSec: Type.Integer({ minimum: 5, maximum: 86_400 }),
  deadlineMs: Type.Integer({ minimum: 500, maximum: 120_000 }),
};
export const StorageSettingsParamsSchema = Params({
  intervalSec: Opt(StorageSettingValues.intervalSec),
  deadlineMs: Opt(StorageSettingValues.deadlineMs),
});
export type StorageAddParams = Static<typeof StorageAddParamsSchema>;
export type StorageUpdateParams = Static<typeof StorageUpdateParamsSchema>;
export type StorageHistoryParams = Static<typeof StorageHistoryParamsSchema>;
export type StorageSettingsParams = Static<typeof StorageSettingsParamsSchema>;

export const StorageMountRowSchema = Open({
  id: Opt(Type.String()), name: Type.String(), node: Type.String(), nodeId: NStr, path: Type.String(), kind: Type.String(),
  warn: Num, crit: Num, server: NStr, createdAtMs: Opt(Num),
});
const StorageSettings = Open({ intervalSec: Num, deadlineMs: Num });

export const storageMethods = {
  'hearth.storage.list': method(Empty, Open({ mounts: Type.Array(StorageMountRowSchema), settings: StorageSettings })),
  'hearth.storage.status': method(Empty, Open({ ts: Num, mounts: Type.Array(MountStatusSchema), probesInFlight: Opt(Num) })),
  'hearth.storage.add': method(StorageAddParamsSchema, Open({ mount: MountStatusSchema })),
  'hearth.storage.update': method(StorageUpdateParamsSchema, Open({ mount: MountStatusSchema })),
  'hearth.storage.remove': method(Params({ name: Name }), Open({ removed: Type.String() })),
  'hearth.storage.check': method(Params({ name: Opt(Name) }), Mounts),
  'hearth.storage.history': method(
    StorageHistoryParamsSchema,
    Open({
      name: Type.String(), rangeMs: Num,
      points: Type.Array(Open({ atMs: Num, usedPercent: NNum, usedBytes: NNum, state: Type.String() })),
    }),
  ),
  'hearth.storage.settings': method(StorageSettingsParamsSchema, StorageSettings),
};

export const StorageChangedSchema = Open({ mounts: Type.Array(MountStatusSchema), removed: Opt(Type.Array(Type.String())) });
