/** The gateway's state store: one SQLite file, one repository per table group. */
import { createBootstrapTokenRepo } from './bootstrap-tokens.ts';
import { openDatabase, type Db } from './db.ts';
import { createDeviceHoldRepo } from './device-holds.ts';
import { DiskState } from './disk-state.ts';
import { createDeviceRepo } from './devices.ts';
import { createInvocationRepo } from './invocations.ts';
import { createNodeSurfaceRepo } from './node-surfaces.ts';
import { createPairingRequestRepo } from './pairing-requests.ts';
import { journalPathFor } from './run-journal.ts';
import { createSettingsRepo } from './settings.ts';

export function createStore(path: string) {
  const db: Db = openDatabase(path);
  const invocations = createInvocationRepo(db, { journalPath: journalPathFor(path) });
  const disk = new DiskState(db, path);
  invocations.onFlushError((err) => {
    if (!disk.report(err)) throw err;
  });
  // Runs a previous gateway left in its journal (it died before their batch) go in now.
  try {
    invocations.flush();
  } catch (err) {
    if (!disk.report(err)) throw err;
  }
  // When space is back, what waited in the audit queue is written at once.
  disk.onChange((full) => {
    if (!full) {
      try { invocations.flush(); } catch (err) { disk.report(err); }
    }
  });
  return {
    db,
    /** Whether the state disk is full (disk-state.ts); writes report to it. */
    disk,
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
      disk.close();
      try {
        invocations.close();
      } catch (err) {
        // A full disk at shutdown keeps the queued records in the journal (as far as it got
        // them), not the shutdown.
        if (!disk.report(err)) throw err;
      }
      db.close();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
