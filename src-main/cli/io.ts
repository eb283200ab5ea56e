/** Output helpers: stdout/stderr writes that can be awaited before the process exits. */
import { terminalSafe } from '../../src-shared/text/control-chars.ts';

/** Writes to a stream and resolves once the data is handed to the OS. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve) => {
    stream.write(text, (err) => {
      if (err) noteWriteError(stream, err);
      resolve();
    });
  });
}

/** Whether a command's output we copied to the terminal ended mid-line (no newline after it). */
let terminalMidLine = false;

/**
 * Notes the end of a command's output copied to `dest` as it was (`hearth nodes run`): when it is
 * the terminal and the output did not end with a newline, the cursor is left mid-line.
 */
export function copiedToTerminal(dest: NodeJS.WritableStream, piece: string | Uint8Array): void {
  if (!(dest as NodeJS.WriteStream).isTTY || piece.length === 0) return;
  terminalMidLine = typeof piece === 'string' ? !piece.endsWith('\n') : piece[piece.length - 1] !== 0x0a;
}

/**
 * Before Hearth's own words on stderr (a notice, the error an exit carries): a line break if
 * copied output left the terminal's cursor mid-line, so they do not run on after its last line.
 */
export function freshLine(): Promise<void> {
  if (!terminalMidLine || !process.stderr.isTTY) return Promise.resolve();
  terminalMidLine = false;
  return write(process.stderr, '\n');
}

/**
 * Resolves once everything written to `stream` so far is handed to the OS. Writes to a pipe or
 * socket may be queued in memory; exiting before they drain cuts the output short.
 */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', (err) => {
      if (err) noteWriteError(stream, err);
      resolve();
    });
  });
}

let stdoutGuarded = false;
let stderrGuarded = false;
let closedOutputEnds = true;

/** An output of ours whose reader went away (EPIPE). */
export type ClosedOutput = 'stdout' | 'stderr';
const closedOutputListeners = new Set<(which: ClosedOutput) => void>();
const closedOutputs = new Set<ClosedOutput>();

/**
 * For commands that serve (the gateway, a node agent): a reader of their output that goes away
 * (`hearth gateway | head`, a `tee` that was stopped) must not stop them; what they print goes
 * nowhere from then on, and their log file still has it all.
 */
export function outliveClosedOutput(): void {
  if (!closedOutputEnds) return;
  closedOutputEnds = false;
  // A turn later: touching process.stderr creates the stream, which the gateway leaves until its
  // port is bound.
  setImmediate(() => process.stderr.on('error', () => { /* its reader is gone: nowhere left to print */ }));
}

function closedOutput(which: ClosedOutput): void {
  closedOutputs.add(which);
  for (const l of [...closedOutputListeners]) l(which);
}

/**
 * For `hearth nodes run`, whose exit code stands for the remote command's: while `listener` is
 * registered, stdout or stderr losing its reader (EPIPE: `… | head -1`) is handed to it — the run
 * is stopped on the node and the CLI exits 141, as a local program killed by SIGPIPE does —
 * instead of ending the process with 0. Returns the unsubscribe function.
 */
export function onClosedOutput(listener: (which: ClosedOutput) => void): () => void {
  stdout();
  if (!stderrGuarded) {
    stderrGuarded = true;
    process.stderr.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') closedOutput('stderr');
      else throw err;
    });
  }
  closedOutputListeners.add(listener);
  return () => closedOutputListeners.delete(listener);
}

/** A write's callback learns of an EPIPE a tick before the stream's 'error' event: recorded at once. */
function noteWriteError(stream: NodeJS.WritableStream, err: Error): void {
  if ((err as NodeJS.ErrnoException).code !== 'EPIPE') return;
  if (stream === process.stdout) closedOutputs.add('stdout');
  else if (stream === process.stderr) closedOutputs.add('stderr');
}

/** Which of stdout and stderr have lost their reader so far. */
export function closedOutputsSoFar(): ClosedOutput[] {
  return [...closedOutputs];
}

/** Whether `stream` is our stdout or stderr and its reader is gone (writing to it is pointless). */
export function outputClosed(stream: NodeJS.WritableStream): boolean {
  return (stream === process.stdout && closedOutputs.has('stdout')) || (stream === process.stderr && closedOutputs.has('stderr'));
}

/**
 * process.stdout with the CLI's EPIPE rule: `hearth nodes list | head -1` closes our stdout early,
 * and that is not a failure (exit 0). Installed on first use: creating the stream costs 3-8 ms,
 * which `hearth gateway` spends only after its port is bound (main.ts installs it at once for
 * every other command). `hearth nodes run` takes the EPIPE over ({@link onClosedOutput}).
 */
export function stdout(): NodeJS.WriteStream {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') {
        if (closedOutputListeners.size > 0) closedOutput('stdout');
        else if (closedOutputEnds) process.exit(0);
        return;
      }
      throw err;
    });
  }
  return process.stdout;
}

/** Terminal output the CLI drew itself (a QR code's colour escapes), printed as it is. */
export interface TerminalArt {
  art: string;
}

/**
 * Prints lines to stdout. What they hold may come from peers (names, messages): control
 * characters are shown escaped so none acts on the terminal; only {@link TerminalArt} passes as is.
 */
export function out(...lines: (string | TerminalArt)[]): Promise<void> {
  return write(stdout(), lines.map((l) => (typeof l === 'string' ? terminalSafe(l) : l.art) + '\n').join(''));
}

/** Prints a protocol payload exactly, pretty-printed (what `--json` means everywhere). */
export function printJson(payload: unknown): Promise<void> {
  return write(stdout(), JSON.stringify(payload, null, 2) + '\n');
}

/** Prints an informational line to stderr (progress that must not pollute stdout); control characters escaped. */
export async function note(line: string): Promise<void> {
  await freshLine();
  return write(process.stderr, terminalSafe(line) + '\n');
}
