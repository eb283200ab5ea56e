/**
 * Entry of the `hearth` CLI (bin/hearth.js imports the compiled file and calls `main`).
 * Startup order: enable Node's compile cache; take the commander-free fast path for the
 * start-up-sensitive commands (`nodes run … -- …`, `gateway`); otherwise load commander and the
 * command tree; run one command (which imports only its own modules); exit with its code.
 */
import { enableCompileCache } from 'node:module';

/** Runs `hearth <argv…>` and exits the process with the command's exit code. */
export async function main(argv: string[]): Promise<void> {
  try {
    // Cached V8 code cuts module load time on later runs (matters for short commands).
    enableCompileCache?.();
  } catch {
    /* cache unavailable (read-only tmp): run uncached */
  }
  // `hearth gateway`: its command module loads alongside the fast-path parser (one wait for both
  // chunks instead of two in a row); unused if the arguments turn out not to be the fast form.
  const gatewayModule = argv[0] === 'gateway' ? import('./commands/gateway.ts') : undefined;
  gatewayModule?.catch(() => undefined);
  const [{ parseFastGateway, parseFastNodesRun }, { stdout }] = await Promise.all([import('./fast-path.ts'), import('./io.ts')]);
  const fast = parseFastNodesRun(argv);
  const fastGateway = fast ? undefined : parseFastGateway(argv);
  // `hearth nodes list | head -1` closes our stdout early: that is not a failure (io.ts). The
  // gateway creates its stdout only after it binds its port (the stream costs 3-8 ms).
  if (!fastGateway) stdout();
  let code: number;
  if (fast) {
    const [{ nodesRunCommand }, { reportFailure }] = await Promise.all([import('./commands/nodes-run.ts'), import('./report.ts')]);
    code = await nodesRunCommand(fast.node, fast.argv, fast.flags).catch(reportFailure);
  } else if (fastGateway) {
    // Start loading the gateway module alongside the command module (it dominates start-up).
    void import('./lazy-core.ts').then((m) => Promise.all([m.loadCore(), m.loadStartGateway()])).catch(() => undefined);
    const [{ gatewayCommand }, { reportFailure }] = await Promise.all([gatewayModule ?? import('./commands/gateway.ts'), import('./report.ts')]);
    code = await gatewayCommand(fastGateway).then(() => 0, reportFailure);
  } else {
    const { runCli } = await import('./program.ts');
    code = await runCli(argv);
  }
  leave(code);
}

/** How long a handle still open after the command may keep the process before it is cut off. */
const EXIT_GRACE_MS = 2_000;

/**
 * Ends the process with `code` by letting the event loop run dry, not by process.exit(): that
 * joins V8's helper threads without first tearing the isolate down, and a background compile
 * job that is waiting for a garbage collection then waits forever — the main thread never runs
 * one again (nodejs/node#54918). Seen as a `hearth nodes run` that printed all of a large
 * output and never exited. A loop that ends tears the isolate down first, which releases such a
 * job. Something still holding the loop open (a leaked timer or socket) is cut off after
 * {@link EXIT_GRACE_MS} by process.exit, as before.
 */
function leave(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}
