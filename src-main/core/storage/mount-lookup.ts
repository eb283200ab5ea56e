/**
 * Decides, from a mount table alone, whether a path is on the mount the user means: the deepest
 * mount point that contains the path (compared lexically; resolving symlinks would touch the
 * filesystem), its type against the expected kind, and whether it is more than the root filesystem.
 */
import { posix, win32 } from 'node:path';
import type { MountEntry } from './mount-table.ts';
import type { MountFacts, StorageKind } from '../../../src-shared/storage/types.ts';

const SMB_TYPES = new Set(['cifs', 'smb3', 'smb2', 'smbfs', 'smb']);
const NFS_TYPES = new Set(['nfs', 'nfs3', 'nfs4']);

/** True when `fsType` is what `kind` expects. */
export function kindMatches(kind: StorageKind, fsType: string): boolean {
  if (kind === 'smb') return SMB_TYPES.has(fsType.toLowerCase());
  if (kind === 'nfs') return NFS_TYPES.has(fsType.toLowerCase());
  return true;
}

/** The kind a filesystem type belongs to (for the server port), `any` when neither. */
export function kindOfFsType(fsType: string | undefined): StorageKind {
  if (!fsType) return 'any';
  if (SMB_TYPES.has(fsType.toLowerCase())) return 'smb';
  if (NFS_TYPES.has(fsType.toLowerCase())) return 'nfs';
  return 'any';
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]?/.test(p) || p.startsWith('\\\\');
}

function within(path: string, mountPoint: string, windows: boolean): boolean {
  if (windows) {
    const a = win32.normalize(path).toLowerCase().replace(/\\+$/, '');
    const b = win32.normalize(mountPoint).toLowerCase().replace(/\\+$/, '');
    return a === b || a.startsWith(b + '\\');
  }
  if (mountPoint === '/') return path.startsWith('/');
  return path === mountPoint || path.startsWith(mountPoint + '/');
}

/** Mount facts for `path` from `table`. */
export function lookupMount(path: string, kind: StorageKind, table: readonly MountEntry[]): MountFacts {
  const windows = isWindowsPath(path);
  const p = windows ? win32.normalize(path) : posix.normalize(path).replace(/(.)\/+$/, '$1');
  let best: MountEntry | undefined;
  for (const e of table) {
    if (!within(p, e.mountPoint, windows)) continue;
    // Longest mount point wins; at equal length the later row (stacked on top) wins.
    if (!best || e.mountPoint.length >= best.mountPoint.length) best = e;
  }
  if (windows && !best) {
    // A UNC path needs no mapping; a drive letter not in `net use` is a local or unmapped drive,
    // which the probe's statfs then finds present or missing.
    if (p.startsWith('\\\\')) {
      const share = /^\\\\[^\\]+\\[^\\]+/.exec(p)?.[0] ?? p;
      return kindMatches(kind, 'smb') ? { mounted: true, mountPoint: share, fsType: 'smb', source: share, readOnly: false } : { mounted: false, reason: `${share} is an SMB share, not ${kind}` };
    }
    const drive = `${p.slice(0, 2).toUpperCase()}\\`;
    if (kind !== 'any') return { mounted: false, mountPoint: drive, reason: `${drive} is not a mapped network drive (net use does not list it)` };
    return { mounted: true, mountPoint: drive, fsType: 'local', source: drive, readOnly: false };
  }
  if (!best) return { mounted: false, reason: 'no mount contains this path' };
  const facts: MountFacts = { mounted: true, mountPoint: best.mountPoint, fsType: best.fsType, source: best.source, readOnly: best.readOnly };
  if (best.status && !/^(ok|)$/i.test(best.status)) {
    return { ...facts, mounted: false, reason: `the drive mapping is ${best.status}` };
  }
  if (!windows && best.mountPoint === '/' && p !== '/') {
    return { mounted: false, mountPoint: '/', fsType: best.fsType, source: best.source, reason: 'the path is on the root filesystem, not on a mount of its own' };
  }
  if (!kindMatches(kind, best.fsType)) {
    return { ...facts, mounted: false, reason: `${best.mountPoint} is mounted as ${best.fsType}, not ${kind}` };
  }
  return facts;
}
