/**
 * Watches the process holding a state-dir lock that runs outside the app (a gateway or node agent
 * run as a service, or in a terminal), so the app can take the role over once that process is
 * gone. Polled: the lock file is the only thing both sides share.
 */
import { liveLockOwner } from '../../core/gateway/state-lock.ts';

export interface LockOwnerWatch {
  stop(): void;
}

export interface LockOwnerWatchOptions {
  lockPath: string;
  /** The owner seen when the watch began. */
  pid: number;
  recheckMs: number;
  /**
   * How long the lock must stay free before the owner counts as gone: a service restart frees it
   * for a moment, and taking over then would leave the restarted service failing on the lock.
   */
  graceMs: number;
  /** At each look that finds the same owner still there. */
  onStill?(): void;
  /** Once: the lock has another owner, or has stayed free for `graceMs`. The watch has stopped. */
  onGone(): void;
}

export function watchLockOwner(o: LockOwnerWatchOptions): LockOwnerWatch {
  let freeSince: number | undefined;
  const stop = () => clearInterval(timer);
  const timer = setInterval(() => {
    const owner = liveLockOwner(o.lockPath);
    if (owner?.pid === o.pid) {
      freeSince = undefined;
      o.onStill?.();
      return;
    }
    if (!owner) {
      const now = Date.now();
      freeSince ??= now;
      if (now - freeSince < o.graceMs) return;
    }
    stop();
    o.onGone();
  }, o.recheckMs);
  timer.unref();
  return { stop };
}
