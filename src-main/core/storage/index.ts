/**
 * The storage feature module: mounts as each machine sees them (mounted, writable, how full, how
 * fast filling), probed so that a hung server can never block the gateway. The process model is in
 * this folder's README.md.
 */
import type { FeatureModule, ModuleHealth } from '../modules/types.ts';
import { storageMethods } from './methods.ts';
import { CHANGED_EVENT, StorageMonitor } from './monitor.ts';
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
