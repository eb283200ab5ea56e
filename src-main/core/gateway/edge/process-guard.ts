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
  // Touching process.stderr creates the stream (3-8 ms on a terminal or pipe), which the gateway
  // leaves until its port is bound: the listener is attached a turn later. An error on stderr
  // before then (none is written to before the first log record) reaches uncaughtException here.
  setImmediate(() => process.stderr.on('error', () => { /* stderr gone (closed terminal): nowhere left to report */ }));
  process.on('uncaughtException', handle('an uncaught exception (process guard)'));
  process.on('unhandledRejection', handle('an unhandled promise rejection (process guard)'));
}
