/**
 * The TCP check that tells "server down" from "mount lost": can this machine open a connection to
 * the file server's port (445 SMB, 2049 NFS, 22 for sshfs)? Pure socket work, never the mount.
 */
import { connect } from 'node:net';
import { kindOfFsType } from './mount-lookup.ts';
import type { ServerCheck, StorageKind } from '../../../src-shared/storage/types.ts';

export const SMB_PORT = 445;
export const NFS_PORT = 2049;
const SSH_PORT = 22;

/** `host[:port]`, `[v6]:port` or a bare IPv6 address. */
export function parseServer(s: string, defaultPort: number): { host: string; port: number } | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : defaultPort };
  if ((t.match(/:/g) ?? []).length > 1) return { host: t, port: defaultPort };
  const [host, port] = t.split(':');
  if (!host) return undefined;
  const n = port === undefined ? defaultPort : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return undefined;
  return { host, port: n };
}

/**
 * The server to check for a mount: an explicit `server`, else the host in its source
 * (`//nas/share`, `\\nas\share`, `nas:/export`, `user@nas:/path`) on the port of its kind.
 */
export function serverFor(kind: StorageKind, fsType: string | undefined, source: string | undefined, server: string | undefined): { host: string; port: number } | undefined {
  const k = kind !== 'any' ? kind : kindOfFsType(fsType);
  const sshfs = fsType === 'fuse.sshfs' || fsType === 'sshfs';
  const port = k === 'smb' ? SMB_PORT : k === 'nfs' ? NFS_PORT : sshfs ? SSH_PORT : undefined;
  if (server) return parseServer(server, port ?? SMB_PORT);
  if (!source || port === undefined) return undefined;
  const unc = /^(?:\/\/|\\\\)(?:[^@/\\]*@)?([^/\\]+)[/\\]/.exec(source);
  if (unc) return { host: unc[1]!.replace(/\._smb\._tcp\.local$/, '.local'), port };
  const hostPath = /^(?:[^@]+@)?(\[[^\]]+\]|[^:/]+):/.exec(source);
  if (hostPath) return { host: hostPath[1]!.replace(/^\[|\]$/g, ''), port };
  return undefined;
}

/** Opens (and at once closes) a TCP connection, within `timeoutMs`. */
export function checkServer(host: string, port: number, timeoutMs = 2000): Promise<ServerCheck> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reachable: boolean, error?: string) => {
      socket.destroy();
      clearTimeout(timer);
      const r: ServerCheck = { host, port, reachable, ms: Math.round(performance.now() - started) };
      if (error) r.error = error;
      resolve(r);
    };
    const timer = setTimeout(() => done(false, `no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code ?? err.message));
  });
}
