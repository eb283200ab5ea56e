/**
 * One gateway per state directory: an exclusive lock file holding the owner's pid. A lock left by
 * a dead process is taken over; a live owner makes the second gateway refuse with a clear message.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { GatewayStartError } from './options.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StateLock {
  release(): void;
}

export function acquireStateLock(path: string, stateDir: string): StateLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAtMs: Date.now() }));
      closeSync(fd);
      return {
        release() {
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
            if (owner.pid === process.pid) unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = 0;
      try {
        pid = (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (pid && pid !== process.pid && alive(pid)) {
        throw new GatewayStartError(
          `another Hearth gateway (pid ${pid}) is already running with state dir ${stateDir}; one gateway per host — stop it first (kill ${pid}) or use a different --state-dir`,
        );
      }
      try {
        unlinkSync(path);
      } catch {
        /* raced with another starter; retry */
      }
    }
  }
  throw new GatewayStartError(`could not take the gateway lock ${path}; remove it if no gateway is running`);
}
