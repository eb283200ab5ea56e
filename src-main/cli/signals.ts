/** Graceful stop for long-running commands: first SIGINT/SIGTERM stops cleanly, a second one forces exit. */

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
