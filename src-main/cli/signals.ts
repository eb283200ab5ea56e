/** Graceful stop for long-running commands: first SIGINT/SIGTERM stops cleanly, a second one forces exit. */
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';

/**
 * Resolves with the signal name when the process is asked to stop. A second signal exits at once
 * with 130, for a stop that hangs.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (sig: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      resolve(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Exits with `code` if `ms` passes first (the timer never keeps the process alive). */
export function forceExitAfter(ms: number, code = 1): void {
  setTimeout(() => process.exit(code), ms).unref();
}

/**
 * SIGHUP asks a running gateway to reload hearth.json (as `systemctl reload` and `kill -HUP` do for
 * daemons). One exception: a gateway started on a terminal whose terminal went away (the window
 * was closed) gets SIGHUP as a hang-up and stops, as it always did.
 */
export function onReloadSignal(reload: () => void, hangUp: () => void): void {
  if (process.platform === 'win32') return;
  // isatty(0), not process.stdin.isTTY: the getter creates a stdin stream (~3 ms) the gateway never reads.
  const startedOnTerminal = isatty(0) || process.stdout.isTTY === true;
  process.on('SIGHUP', () => {
    if (startedOnTerminal && !terminalStillThere()) hangUp();
    else reload();
  });
}

function terminalStillThere(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}
