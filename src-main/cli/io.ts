/** Output helpers: stdout/stderr writes that can be awaited before the process exits. */

/** Writes to a stream and resolves once the data is handed to the OS. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/**
 * Resolves once everything written to `stream` so far is handed to the OS. Writes to a pipe or
 * socket may be queued in memory; exiting before they drain cuts the output short.
 */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/** Prints lines to stdout. */
export function out(...lines: string[]): Promise<void> {
  return write(process.stdout, lines.map((l) => l + '\n').join(''));
}

/** Prints a protocol payload exactly, pretty-printed (what `--json` means everywhere). */
export function printJson(payload: unknown): Promise<void> {
  return write(process.stdout, JSON.stringify(payload, null, 2) + '\n');
}

/** Prints an informational line to stderr (progress that must not pollute stdout). */
export function note(line: string): Promise<void> {
  return write(process.stderr, line + '\n');
}
