/**
 * Commands run on nodes: the runs started in this page (with their output, live while they run:
 * `node.invoke` with `stream: true`, chunks as `hearth.invoke.progress`; cancel through
 * `hearth.invoke.cancel`) and the audit history from `hearth.invocations.list`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isCancelled, isCutOff } from '../../src-shared/client/invoke-result.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import { OperatorClient, type OperatorTransport } from '../../src-shared/client/operator.ts';
import { CANCEL_METHOD, PROGRESS_EVENT, type OutputStream } from '../../src-shared/client/run-stream.ts';
import { errorText, isUnknownMethod, type Invoker } from './invoker.ts';

export { PROGRESS_EVENT };

/** One run, live or from the audit log. */
export interface RunRecord {
  id: string;
  nodeId: string;
  nodeName?: string | undefined;
  command: string[];
  cwd?: string | undefined;
  startedAtMs: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** Cancel was asked for; the node's confirmation is awaited. */
  cancelling?: boolean | undefined;
  /** The node dropped while the run streamed. */
  cutOff?: boolean | undefined;
  /** This client's connection to the gateway went away mid-run (the gateway then stops the run). */
  connectionLost?: boolean | undefined;
  /** Output chunks of a streamed run that never came from the gateway (what is shown lacks them). */
  outputGap?: number | undefined;
  /** Bytes the node did not keep past its output cap (streamed runs). */
  dropped?: { stdout: number; stderr: number; limitBytes: number } | undefined;
  durationMs?: number | undefined;
  exitCode?: number | null | undefined;
  timedOut?: boolean | undefined;
  stdout?: string | undefined;
  stderr?: string | undefined;
  error?: string | null | undefined;
  requestedBy?: string | undefined;
}

export type HistoryStatus = 'idle' | 'loading' | 'ok' | 'unavailable' | 'error';

/**
 * Where a node's history view is: the cursors that led to the shown page (empty = the newest
 * page; the last one is this page's `before`) and the next page's cursor when older runs exist.
 */
export interface HistoryPage {
  cursors: string[];
  nextBefore: string | undefined;
}

/** Runs per history page: a phone screen or two. */
export const HISTORY_PAGE_SIZE = 20;

export interface RunsSlice {
  /** Runs started from this page, newest first, per node. */
  live: Record<string, RunRecord[]>;
  /** The shown history page per node (never more than HISTORY_PAGE_SIZE records). */
  history: Record<string, RunRecord[]>;
  historyPage: Record<string, HistoryPage>;
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
  return createStore<RunsSlice>(() => ({ live: {}, history: {}, historyPage: {}, historyStatus: {}, historyError: {} }));
}

function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function patchLive(store: RunsStore, nodeId: string, id: string, patch: Partial<RunRecord>): void {
  store.setState((s) => ({ live: { ...s.live, [nodeId]: (s.live[nodeId] ?? []).map((r) => (r.id === id ? { ...r, ...patch } : r)) } }));
}

/** Output shown per stream while a run is live (the node caps what it sends anyway). */
const LIVE_OUTPUT_CHARS = 2 * 1024 * 1024;
/** Chunks arriving close together become one store update (one render). */
const FLUSH_MS = 40;

/** Appends streamed chunks of run `id` to its record, batched per animation-ish tick; `stop` flushes the rest. */
function liveOutput(store: RunsStore, nodeId: string, id: string): { sink: (stream: OutputStream, chunk: string) => void; stop: () => void } {
  const pending = { stdout: '', stderr: '' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const add = { ...pending };
    pending.stdout = '';
    pending.stderr = '';
    store.setState((s) => ({
      live: {
        ...s.live,
        [nodeId]: (s.live[nodeId] ?? []).map((r) => r.id !== id || r.status !== 'running' ? r : {
          ...r,
          stdout: ((r.stdout ?? '') + add.stdout).slice(-LIVE_OUTPUT_CHARS),
          stderr: ((r.stderr ?? '') + add.stderr).slice(-LIVE_OUTPUT_CHARS),
        }),
      },
    }));
  };
  const sink = (stream: OutputStream, chunk: string) => {
    pending[stream] += chunk;
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  const stop = () => {
    if (timer) {
      clearTimeout(timer);
      flush();
    }
  };
  return { sink, stop };
}

/** The shared operator client over the UI's connection; runs stream when the client delivers events. */
function operatorOver(client: Invoker): OperatorClient {
  // The UI client's events come from a GatewayConnection, which checked them against the contract.
  const on = client.on?.bind(client) as OperatorTransport['on'];
  return new OperatorClient({ call: (method, params, opts) => client.invoke(method, params, opts), ...(on ? { on } : {}) }, { streams: on !== undefined });
}

/** Asks the gateway to stop a live run; the run's own answer then reports it as cancelled. */
export async function cancelRun(store: RunsStore, client: Invoker, nodeId: string, id: string): Promise<void> {
  patchLive(store, nodeId, id, { cancelling: true });
  try {
    await client.invoke(CANCEL_METHOD, { idempotencyKey: id });
  } catch (err) {
    patchLive(store, nodeId, id, { cancelling: false, error: errorText(err) });
  }
}

/** Runs `system.run` on a node through `node.invoke` and records the outcome. */
export async function runCommand(store: RunsStore, client: Invoker, nodeId: string, input: RunInput, now: () => number = Date.now): Promise<RunRecord> {
  const id = randomId();
  const startedAtMs = now();
  const streaming = typeof client.on === 'function';
  const record: RunRecord = { id, nodeId, command: input.argv, cwd: input.cwd, startedAtMs, status: 'running' };
  if (streaming) Object.assign(record, { stdout: '', stderr: '' });
  store.setState((s) => ({ live: { ...s.live, [nodeId]: [record, ...(s.live[nodeId] ?? [])].slice(0, 20) } }));
  const live = liveOutput(store, nodeId, id);
  const params: Record<string, unknown> = { command: input.argv };
  if (input.cwd) params['cwd'] = input.cwd;
  if (input.timeoutMs) params['timeoutMs'] = input.timeoutMs;
  // The invoke budget must outlast the command's own timeout so the node can report it.
  const budget = (input.timeoutMs ?? 30_000) + 5_000;
  try {
    const run = await operatorOver(client).run({
      invoke: { nodeId, command: 'system.run', params, timeoutMs: budget, idempotencyKey: id },
      callTimeoutMs: budget + 5_000,
      ...(streaming ? { onOutput: live.sink } : {}),
    }, input.argv[0] ?? nodeId);
    live.stop();
    const out = run.result;
    const patch: Partial<RunRecord> = {
      status: out?.cancelled ? 'cancelled' : 'done',
      cancelling: false,
      durationMs: out?.durationMs ?? now() - startedAtMs,
      exitCode: out?.exitCode ?? null,
      timedOut: out?.timedOut ?? false,
      error: out?.error ?? null,
    };
    // A streamed run's text is already in the record; the result does not repeat it.
    if (!out?.streamed) Object.assign(patch, { stdout: out?.stdout ?? '', stderr: out?.stderr ?? '' });
    if (out?.dropped) patch.dropped = out.dropped;
    if (run.outputGap) patch.outputGap = run.outputGap.chunks;
    patchLive(store, nodeId, id, patch);
    return { ...record, ...patch };
  } catch (err) {
    live.stop();
    const cutOff = isCutOff(err);
    const cancelled = isCancelled(err);
    const connectionLost = err instanceof ConnectionLostError && err.afterHandshake;
    const patch: Partial<RunRecord> = { status: cancelled ? 'cancelled' : 'failed', cancelling: false, durationMs: now() - startedAtMs, error: errorText(err), cutOff, connectionLost };
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
  cancelled?: boolean;
}

function toRunRecord(i: InvocationItem): RunRecord {
  return {
    id: i.id,
    nodeId: i.nodeId,
    nodeName: i.nodeName,
    command: Array.isArray(i.argv) ? i.argv : Array.isArray(i.command) ? i.command : i.command ? [i.command] : [],
    cwd: i.cwd ?? undefined,
    startedAtMs: i.startedAtMs,
    status: i.cancelled ? 'cancelled'
      : i.finishedAtMs === undefined && i.durationMs == null && i.exitCode == null && !i.error ? 'running' : i.error && i.exitCode == null ? 'failed' : 'done',
    durationMs: i.durationMs ?? undefined,
    exitCode: i.exitCode ?? null,
    timedOut: i.timedOut ?? false,
    error: i.error ?? null,
    requestedBy: i.requestedBy ?? undefined,
  };
}

/**
 * Loads one page of the audit history for a node (or all nodes under the key `*`): by default
 * the page the view is on (a new run refreshes it in place); `move` goes one page older or newer.
 */
export async function loadHistory(store: RunsStore, client: Invoker, nodeId?: string, move?: 'older' | 'newer' | 'newest', limit = HISTORY_PAGE_SIZE): Promise<void> {
  const key = nodeId ?? '*';
  const at = store.getState().historyPage[key] ?? { cursors: [], nextBefore: undefined };
  let cursors = at.cursors;
  if (move === 'older') {
    if (!at.nextBefore) return;
    cursors = [...at.cursors, at.nextBefore];
  } else if (move === 'newer') {
    cursors = at.cursors.slice(0, -1);
  } else if (move === 'newest') {
    cursors = [];
  }
  store.setState((s) => ({ historyStatus: { ...s.historyStatus, [key]: 'loading' } }));
  try {
    const params: Record<string, unknown> = { limit };
    if (nodeId) params['nodeId'] = nodeId;
    const before = cursors.at(-1);
    if (before) params['before'] = before;
    const res = await client.invoke('hearth.invocations.list', params);
    // An older gateway ignores paging and may answer more: never show more than a page.
    const items = (res.items ?? []).slice(0, limit).map(toRunRecord);
    const page: HistoryPage = { cursors, nextBefore: typeof res.nextBefore === 'string' ? res.nextBefore : undefined };
    store.setState((s) => ({ history: { ...s.history, [key]: items }, historyPage: { ...s.historyPage, [key]: page }, historyStatus: { ...s.historyStatus, [key]: 'ok' } }));
  } catch (err) {
    const status: HistoryStatus = isUnknownMethod(err) ? 'unavailable' : 'error';
    store.setState((s) => ({ historyStatus: { ...s.historyStatus, [key]: status }, historyError: { ...s.historyError, [key]: errorText(err) } }));
  }
}
