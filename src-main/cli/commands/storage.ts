/** `hearth storage add | list | status | remove | check` over the storage module's `hearth.storage.*` methods. */
import { isAbsolute, resolve } from 'node:path';
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import type { MountStatus } from '../../../src-shared/storage/types.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { resolveNode } from '../../../src-shared/client/resolve-node.ts';
import type { ParamsOf } from '../../../src-shared/protocol/contract/index.ts';
import { listNodes, type ClientCommandFlags } from './nodes.ts';

export interface StorageAddFlags extends ClientCommandFlags {
  node?: string;
  name?: string;
  kind?: string;
  warn?: string;
  crit?: string;
  server?: string;
}


function percentFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1 || n > 100) throw new CliError(`${flag} must be a percentage between 1 and 100 (got "${v}")`);
  return n;
}

/** Human-readable bytes in binary units (TiB for the 12 TB box). */
export function formatBytes(n: number | null): string {
  if (n === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** The USED column: percent and the forecast when there is one. */
function usedText(s: MountStatus): string {
  if (s.usedPercent === null) return '-';
  const days = s.fullInDays != null ? ` (full in ~${Math.max(1, Math.round(s.fullInDays))} d)` : '';
  return `${s.usedPercent}%${days}`;
}

/** Table rows of `hearth storage status`. */
export function storageTable(mounts: readonly MountStatus[], now: number): string[] {
  return formatTable(
    ['NAME', 'MACHINE', 'PATH', 'STATE', 'USED', 'FREE', 'LATENCY', 'CHECKED'],
    mounts.map((s) => [
      s.name, s.node === 'gateway' ? `gateway (${s.nodeName})` : s.node, s.path, s.state, usedText(s), formatBytes(s.freeBytes),
      s.latencyMs === null ? '-' : `${Math.round(s.latencyMs)} ms`, s.checkedAtMs ? formatAge(s.checkedAtMs, now) : 'never',
    ]),
  );
}

function problems(mounts: readonly MountStatus[]): string[] {
  return mounts.filter((s) => s.state !== 'ok' && s.lastError).map((s) => `  ${s.name} on ${s.nodeName}: ${s.lastError}`);
}

export async function storageAddCommand(path: string, flags: StorageAddFlags): Promise<void> {
  const kind = (flags.kind ?? 'any') as 'smb' | 'nfs' | 'any';
  if (!['smb', 'nfs', 'any'].includes(kind)) throw new CliError(`--kind must be smb, nfs or any (got "${kind}")`);
  const warn = percentFlag(flags.warn, '--warn');
  const crit = percentFlag(flags.crit, '--crit');
  // A path on this machine may be relative to here; one on a node must be given in full.
  let full = path;
  if (!isAbsolute(path) && !/^[A-Za-z]:[\\/]|^\\\\/.test(path)) {
    if (flags.node !== undefined) throw new CliError(`the path "${path}" is not absolute; give the full path on the node (e.g. /mnt/nas)`);
    full = resolve(path);
  }
  const res = await withGateway(clientSettingsFrom(flags), ['operator.admin', 'operator.read'], async (conn: GatewayConnection) => {
    const params: ParamsOf<'hearth.storage.add'> = { path: full, kind };
    if (flags.node !== undefined) params.node = resolveNode(flags.node, (await listNodes(conn)).nodes).nodeId;
    if (flags.name !== undefined) params.name = flags.name;
    if (warn !== undefined) params.warn = warn;
    if (crit !== undefined) params.crit = crit;
    if (flags.server !== undefined) params.server = flags.server;
    return conn.call('hearth.storage.add', params);
  });
  if (flags.json) return printJson(res);
  const s = res.mount;
  await out(`Added ${s.name}: ${s.path} on ${s.nodeName} — ${s.state}${s.usedPercent !== null ? `, ${s.usedPercent}% used` : ''}${s.lastError && s.state !== 'ok' ? ` (${s.lastError})` : ''}`);
}

export async function storageListCommand(flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) =>
    conn.call('hearth.storage.list', {}),
  );
  if (flags.json) return printJson(res);
  if (res.mounts.length === 0) return out('No storage watched yet. Add one: `hearth storage add /mnt/nas --kind smb` (or --node <node> for a mount on a node).');
  await out(
    ...formatTable(['NAME', 'MACHINE', 'PATH', 'KIND', 'WARN', 'CRIT', 'SERVER'], res.mounts.map((m) => [m.name, m.nodeId ? m.nodeId.slice(0, 12) : 'gateway', m.path, m.kind, `${m.warn}%`, `${m.crit}%`, m.server ?? '-'])),
    '',
    `Probed every ${res.settings.intervalSec} s with a ${res.settings.deadlineMs / 1000} s deadline.`,
  );
}

export async function storageStatusCommand(flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.storage.status', {}));
  if (flags.json) return printJson(res);
  if (res.mounts.length === 0) return out('No storage watched yet. Add one: `hearth storage add /mnt/nas --kind smb`.');
  const p = problems(res.mounts);
  await out(...storageTable(res.mounts, Date.now()), ...(p.length ? ['', 'Problems:', ...p] : []));
}

export async function storageCheckCommand(name: string | undefined, flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) =>
    conn.call('hearth.storage.check', name === undefined ? {} : { name }),
  );
  if (flags.json) return printJson(res);
  if (res.mounts.length === 0) return out('No storage watched yet. Add one: `hearth storage add /mnt/nas --kind smb`.');
  const p = problems(res.mounts);
  await out(...storageTable(res.mounts, Date.now()), ...(p.length ? ['', 'Problems:', ...p] : []));
}

export async function storageRemoveCommand(name: string, flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (conn) => conn.call('hearth.storage.remove', { name }));
  if (flags.json) return printJson(res);
  await out(`Removed ${res.removed} (its history and alerts are gone too).`);
}
