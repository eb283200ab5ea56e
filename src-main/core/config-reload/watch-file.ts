/**
 * Watches one file for edits. The file itself is watched, not its directory: hearth.json sits in
 * the state directory beside the run journal and the SQLite database, which are written on every
 * run, and a directory watch woke the gateway twice per `node.invoke` just to ignore those names.
 *
 * Editors (vim, VS Code, `sed -i`, our own writeConfig) save by writing a temporary file and
 * renaming it over the old one, which replaces the inode a file watch is attached to: on such an
 * event the watch is re-attached to whatever the path names now. While the file does not exist
 * (a gateway on built-in defaults), a stat poll notices its creation; the poll also stays on as a
 * safety net for a change the watch missed. Events are debounced (an editor save is several
 * events) and a save that leaves the bytes unchanged is not reported.
 */
import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watch, watchFile as pollFile, type FSWatcher } from 'node:fs';

export interface FileWatchOptions {
  debounceMs?: number;
  /** Re-arm delay after the watcher itself fails (inotify limit, permissions). */
  retryMs?: number;
  /** How often the file is stat'ed (creation of a missing file, missed events). */
  pollMs?: number;
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

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR';

/** Calls `onChange` once per settled change of the file's content (creation and deletion included). */
export function watchFile(path: string, onChange: () => void, opts: FileWatchOptions = {}): FileWatch {
  const debounceMs = opts.debounceMs ?? 250;
  const retryMs = opts.retryMs ?? 2_000;
  const pollMs = opts.pollMs ?? 1_000;
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
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
    timer.unref();
  };
  const detach = () => {
    watcher?.close();
    watcher = undefined;
  };
  /** Attaches the watch to the file the path names now; a missing file is left to the poll. */
  const arm = () => {
    if (closed || watcher) return;
    try {
      watcher = watch(path, { persistent: false }, (event) => {
        poke();
        // Renamed over, moved away or deleted: this inode is no longer the config file.
        if (event === 'rename') {
          detach();
          setImmediate(arm);
        }
      });
      watcher.on('error', (err) => {
        detach();
        if (isMissing(err)) return; // removed while being watched: the poll sees it come back
        opts.onError?.(err);
        rearm();
      });
    } catch (err) {
      watcher = undefined;
      if (!isMissing(err)) {
        opts.onError?.(err as Error);
        rearm();
      }
    }
    // A change made while no watch was attached is noticed now.
    poke();
  };
  const rearm = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      arm();
    }, retryMs);
    retry.unref();
  };
  // The poll: the file appearing (or coming back) gets a watch; any stat change is checked.
  const onStat = () => {
    if (!watcher) arm();
    else poke();
  };
  pollFile(path, { persistent: false, interval: pollMs }, onStat);
  arm();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      unwatchFile(path, onStat);
      detach();
    },
  };
}
