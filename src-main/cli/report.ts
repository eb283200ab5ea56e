/** Prints a command failure as one `hearth: …` line and picks the exit code. */
import { CliError, formatFailure } from './cli-error.ts';
import { freshLine, write } from './io.ts';

/** Reports a CliError (its own exit code) or an unexpected error (exit 1, stack with HEARTH_DEBUG). */
export async function reportFailure(err: unknown): Promise<number> {
  await freshLine();
  if (err instanceof CliError) {
    await write(process.stderr, formatFailure(err.message) + '\n');
    return err.exitCode;
  }
  const e = err as Error;
  await write(process.stderr, formatFailure(`unexpected error: ${e?.message ?? String(err)}; rerun with HEARTH_DEBUG=1 for the stack trace`) + '\n');
  if (process.env['HEARTH_DEBUG']) await write(process.stderr, `${e?.stack ?? ''}\n`);
  return 1;
}
