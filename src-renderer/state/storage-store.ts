/**
 * Storage as the gateway reports it (`hearth.storage.status`), kept live by the
 * `hearth.storage.changed` event, plus the usage history of each mount per chosen range.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { STATE_SEVERITY, type MountStatus, type StorageKind, type StorageState } from '../../src-shared/storage/types.ts';
import { errorText, isUnknownMethod, type Invoker } from './invoker.ts';
import type { ParamsOf } from '../../src-shared/protocol/contract/index.ts';

export interface HistoryPoint {
  atMs: number;
  usedPercent: number | null;
  usedBytes: number | null;
  state: string;
}

export interface MountHistory {
  rangeMs: number;
  points: HistoryPoint[];
  status: 'loading' | 'ok' | 'error';
  error?: string;
}

export interface StorageSlice {
  mounts: MountStatus[];
  loaded: boolean;
  /** The gateway has no storage module (an older Hearth or an OpenClaw gateway). */
  unavailable: boolean;
  error: string | undefined;
  history: Record<string, MountHistory>;
}

export type StorageStore = StoreApi<StorageSlice>;

export function createStorageStore(): StorageStore {
  return createStore<StorageSlice>(() => ({ mounts: [], loaded: false, unavailable: false, error: undefined, history: {} }));
}

const byName = (a: MountStatus, b: MountStatus) => a.name.localeCompare(b.name);

export async function refreshStorage(store: StorageStore, client: Invoker): Promise<void> {
  try {
    const r = await client.invoke('hearth.storage.status', {});
    store.setState({ mounts: [...r.mounts].sort(byName), loaded: true, unavailable: false, error: undefined });
  } catch (err) {
    if (isUnknownMethod(err)) store.setState({ loaded: true, unavailable: true, error: undefined });
    else store.setState({ loaded: true, error: errorText(err) });
  }
}

/** Applies `hearth.storage.changed {mounts, removed?}`: updated mounts replace, new ones join. */
export function applyStorageChanged(store: StorageStore, payload: unknown): void {
  const p = payload as { mounts?: MountStatus[]; removed?: string[] } | undefined;
  if (!p) return;
  store.setState((s) => {
    const map = new Map(s.mounts.map((m) => [m.name, m]));
    for (const name of p.removed ?? []) map.delete(name);
    for (const m of p.mounts ?? []) if (m && typeof m.name === 'string') map.set(m.name, m);
    return { mounts: [...map.values()].sort(byName) };
  });
}

export async function loadStorageHistory(store: StorageStore, client: Invoker, name: string, rangeMs: number): Promise<void> {
  store.setState((s) => ({ history: { ...s.history, [name]: { rangeMs, points: s.history[name]?.points ?? [], status: 'loading' } } }));
  try {
    const r = await client.invoke('hearth.storage.history', { name, rangeMs, points: 120 });
    store.setState((s) => ({ history: { ...s.history, [name]: { rangeMs, points: r.points, status: 'ok' } } }));
  } catch (err) {
    store.setState((s) => ({ history: { ...s.history, [name]: { rangeMs, points: [], status: 'error', error: errorText(err) } } }));
  }
}

export interface MountForm {
  path: string;
  node?: string;
  name?: string;
  kind: StorageKind;
  warn: number;
  crit: number;
  server?: string;
}

/** Adds a mount (the gateway probes it once before answering) and merges the answer. */
export async function addStorage(store: StorageStore, client: Invoker, form: MountForm): Promise<MountStatus> {
  const params: ParamsOf<'hearth.storage.add'> = { path: form.path, kind: form.kind, warn: form.warn, crit: form.crit };
  if (form.node) params.node = form.node;
  if (form.name) params.name = form.name;
  if (form.server) params.server = form.server;
  const r = await client.invoke('hearth.storage.add', params, { timeoutMs: 30_000 });
  applyStorageChanged(store, { mounts: [r.mount] });
  return r.mount;
}

export async function updateStorage(store: StorageStore, client: Invoker, name: string, form: Omit<MountForm, 'node'>): Promise<MountStatus> {
  const params: ParamsOf<'hearth.storage.update'> = { name, path: form.path, kind: form.kind, warn: form.warn, crit: form.crit, server: form.server ?? '' };
  if (form.name && form.name !== name) params.rename = form.name;
  const r = await client.invoke('hearth.storage.update', params, { timeoutMs: 30_000 });
  applyStorageChanged(store, { mounts: [r.mount], removed: r.mount.name !== name ? [name] : [] });
  return r.mount;
}

export async function removeStorage(store: StorageStore, client: Invoker, name: string): Promise<void> {
  await client.invoke('hearth.storage.remove', { name });
  applyStorageChanged(store, { removed: [name] });
}

export async function checkStorage(store: StorageStore, client: Invoker, name?: string): Promise<void> {
  const r = await client.invoke('hearth.storage.check', name ? { name } : {}, { timeoutMs: 30_000 });
  applyStorageChanged(store, { mounts: r.mounts });
}

/** The worst state among the mounts (for the topology box); undefined when none is known. */
export function worstState(mounts: readonly MountStatus[]): StorageState | undefined {
  let worst: StorageState | undefined;
  for (const m of mounts) {
    if (m.state === 'unknown') continue;
    if (!worst || STATE_SEVERITY[m.state] > STATE_SEVERITY[worst]) worst = m.state;
  }
  return worst;
}

/** The colour family of a state. */
export function stateTone(state: MountStatus['state']): 'ok' | 'warn' | 'err' | 'off' {
  if (state === 'ok') return 'ok';
  if (state === 'warn' || state === 'read-only') return 'warn';
  if (state === 'unknown') return 'off';
  return 'err';
}
