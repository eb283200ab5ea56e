/**
 * Operator methods of the storage module (`hearth.storage.*`): configure mounts, read their
 * status and history, and probe on demand. Params are validated against the contract
 * (src-shared/protocol/contract/storage.ts) before a handler runs; handlers validate meaning (absolute paths, thresholds, known nodes) with errors that
 * name the fix. Adding a mount never touches its path here: the first probe does, in a child.
 */
import { randomUUID } from 'node:crypto';
import { posix, win32 } from 'node:path';
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';
import { defineMethods } from '../modules/define-method.ts';
import { forecast } from './forecast.ts';
import type { StorageMonitor } from './monitor.ts';
import { clearAlerts } from './storage-alerts.ts';
import type { MountRow } from './storage-store.ts';
import { parseServer } from './server-check.ts';
import type { MountStatus, StorageKind } from '../../../src-shared/storage/types.ts';
import { resolveNode as resolveNodeShared } from '../../../src-shared/client/resolve-node.ts';
import { HearthError } from '../../../src-shared/hearth-error.ts';

export const DEFAULT_WARN = 80;
export const DEFAULT_CRIT = 90;

function cleanName(name: string): string {
  const n = name.trim();
  // eslint-disable-next-line no-control-regex
  if (!n || /[\u0000-\u001f\u007f]/.test(n)) throw invalidRequest('invalid storage name: use 1-64 visible characters, e.g. --name nas');
  return n;
}

function checkPath(path: string): string {
  if (path.includes('\0')) throw invalidRequest('invalid path: it contains a NUL byte');
  if (posix.isAbsolute(path)) return posix.normalize(path).replace(/(.)\/+$/, '$1');
  if (/^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')) return win32.normalize(path);
  throw invalidRequest(`the path "${path}" is not absolute; give the full path on that machine (e.g. /mnt/nas, Z:\\ or \\\\nas\\share)`);
}

function checkThresholds(warn: number, crit: number): void {
  if (warn >= crit) throw invalidRequest(`the warning threshold (${warn} %) must be below the critical one (${crit} %), e.g. --warn 80 --crit 90`);
}

function checkServer(server: string | undefined): string | null {
  if (server === undefined || server.trim() === '') return null;
  if (!parseServer(server, 445)) throw invalidRequest(`invalid server "${server}": use host or host:port (e.g. nas.local:445)`);
  return server.trim();
}

function findMount(mon: StorageMonitor, name: string): MountRow {
  const all = mon.store.list();
  const m = all.find((x) => x.name === name) ?? all.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!m) {
    throw invalidRequest(`no storage named "${name}"; ${all.length ? `known: ${all.map((x) => x.name).join(', ')}` : 'add one with `hearth storage add PATH`'}`);
  }
  return m;
}

/** Resolves `node` (`gateway`, or a node as every client names it: id, prefix, name, IP) to a node id, or null for the gateway. */
function resolveNode(ctx: MethodContext, node: string | undefined): string | null {
  if (node === undefined || node === 'gateway' || node === 'local') return null;
  try {
    return resolveNodeShared(node, ctx.gw.nodes.list(), { pair: 'omit --node for the gateway\'s own machine' }).nodeId;
  } catch (err) {
    if (err instanceof HearthError) throw invalidRequest(`${err.message}${/known nodes/.test(err.message) ? ' (omit --node for the gateway\'s own machine)' : ''}`);
    throw err;
  }
}

function uniqueName(mon: StorageMonitor, base: string): string {
  const taken = new Set(mon.store.list().map((m) => m.name.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`.toLowerCase())) return `${base}-${i}`;
}

function defaultName(path: string, nodeName: string | undefined): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  const base = (parts.at(-1) ?? 'root').replace(/:$/, '').slice(0, 40) || 'storage';
  return nodeName ? `${base}@${nodeName}`.slice(0, 64) : base;
}

/** The mount's status after a change; it can be gone when another operator removed it during the first probe. */
function statusOf(mon: StorageMonitor, id: string): MountStatus {
  const m = mon.store.list().find((x) => x.id === id);
  const status = m ? mon.statuses().find((s) => s.name === m.name) : undefined;
  if (!status) throw invalidRequest('the storage was removed while it was being checked; see `hearth storage list`');
  return status;
}

/** Averages `points` into at most `max` buckets of equal time. */
function downsample<T extends { atMs: number; usedPercent: number | null; usedBytes: number | null; state: string }>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const first = points[0]!.atMs;
  const span = points[points.length - 1]!.atMs - first + 1;
  const buckets: T[][] = Array.from({ length: max }, () => []);
  for (const p of points) buckets[Math.min(max - 1, Math.floor(((p.atMs - first) / span) * max))]!.push(p);
  const out: T[] = [];
  for (const b of buckets) {
    if (!b.length) continue;
    const known = b.filter((p) => p.usedPercent !== null);
    const avg = (f: (p: T) => number) => (known.length ? known.reduce((s, p) => s + f(p), 0) / known.length : null);
    const worst = b.find((p) => p.state !== 'ok')?.state ?? 'ok';
    const pct = avg((p) => p.usedPercent!);
    const bytes = avg((p) => p.usedBytes ?? 0);
    out.push({ ...b[b.length - 1]!, atMs: Math.round(b.reduce((s, p) => s + p.atMs, 0) / b.length), usedPercent: pct === null ? null : Math.round(pct * 10) / 10, usedBytes: bytes === null ? null : Math.round(bytes), state: worst });
  }
  return out;
}

export function storageMethods(monitor: () => StorageMonitor): Record<string, MethodSpec> {
  return defineMethods({
    'hearth.storage.list': {
      role: 'operator', scope: 'operator.read',
      handler: () => ({
        mounts: monitor().store.list().map((m) => ({ id: m.id, name: m.name, node: m.nodeId ?? 'gateway', nodeId: m.nodeId, path: m.path, kind: m.kind, warn: m.warn, crit: m.crit, server: m.server, createdAtMs: m.createdAtMs })),
        settings: { intervalSec: monitor().intervalMs() / 1000, deadlineMs: monitor().deadlineMs() },
      }),
    },
    'hearth.storage.status': {
      role: 'operator', scope: 'operator.read',
      handler: (_p, ctx) => ({ ts: ctx.gw.clock(), mounts: monitor().statuses(), probesInFlight: monitor().runner.inFlight().length }),
    },
    'hearth.storage.add': {
      role: 'operator', scope: 'operator.admin',
      handler: async (p, ctx) => {
        const mon = monitor();
        const path = checkPath(p.path);
        const nodeId = resolveNode(ctx, p.node);
        const warn = p.warn ?? DEFAULT_WARN;
        const crit = p.crit ?? Math.max(DEFAULT_CRIT, Math.min(100, warn + 10));
        checkThresholds(warn, crit);
        const server = checkServer(p.server);
        const same = mon.store.list().find((m) => m.nodeId === nodeId && m.path === path);
        if (same) throw invalidRequest(`${path} on ${nodeId ? 'that node' : 'the gateway'} is already watched as "${same.name}"; change it with the UI or remove it first (\`hearth storage remove ${same.name}\`)`);
        let name: string;
        if (p.name !== undefined) {
          name = cleanName(p.name);
          if (mon.store.list().some((m) => m.name.toLowerCase() === name.toLowerCase())) throw invalidRequest(`a storage named "${name}" exists already; pick another --name`);
        } else {
          name = uniqueName(mon, defaultName(path, nodeId ? ctx.gw.nodes.entry(nodeId)?.displayName : undefined));
        }
        const id = randomUUID();
        mon.store.add({ id, name, nodeId, path, kind: (p.kind ?? 'any') as StorageKind, warn, crit, server, createdAtMs: ctx.gw.clock() });
        // The first probe, bounded by its deadline, so the answer says what the mount looks like.
        await mon.checkMachine(nodeId);
        return { mount: statusOf(mon, id) };
      },
    },
    'hearth.storage.update': {
      role: 'operator', scope: 'operator.admin',
      handler: async (p) => {
        const mon = monitor();
        const m = findMount(mon, p.name);
        const next = { id: m.id, name: m.name, path: m.path, kind: m.kind, warn: m.warn, crit: m.crit, server: m.server };
        if (p.rename !== undefined) {
          next.name = cleanName(p.rename);
          if (mon.store.list().some((x) => x.id !== m.id && x.name.toLowerCase() === next.name.toLowerCase())) throw invalidRequest(`a storage named "${next.name}" exists already; pick another name`);
        }
        if (p.path !== undefined) next.path = checkPath(p.path);
        if (p.kind !== undefined) next.kind = p.kind;
        if (p.warn !== undefined) next.warn = p.warn;
        if (p.crit !== undefined) next.crit = p.crit;
        if (p.server !== undefined) next.server = checkServer(p.server);
        checkThresholds(next.warn, next.crit);
        if (next.path !== m.path && mon.store.list().some((x) => x.id !== m.id && x.nodeId === m.nodeId && x.path === next.path)) {
          throw invalidRequest(`${next.path} is already watched on that machine`);
        }
        mon.store.update(next);
        await mon.checkMachine(m.nodeId);
        return { mount: statusOf(mon, m.id) };
      },
    },
    'hearth.storage.remove': {
      role: 'operator', scope: 'operator.admin',
      handler: (p, ctx) => {
        const mon = monitor();
        const m = findMount(mon, p.name);
        mon.store.remove(m.id);
        clearAlerts(ctx.gw.alerts, m.id);
        ctx.gw.events.broadcast('hearth.storage.changed', { removed: [m.name], mounts: [] });
        return { removed: m.name };
      },
    },
    'hearth.storage.check': {
      role: 'operator', scope: 'operator.read',
      handler: async (p) => {
        const mon = monitor();
        if (p.name !== undefined) {
          const m = findMount(mon, p.name);
          await mon.checkMachine(m.nodeId);
          return { mounts: mon.statuses().filter((s) => s.name === m.name) };
        }
        await mon.checkAll();
        return { mounts: mon.statuses() };
      },
    },
    'hearth.storage.history': {
      role: 'operator', scope: 'operator.read',
      handler: (p, ctx) => {
        const mon = monitor();
        const m = findMount(mon, p.name);
        const now = ctx.gw.clock();
        const rangeMs = p.rangeMs ?? 86_400_000;
        const points = mon.store.history(m.id, now - rangeMs, now);
        const f = forecast(mon.store.history(m.id, now - 7 * 86_400_000, now), m.lastStatus?.freeBytes ?? null);
        return { name: m.name, rangeMs, points: downsample(points, p.points ?? 240), ...f };
      },
    },
    'hearth.storage.settings': {
      role: 'operator', scope: 'operator.admin',
      handler: (p) => {
        const mon = monitor();
        mon.updateSettings(p);
        return { intervalSec: mon.intervalMs() / 1000, deadlineMs: mon.deadlineMs() };
      },
    },
  });
}
