/**
 * Commands run on nodes: the runs started in this page (with their output) and the audit
 * history from `hearth.invocations.list`, which an older gateway may not have.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SystemRunResult } from '../../src-shared/protocol/types.ts';
import { errorText, isUnknownMethod, type Invoker } from './invoker.ts';

/** One run, live or from the audit log. */
export interface RunRecord {
  id: string;
  nodeId: string;
  nodeName?: string | undefined;
  command: string[];
  cwd?: string | undefined;
  startedAtMs: number;
  status: 'running' | 'done' | 'failed';
  durationMs?: number | undefined;
  exitCode?: number | null | undefined;
  timedOut?: boolean | undefined;
  stdout?: string | undefined;
  stderr?: string | undefined;
  error?: string | null | undefined;
  requestedBy?: string | undefined;
}

export type HistoryStatus = 'idle' | 'loading' | 'ok' | 'unavailable' | 'error';

export interface RunsSlice {
  /** Runs started from this page, newest first, per node. */
  live: Record<string, RunRecord[]>;
  history: Record<string, RunRecord[]>;
  historyStatus: Record<string, HistoryStatus>;
  historyError: Record<string, string>;
}

export type RunsStore = StoreApi<RunsSlice>;

export interface RunInput {
  argv: string[];
  cwd?: string | undefined;
  timeoutMs?: number | undefined;
}

export function createRunsStore(): RunsStore {
  return createStore<RunsSlice>(() => ({ live: {}, history: {}, historyStatus: {}, historyError: {} }));
}

function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function patchLive(store: RunsStore, nodeId: string, id: string, patch: Partial<RunRecord>): void {
  store.setState((s) => ({ live: { ...s.live, [nodeId]: (s.live[nodeId] ?? []).map((r) => (r.id === id ? { ...r, ...patch } : r)) } }));
}

/** Runs `system.run` on a node through `node.invoke` and records the outcome. */
export async function runCommand(store: RunsStore, client: Invoker, nodeId: string, input: RunInput, now: () => number = Date.now): Promise<RunRecord> {
  const id = randomId();
  const startedAtMs = now();
  const record: RunRecord = { id, nodeId, command: input.argv, cwd: input.cwd, startedAtMs, status: 'running' };
  store.setState((s) => ({ live: { ...s.live, [nodeId]: [record, ...(s.live[nodeId] ?? [])].slice(0, 20) } }));
  const params: Record<string, unknown> = { command: input.argv };
  if (input.cwd) params['cwd'] = input.cwd;
  if (input.timeoutMs) params['timeoutMs'] = input.timeoutMs;
  // The invoke budget must outlast the command's own timeout so the node can report it.
  const budget = (input.timeoutMs ?? 30_000) + 5_000;
  try {
    const res = await client.invoke<{ payload?: SystemRunResult; payloadJSON?: string }>(
      'node.invoke',
      { nodeId, command: 'system.run', params, timeoutMs: budget, idempotencyKey: id },
      { timeoutMs: budget + 5_000 },
    );
    const out: SystemRunResult | undefined = res.payload ?? (res.payloadJSON ? (JSON.parse(res.payloadJSON) as SystemRunResult) : undefined);
    const patch: Partial<RunRecord> = {
      status: 'done',
      durationMs: out?.durationMs ?? now() - startedAtMs,
      exitCode: out?.exitCode ?? null,
      timedOut: out?.timedOut ?? false,
      stdout: out?.stdout ?? '',
      stderr: out?.stderr ?? '',
      error: out?.error ?? null,
    };
    patchLive(store, nodeId, id, patch);
    return { ...record, ...patch };
  } catch (err) {
    const patch: Partial<RunRecord> = { status: 'failed', durationMs: now() - startedAtMs, error: errorText(err) };
    patchLive(store, nodeId, id, patch);
    return { ...record, ...patch };
  }
}

interface InvocationItem {
  id: string;
  nodeId: string;
  nodeName?: string;
  /** The argv (the brief's shape), or the node command name when `argv` carries the argv (the gateway's). */
  command: string[] | string;
  argv?: string[];
  finishedAtMs?: number | null;
  cwd?: string | null;
  exitCode?: number | null;
  timedOut?: boolean;
  durationMs?: number | null;
  startedAtMs: number;
  requestedBy?: string | null;
  error?: string | null;
}

/** Loads the audit history for a node (or all nodes under the key `*`). */
export async function loadHistory(store: RunsStore, client: Invoker, nodeId?: string, limit = 50): Promise<void> {
  const key = nodeId ?? '*';
  store.setState((s) => ({ historyStatus: { ...s.historyStatus, [key]: 'loading' } }));
  try {
    const params: Record<string, unknown> = { limit };
    if (nodeId) params['nodeId'] = nodeId;
    const res = await client.invoke<{ items?: InvocationItem[] }>('hearth.invocations.list', params);
    const items: RunRecord[] = (res.items ?? []).map((i) => ({
      id: i.id,
      nodeId: i.nodeId,
      nodeName: i.nodeName,
      command: Array.isArray(i.argv) ? i.argv : Array.isArray(i.command) ? i.command : i.command ? [i.command] : [],
      cwd: i.cwd ?? undefined,
      startedAtMs: i.startedAtMs,
      status: i.finishedAtMs === undefined && i.durationMs == null && i.exitCode == null && !i.error ? 'running' : i.error && i.exitCode == null ? 'failed' : 'done',
      durationMs: i.durationMs ?? undefined,
      exitCode: i.exitCode ?? null,
      timedOut: i.timedOut ?? false,
      error: i.error ?? null,
      requestedBy: i.requestedBy ?? undefined,
    }));
    store.setState((s) => ({ history: { ...s.history, [key]: items }, historyStatus: { ...s.historyStatus, [key]: 'ok' } }));
  } catch (err) {
    const status: HistoryStatus = isUnknownMethod(err) ? 'unavailable' : 'error';
    store.setState((s) => ({ historyStatus: { ...s.historyStatus, [key]: status }, historyError: { ...s.historyError, [key]: errorText(err) } }));
  }
}
