/**
 * Pending pairing requests of both kinds: new devices (`device.pair.*`) and node command
 * surfaces (`node.pair.*`). Each is approved with its own method; events keep the list live.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../src-shared/protocol/types.ts';
import { errorText, type Invoker } from './invoker.ts';

export type RequestKind = 'device' | 'node';
export type Decision = 'approve' | 'reject';
export type ExecDecision = 'allow-once' | 'allow-always' | 'deny';

/** An exec approval a node in `--exec ask` mode waits for (`exec.approval.*`). */
export interface PendingExecApproval {
  id: string;
  nodeId: string;
  nodeName?: string;
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface PendingSlice {
  devices: PendingDeviceRequest[];
  nodes: PendingNodeRequest[];
  exec: PendingExecApproval[];
  /** Requests with a decision in flight. */
  busy: Record<string, Decision | ExecDecision>;
  /** Last failure per request id. */
  errors: Record<string, string>;
  loaded: boolean;
}

export type PendingStore = StoreApi<PendingSlice>;

export function createPendingStore(): PendingStore {
  return createStore<PendingSlice>(() => ({ devices: [], nodes: [], exec: [], busy: {}, errors: {}, loaded: false }));
}

function upsert<T extends { requestId: string }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.requestId === item.requestId);
  if (i < 0) return [...list, item];
  const next = [...list];
  next[i] = item;
  return next;
}

/** Fetches both pending lists. A gateway without one of them just yields an empty list. */
export async function refreshPending(store: PendingStore, client: Invoker): Promise<void> {
  const [dev, node, exec] = await Promise.allSettled([
    client.invoke('device.pair.list', {}),
    client.invoke('node.pair.list', {}),
    client.invoke('exec.approval.list', {}),
  ]);
  store.setState({
    devices: dev.status === 'fulfilled' ? (dev.value.pending ?? []) : store.getState().devices,
    nodes: node.status === 'fulfilled' ? (node.value.pending ?? []) : store.getState().nodes,
    exec: exec.status === 'fulfilled' ? (exec.value.pending ?? []) : store.getState().exec,
    loaded: true,
  });
}

/** Applies `device.pair.requested` / `node.pair.requested` / `exec.approval.requested` / `*.resolved` events. */
export function applyPairEvent(store: PendingStore, event: string, payload: unknown): void {
  const e = payload as PendingExecApproval | undefined;
  if (event === 'exec.approval.requested' && e?.id) {
    store.setState((s) => ({ exec: [...s.exec.filter((x) => x.id !== e.id), e] }));
    return;
  }
  if (event === 'exec.approval.resolved' && e?.id) {
    store.setState((s) => ({ exec: s.exec.filter((x) => x.id !== e.id) }));
    return;
  }
  const p = payload as { requestId?: string } | undefined;
  if (!p?.requestId) return;
  const id = p.requestId;
  if (event === 'device.pair.requested') store.setState((s) => ({ devices: upsert(s.devices, payload as PendingDeviceRequest) }));
  else if (event === 'node.pair.requested') store.setState((s) => ({ nodes: upsert(s.nodes, payload as PendingNodeRequest) }));
  else if (event === 'device.pair.resolved') store.setState((s) => ({ devices: s.devices.filter((d) => d.requestId !== id) }));
  else if (event === 'node.pair.resolved') store.setState((s) => ({ nodes: s.nodes.filter((n) => n.requestId !== id) }));
}

/** Approves or rejects one request; removes it on success, records the error otherwise. */
export async function decide(store: PendingStore, client: Invoker, kind: RequestKind, requestId: string, decision: Decision): Promise<boolean> {
  store.setState((s) => ({ busy: { ...s.busy, [requestId]: decision }, errors: omit(s.errors, requestId) }));
  try {
    await client.invoke(`${kind}.pair.${decision}`, { requestId });
    store.setState((s) => ({
      devices: kind === 'device' ? s.devices.filter((d) => d.requestId !== requestId) : s.devices,
      nodes: kind === 'node' ? s.nodes.filter((n) => n.requestId !== requestId) : s.nodes,
      busy: omit(s.busy, requestId),
    }));
    return true;
  } catch (err) {
    store.setState((s) => ({ busy: omit(s.busy, requestId), errors: { ...s.errors, [requestId]: errorText(err) } }));
    return false;
  }
}

/** Answers an exec approval; the first answer anywhere wins, a late one shows who decided. */
export async function decideExec(store: PendingStore, client: Invoker, id: string, decision: ExecDecision): Promise<boolean> {
  store.setState((s) => ({ busy: { ...s.busy, [id]: decision }, errors: omit(s.errors, id) }));
  try {
    await client.invoke('exec.approval.resolve', { id, decision });
    store.setState((s) => ({ exec: s.exec.filter((x) => x.id !== id), busy: omit(s.busy, id) }));
    return true;
  } catch (err) {
    store.setState((s) => ({ busy: omit(s.busy, id), errors: { ...s.errors, [id]: errorText(err) } }));
    return false;
  }
}

function omit<T>(rec: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _drop, ...rest } = rec;
  return rest;
}
