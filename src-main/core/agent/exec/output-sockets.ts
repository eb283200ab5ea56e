/**
 * A streamed command's stdout and stderr as Unix stream sockets that this process reads with
 * `onread` into one reused buffer per stream, instead of child_process's pipes.
 *
 * Why: every read of a child_process pipe is a fresh 64 KiB Buffer pushed through a Readable
 * stream. For a command that prints fast, that allocation, the stream machinery and the garbage
 * collection after them were the node agent's largest cost: 60–90 ms of CPU per 50 MB of `yes`
 * against 40–60 ms read this way (bench/streaming.ts), on a machine where every hop competes
 * for the same two CPUs.
 *
 * The command sees what 'pipe' gives it on POSIX anyway (libuv makes that a socketpair). Node has
 * no socketpair(), so each pair is made by connecting to a one-shot listener on a path in a
 * private directory (mode 0700, made once per process and named with its pid, so a later agent
 * removes one a killed agent left): another user cannot connect there between listen and accept
 * and take a run's output. Where this cannot work (Windows, a
 * temporary directory too long for a socket path or not writable) the caller keeps to pipes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../../pid-alive.ts';

/** sun_path holds 108 bytes on Linux and 104 on macOS, with its terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 100;
/** Setting a pair up takes well under a millisecond; past this something is wrong: use pipes. */
const SETUP_TIMEOUT_MS = 2000;

const DIR_PREFIX = 'hearth-out-';

let dir: string | null | undefined;
/** This process's private directory for the listeners, or null when there is none (Windows, or none can be made). */
export function socketDir(): string | null {
  if (dir !== undefined) return dir;
  if (process.platform === 'win32') return (dir = null);
  try {
    sweepLeftovers();
    const made = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
    dir = Buffer.byteLength(join(made, `${'0'.repeat(16)}.sock`)) <= MAX_SOCKET_PATH_BYTES ? made : null;
    if (dir === null) rmSync(made, { recursive: true, force: true });
    else process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  } catch {
    dir = null;
  }
  return dir;
}

/**
 * Removes the directories of agents that died without cleaning up (SIGKILL, a crash): named with
 * their pid, so one whose process is gone is known to be left over. Only this user's; never one
 * whose pid is alive (a live agent's, or a reused pid: left for another time).
 */
function sweepLeftovers(): void {
  const tmp = tmpdir();
  for (const name of readdirSync(tmp)) {
    const pid = name.startsWith(DIR_PREFIX) ? Number(name.slice(DIR_PREFIX.length).split('-')[0]) : NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || pidAlive(pid)) continue;
    const path = join(tmp, name);
    try {
      if (statSync(path).uid === process.getuid?.()) rmSync(path, { recursive: true, force: true });
    } catch { /* gone already, or not ours to remove */ }
  }
}

/** Whether output sockets can be used here at all (false: use child_process pipes). */
export function outputSocketsAvailable(): boolean {
  return socketDir() !== null;
}

export interface OutputSocketPair {
  /** This process's end: read with `onread`, so it emits no 'data'; 'end' and 'close' as usual. */
  reader: Socket;
  /** The command's end, for `spawn`'s stdio; destroy it once the command has it. */
  childEnd: Socket;
}

/**
 * One connected pair whose reader hands each read to `onRead` as a view of a buffer of
 * `bufferBytes` that the next read overwrites (allocated on the first read, so a stream that
 * stays silent costs nothing). Resolves undefined when the pair cannot be made.
 */
export function openOutputSocket(onRead: (bytes: Buffer) => void, bufferBytes: number): Promise<OutputSocketPair | undefined> {
  const d = socketDir();
  if (d === null) return Promise.resolve(undefined);
  const path = join(d, `${randomBytes(8).toString('hex')}.sock`);
  return new Promise((resolve) => {
    let settled = false;
    let reader: Socket | undefined;
    // pauseOnConnect: the accepted end is only ever the command's; this process never reads it.
    const server = createServer({ pauseOnConnect: true });
    const settle = (pair: OutputSocketPair | undefined) => {
      if (settled) {
        pair?.childEnd.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      server.close(); // also removes the socket file
      if (!pair) reader?.destroy();
      resolve(pair);
    };
    const timer = setTimeout(() => settle(undefined), SETUP_TIMEOUT_MS);
    server.once('error', () => {
      // The directory is gone (a temporary-file cleaner removed it while the agent ran for
      // weeks; listen then fails with EACCES or ENOENT): this run reads pipes, the next one
      // makes the directory again.
      if (dir === d && !existsSync(d)) dir = undefined;
      settle(undefined);
    });
    server.once('connection', (childEnd) => {
      if (reader) settle({ reader, childEnd });
      else childEnd.destroy();
    });
    server.listen(path, () => {
      let buf: Buffer | undefined;
      reader = connect({
        path,
        onread: {
          buffer: () => (buf ??= Buffer.allocUnsafeSlow(bufferBytes)),
          callback: (n: number, b: Uint8Array) => {
            if (n > 0) onRead(Buffer.from(b.buffer, b.byteOffset, n));
            return true;
          },
        },
      });
      // Kept for the socket's life: an error after set-up (the far end reset) is followed by
      // 'close', which the run waits for; here it only ends a set-up still under way.
      reader.on('error', () => settle(undefined));
    });
  });
}
