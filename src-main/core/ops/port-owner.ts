/**
 * Who listens on a TCP port, from the kernel's own tables (Linux: /proc/net/tcp{,6} for the
 * socket inode, then /proc/<pid>/fd to find the process holding it). Elsewhere it answers
 * "unknown" rather than guessing; reading never blocks on anything but procfs.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface PortOwner { pid: number; command: string }

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      // State 0A is LISTEN.
      if (!local || cols[3] !== '0A') continue;
      if (parseInt(local.split(':')[1] ?? '', 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The process listening on `port`, when this OS tells (Linux); undefined when nobody or unknown. */
export function portOwner(port: number): PortOwner | undefined {
  if (process.platform !== 'linux') return undefined;
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let target: string;
      try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) {
        let command = '';
        try { command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '); } catch { /* gone */ }
        return { pid: Number(pid), command: command || '(unknown)' };
      }
    }
  }
  return undefined;
}
