/**
 * A failure the user can act on: `message` already names the fix, `exitCode` is what a command
 * exits with. Core throws it for bad settings, the shared operator client for a node name that
 * does not resolve or a run that failed; the CLI prints it as one `hearth: …` line (its
 * `CliError` is this class), the UI and the Telegram bot show the message. It lives in src-shared
 * because the renderer bundles the client code that throws it.
 */
export class HearthError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'HearthError';
    this.exitCode = exitCode;
  }
}
