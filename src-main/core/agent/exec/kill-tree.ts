/**
 * Kill a command and everything it started. Commands run in their own process group
 * (spawned detached), so one signal to `-pid` reaches grandchildren too; Windows uses taskkill /T.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface KillTreeOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
  platform?: NodeJS.Platform;
}

/** Live (non-zombie) members of process group `pgid`, from /proc; undefined where /proc is unavailable. */
function liveGroupMembersLinux(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let live = 0;
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command name: state ppid pgrp …
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') live++;
  }
  return live;
}

/**
 * True while any process of the group led by `pid` exists (POSIX). Zombies do not count:
 * orphaned grandchildren may wait a long time for a reaper in containers.
 */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform === 'linux') {
    const live = liveGroupMembersLinux(pid);
    if (live !== undefined) return live > 0;
  }
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Not a group leader (spawn raced) or already gone: fall back to the process itself.
    try { process.kill(pid, signal); } catch { /* gone */ }
  }
}

/** SIGTERM to the group, SIGKILL after a short grace if anything survived; resolves when done. */
export function killTree(pid: number, opts: KillTreeOptions = {}): Promise<void> {
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') {
    return new Promise((resolve) => {
      const p = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      p.on('error', () => resolve());
      p.on('exit', () => resolve());
    });
  }
  const graceMs = opts.graceMs ?? 1500;
  signalGroup(pid, 'SIGTERM');
  return new Promise((resolve) => {
    const started = Date.now();
    let killedAt: number | undefined;
    const check = () => {
      if (!groupAlive(pid)) return resolve();
      const now = Date.now();
      if (killedAt === undefined && now - started >= graceMs) {
        signalGroup(pid, 'SIGKILL');
        killedAt = now;
      }
      // SIGKILL cannot be ignored; give the kernel a moment to tear the group down.
      if (killedAt !== undefined && now - killedAt > 1000) return resolve();
      setTimeout(check, 50);
    };
    setTimeout(check, 20);
  });
}
