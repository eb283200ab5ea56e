/** The gateway's state store: one SQLite file, one repository per table group. */
import { createBootstrapTokenRepo } from './bootstrap-tokens.ts';
import { openDatabase, type Db } from './db.ts';
import { createDeviceHoldRepo } from './device-holds.ts';
import { createDeviceRepo } from './devices.ts';
import { createInvocationRepo } from './invocations.ts';
import { createNodeSurfaceRepo } from './node-surfaces.ts';
import { createPairingRequestRepo } from './pairing-requests.ts';
import { createSettingsRepo } from './settings.ts';

export function createStore(path: string) {
  const db: Db = openDatabase(path);
  const invocations = createInvocationRepo(db);
  return {
    db,
    devices: createDeviceRepo(db),
    holds: createDeviceHoldRepo(db),
    requests: createPairingRequestRepo(db),
    surfaces: createNodeSurfaceRepo(db),
    bootstrap: createBootstrapTokenRepo(db),
    invocations,
    settings: createSettingsRepo(db),
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close(): void {
      if (!db.open) return;
      invocations.flush();
      db.close();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
