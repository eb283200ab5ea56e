/**
 * `node:fs/promises`, loaded on first use. Loading it also loads readline and the REPL history
 * (for `FileHandle.readLines`): 2-6 ms that a starting gateway spent before its first hello-ok,
 * only because modules it loads (alerts, remote, storage) import a function they call much later.
 */
import type * as FsPromises from 'node:fs/promises';

let loaded: typeof FsPromises | undefined;

/** The `node:fs/promises` module, taken as a CommonJS builtin the first time it is needed. */
export function fsAsync(): typeof FsPromises {
  return (loaded ??= process.getBuiltinModule('node:fs/promises'));
}
