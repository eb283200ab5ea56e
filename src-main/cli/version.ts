/** Hearth's version and install root, found from the package.json above this file (source and dist/ differ in depth). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string | undefined; version: string } | undefined;

function find(): { root: string | undefined; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'hearth' && pkg.version) return (cached = { root: dir, version: pkg.version });
      } catch {
        /* keep walking */
      }
    }
    dir = dirname(dir);
  }
  return (cached = { root: undefined, version: '0.0.0' });
}

/** The `version` of the hearth package, or `0.0.0` when it cannot be found. */
export function hearthVersion(): string {
  return find().version;
}

/** The built web UI (dist/renderer/index.html), if it has been built. */
export function webUiDir(): string | undefined {
  const root = find().root;
  if (!root) return undefined;
  const dir = join(root, 'dist', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** Absolute path of bin/hearth.js (what a service runs); falls back to the running script. */
export function binPath(): string {
  const root = find().root;
  return root ? join(root, 'bin', 'hearth.js') : process.argv[1] ?? 'hearth';
}
