/**
 * The storage feature module: mounts as each machine sees them (mounted, writable, how full, how
 * fast filling), probed so that a hung server can never block the gateway. The process model is in
 * this folder's README.md.
 */
import { StorageSettingValues } from '../../../src-shared/protocol/contract/storage.ts';
import type { FeatureModule, ModuleHealth } from '../modules/types.ts';
import { storageMethods } from './methods.ts';
import { CHANGED_EVENT, StorageMonitor } from './monitor.ts';
import { DEFAULT_DEADLINE_MS } from './probe-runner.ts';
import { STORAGE_MIGRATIONS } from './storage-store.ts';

export function storageModule(): FeatureModule {
  let monitor: StorageMonitor | undefined;
  const get = (): StorageMonitor => {
    if (!monitor) throw new Error('the storage module is not started');
    return monitor;
  };
  return {
    name: 'storage',
    migrations: STORAGE_MIGRATIONS,
    methods: storageMethods(get),
    events: { [CHANGED_EVENT]: { operators: 'operator.read', nodes: false } },
    settings: [
      // `hearth storage` changes them live (it re-arms the round); through `hearth config` they apply at the next start.
      { key: 'intervalSec', schema: StorageSettingValues.intervalSec, default: 60, description: 'seconds between two probe rounds of every watched mount', restart: true },
      { key: 'deadlineMs', schema: StorageSettingValues.deadlineMs, default: DEFAULT_DEADLINE_MS, description: 'how long one mount probe may take before the mount counts as hung, in ms' },
    ],
    alertSources: [
      { prefix: 'storage.usage:', severity: 'critical', description: "a watched mount is fuller than its warn threshold (critical past its crit threshold); thresholds are per mount (`hearth storage add --warn/--crit`)" },
      { prefix: 'storage.state:', severity: 'critical', description: 'a watched mount is gone, hung or read-only; clears when it answers writable again' },
    ],
    start(ctx) {
      monitor = new StorageMonitor(ctx);
      monitor.start();
    },
    stop() {
      monitor?.stop();
    },
    health(): ModuleHealth {
      return monitor ? monitor.health() : { state: 'disabled', summary: 'storage module not started' };
    },
  };
}
