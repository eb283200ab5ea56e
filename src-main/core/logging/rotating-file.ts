/**
 * The log file a gateway or node keeps in its state dir: JSON lines, rotated at 5 MB with five
 * old files kept (`gateway.log.1` … `.5`). Writes are synchronous appends of one line (small, and
 * the record is on disk before the next event), and never throw: a full disk or a removed
 * directory drops lines and counts them, the process keeps running.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 5;

export interface RotatingFile {
  write(line: string): void;
  /** Lines that could not be written (disk full, permissions). */
  readonly dropped: number;
  close(): void;
}

export function openRotatingFile(path: string, opts: { maxBytes?: number; keep?: number } = {}): RotatingFile {
  const maxBytes = opts.maxBytes ?? LOG_MAX_BYTES;
  const keep = opts.keep ?? LOG_KEEP;
  let fd: number | undefined;
  let size = 0;
  let dropped = 0;
  const open = () => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    fd = openSync(path, 'a', 0o600);
    size = fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    if (existsSync(path)) renameSync(path, `${path}.1`);
    open();
  };
  return {
    write(line: string) {
      const data = Buffer.from(line.endsWith('\n') ? line : `${line}\n`);
      try {
        if (fd === undefined) open();
        if (size > 0 && size + data.length > maxBytes) rotate();
        size += writeSync(fd!, data);
      } catch {
        dropped++;
        // Reopen next time: the directory may have come back or space been freed.
        try { if (fd !== undefined) closeSync(fd); } catch { /* already closed */ }
        fd = undefined;
      }
    },
    get dropped() { return dropped; },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
