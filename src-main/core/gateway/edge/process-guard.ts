/**
 * Last resort for a long-running gateway host: an exception nobody caught or a promise rejection
 * nobody handled is logged once with where it came from, and the process keeps serving. Every
 * known boundary catches its own faults (edge/fault-log.ts); this only keeps a bug we have not
 * met yet from turning into a dead home hub. Installed by the hosts (`hearth gateway`), never by
 * the core library itself.
 */
import type { Logger } from '../../logger.ts';
import { createFaultLog } from './fault-log.ts';

let installed = false;

export function installProcessGuard(log: Logger): void {
  if (installed) return;
  installed = true;
  const faults = createFaultLog(log);
  let inHandler = false;
  const handle = (where: string) => (err: unknown) => {
    // A broken stderr makes every log line fail again: do not loop on our own reports.
    if (inHandler) return;
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EPIPE' || code === 'EBADF') return;
    inHandler = true;
    try {
      faults.report(where, err, { pid: process.pid });
    } finally {
      inHandler = false;
    }
  };
  // A stderr whose reader is gone is the host's to handle (`hearth gateway`: cli/io.ts
  // outliveClosedOutput); an error there before it does reaches uncaughtException here.
  process.on('uncaughtException', handle('an uncaught exception (process guard)'));
  process.on('unhandledRejection', handle('an unhandled promise rejection (process guard)'));
}
