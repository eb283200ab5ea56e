/**
 * A failure the user can act on: `message` already names the fix, `exitCode` is what a command
 * exits with. Core throws it for bad settings; the CLI prints it as one `hearth: …` line and the
 * Electron host shows it (the CLI's `CliError` is this class).
 */
export class HearthError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'HearthError';
    this.exitCode = exitCode;
  }
}
