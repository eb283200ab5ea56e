/**
 * One probe round on this machine — the same code whether the gateway probes its own mounts or a
 * node answers `hearth.storage.probe`: mount facts from the mount table, filesystem facts from
 * the detached child, and a TCP check of the server when the mount is gone, hung or broken.
 */
import { hostname } from 'node:os';
import { NodeErrorCode } from '../../../src-shared/protocol/errors.ts';
import { AgentCommandError, type AgentCommand } from '../modules/agent-commands.ts';
import { readMountTable } from './mount-facts.ts';
import { lookupMount } from './mount-lookup.ts';
import type { MountEntry } from './mount-table.ts';
import { DEFAULT_DEADLINE_MS, ProbeRunner } from './probe-runner.ts';
import { checkServer, serverFor } from './server-check.ts';
import type { ProbeRequest, ProbeResponse, ProbeResult, ProbeTarget, StorageKind } from '../../../src-shared/storage/types.ts';

export const PROBE_COMMAND = 'hearth.storage.probe';
const MAX_MOUNTS = 64;
const KINDS: readonly StorageKind[] = ['smb', 'nfs', 'any'];

/** Errors that mean the mount itself is broken (not the path inside it). */
const BROKEN_MOUNT_CODES = new Set(['ENOTCONN', 'ESTALE', 'EIO', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNABORTED']);

/** Validates the untrusted params of a probe request (they come over the network). */
export function parseProbeRequest(params: unknown): ProbeRequest {
  const p = (params ?? {}) as { mounts?: unknown; deadlineMs?: unknown };
  if (!Array.isArray(p.mounts) || p.mounts.length > MAX_MOUNTS) throw new AgentCommandError(NodeErrorCode.INVALID_REQUEST, `mounts must be an array of at most ${MAX_MOUNTS}`);
  const mounts: ProbeTarget[] = p.mounts.map((m: unknown, i) => {
    const t = (m ?? {}) as Record<string, unknown>;
    if (typeof t['id'] !== 'string' || typeof t['path'] !== 'string' || !t['path'] || t['path'].length > 4096) {
      throw new AgentCommandError(NodeErrorCode.INVALID_REQUEST, `mounts[${i}] needs an id and a path`);
    }
    const kind = (typeof t['kind'] === 'string' && KINDS.includes(t['kind'] as StorageKind) ? t['kind'] : 'any') as StorageKind;
    const target: ProbeTarget = { id: t['id'], path: t['path'], kind };
    if (typeof t['server'] === 'string' && t['server']) target.server = t['server'];
    if (typeof t['sourceHint'] === 'string' && t['sourceHint']) target.sourceHint = t['sourceHint'];
    if (typeof t['fsTypeHint'] === 'string' && t['fsTypeHint']) target.fsTypeHint = t['fsTypeHint'];
    return target;
  });
  const req: ProbeRequest = { mounts };
  if (typeof p.deadlineMs === 'number' && p.deadlineMs >= 100 && p.deadlineMs <= 120_000) req.deadlineMs = p.deadlineMs;
  return req;
}

export interface ProbeDeps {
  runner: ProbeRunner;
  clock?: () => number;
  /** Reads the mount table; replaceable for tests. */
  mountTable?: () => Promise<MountEntry[]>;
  serverTimeoutMs?: number;
}

/** Probes every mount of `req` on this machine; resolves within the deadline plus the server check. */
export async function probeMounts(req: ProbeRequest, deps: ProbeDeps): Promise<ProbeResponse> {
  const clock = deps.clock ?? Date.now;
  let table: MountEntry[];
  let tableError: string | undefined;
  try {
    table = await (deps.mountTable ?? (() => readMountTable()))();
  } catch (e) {
    table = [];
    tableError = `cannot read the mount table: ${(e as Error).message}`;
  }
  const deadline = req.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const fsResults = await deps.runner.run(req.mounts.map((m) => m.path), deadline);
  const results = await Promise.all(req.mounts.map(async (m): Promise<ProbeResult> => {
    const facts = tableError ? { mounted: false, reason: tableError } : lookupMount(m.path, m.kind, table);
    const fsr = fsResults.get(m.path) ?? { latency: {} };
    const r: ProbeResult = { id: m.id, path: m.path, facts, latency: fsr.latency, checkedAtMs: clock() };
    for (const k of ['exists', 'space', 'writable', 'writeError', 'error', 'hung'] as const) {
      if (fsr[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = fsr[k];
    }
    const broken = fsr.error !== undefined && BROKEN_MOUNT_CODES.has(fsr.error.code);
    if (!facts.mounted || fsr.hung || broken || fsr.exists === false) {
      const srv = facts.mounted ? serverFor(m.kind, facts.fsType, facts.source, m.server) : serverFor(m.kind, m.fsTypeHint, m.sourceHint, m.server);
      if (srv) r.server = await checkServer(srv.host, srv.port, deps.serverTimeoutMs ?? 2000);
    }
    return r;
  }));
  return { host: hostname(), platform: process.platform, results };
}

/** The node-side command; each agent gets its own runner (its own record of stuck probes). */
export function storageProbeCommand(): AgentCommand {
  const runner = new ProbeRunner();
  return {
    name: PROBE_COMMAND,
    handler: (params) => probeMounts(parseProbeRequest(params), { runner }),
  };
}
