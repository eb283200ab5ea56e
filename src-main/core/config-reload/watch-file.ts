/**
 * Watches one file for edits. The directory is watched, not the file: editors (vim, VS Code,
 * `sed -i`, our own writeConfig) save by writing a temporary file and renaming it over the old
 * one, which replaces the inode a file watch would be attached to. Events are debounced (an editor
 * save is several events) and a save that leaves the bytes unchanged is not reported.
 */
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatchOptions {
  debounceMs?: number;
  /** Re-arm delay after the watcher itself fails (directory removed, inotify limit). */
  retryMs?: number;
  onError?: (err: Error) => void;
}

export interface FileWatch {
  close(): void;
}

/** A fingerprint of the file's bytes ('' when it does not exist or cannot be read). */
export function fileDigest(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}

/** Calls `onChange` once per settled change of the file's content (creation and deletion included). */
export function watchFile(path: string, onChange: () => void, opts: FileWatchOptions = {}): FileWatch {
  const debounceMs = opts.debounceMs ?? 250;
  const retryMs = opts.retryMs ?? 2_000;
  const name = basename(path);
  let last = fileDigest(path);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const settle = () => {
    timer = undefined;
    const now = fileDigest(path);
    if (now === last) return;
    last = now;
    onChange();
  };
  const poke = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
    timer.unref();
  };
  const arm = () => {
    if (closed) return;
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        // Some platforms omit the name; then any change in the directory is checked.
        if (file === null || file === name || String(file) === name) poke();
      });
      watcher.on('error', (err) => {
        watcher?.close();
        watcher = undefined;
        opts.onError?.(err);
        rearm();
      });
      // A change made while the watcher was down is noticed now.
      poke();
    } catch (err) {
      opts.onError?.(err as Error);
      rearm();
    }
  };
  const rearm = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      arm();
    }, retryMs);
    retry.unref();
  };
  arm();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      watcher?.close();
    },
  };
}
