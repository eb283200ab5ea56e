/**
 * One gateway per state directory: an exclusive lock file holding the owner's pid. A lock left by
 * a dead process is taken over; a live owner makes the second gateway refuse with a clear message.
 *
 * A pid alone does not name a process for long: after a power cut the lock survives the reboot and
 * its pid may belong to any process of the new boot (at boot, pids are small and reused at once),
 * and a gateway killed -9 lingers as a zombie until it is reaped. On Linux the lock also records
 * the boot and the owner's start time (in clock ticks since boot, from /proc), so only that very
 * process counts as the owner; elsewhere the pid is all there is.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { pidAlive } from '../pid-alive.ts';
import { GatewayStartError } from './options.ts';

interface LockOwner {
  pid: number;
  startedAtMs?: number;
  /** Linux: /proc/sys/kernel/random/boot_id when the lock was taken. */
  bootId?: string;
  /** Linux: the owner's start time, field 22 of /proc/<pid>/stat. */
  startTicks?: string;
  /** Where the owner listens, once it does (the desktop app attaches to a gateway it finds here). */
  host?: string;
  port?: number;
  /** Which lock of this process it is: a later holder in the same process must not lose it to an earlier one's release. */
  seq?: number;
  /** The service manager that runs the owner (HEARTH_SERVICE, set by Hearth's own service files). */
  service?: string;
}

/** Counts the locks this process has taken (see LockOwner.seq). */
let lockSeq = 0;

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A process's state letter and start time from /proc (Linux), or undefined elsewhere / when gone. */
export function procStat(pid: number | 'self'): { state: string; startTicks: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = rest[0];
    const startTicks = rest[19]; // field 22 overall: fields 3.. start at rest[0]
    return state && startTicks ? { state, startTicks } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote `owner` still runs (not merely a process with its pid). */
function ownerRunning(owner: LockOwner): boolean {
  if (!pidAlive(owner.pid)) return false;
  const stat = procStat(owner.pid);
  if (stat?.state === 'Z') return false; // killed, waiting to be reaped
  if (owner.bootId !== undefined && owner.startTicks !== undefined) {
    const boot = bootId();
    if (boot !== undefined && boot !== owner.bootId) return false; // written before a reboot
    if (stat && stat.startTicks !== owner.startTicks) return false; // the pid was reused
  }
  return true;
}

/** The owner a lock file names, or undefined when it is missing or unreadable (stale). */
function readLockOwner(path: string): LockOwner | undefined {
  const text = readText(path);
  return text === undefined ? undefined : parseLockOwner(text);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isSafeInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    const owner: LockOwner = { pid: parsed.pid };
    if (typeof parsed.bootId === 'string') owner.bootId = parsed.bootId;
    if (typeof parsed.startTicks === 'string') owner.startTicks = parsed.startTicks;
    if (typeof parsed.service === 'string' && parsed.service) owner.service = parsed.service;
    if (typeof parsed.host === 'string' && typeof parsed.port === 'number' && Number.isInteger(parsed.port) && parsed.port > 0 && parsed.port < 65536) {
      owner.host = parsed.host;
      owner.port = parsed.port;
    }
    return owner;
  } catch {
    return undefined;
  }
}

/** The pid of the gateway holding the lock at `path`, or undefined when none runs. */
export function runningLockOwner(path: string): number | undefined {
  return liveLockOwner(path)?.pid;
}

/** The process holding the lock at `path` (a gateway: also its address, once it listens); undefined when none runs. */
export function liveLockOwner(path: string): { pid: number; host?: string; port?: number; service?: string } | undefined {
  const owner = readLockOwner(path);
  if (!owner || !ownerRunning(owner)) return undefined;
  return { pid: owner.pid, ...(owner.port !== undefined ? { host: owner.host, port: owner.port } : {}), ...(owner.service ? { service: owner.service } : {}) };
}

export interface StateLock {
  /** Adds the address the gateway now listens on to the lock (best effort: the lock stays either way). */
  listening(host: string, port: number): void;
  release(): void;
}

function ownRecord(): LockOwner {
  const rec: LockOwner = { pid: process.pid, startedAtMs: Date.now(), seq: ++lockSeq };
  const service = process.env['HEARTH_SERVICE']?.trim();
  if (service) rec.service = service;
  const boot = bootId();
  const self = procStat('self');
  if (boot !== undefined && self) {
    rec.bootId = boot;
    rec.startTicks = self.startTicks;
  }
  return rec;
}

/** The refusal when a live owner holds the lock: the gateway's wording unless a caller (the node agent) gives its own. */
export type LockRefusal = (owner: { pid: number }, stateDir: string) => Error;

const gatewayRefusal: LockRefusal = (owner, stateDir) => new GatewayStartError(
  `another Hearth gateway (pid ${owner.pid}) is already running with state dir ${stateDir}; one gateway per host — stop it first (kill ${owner.pid}) or use a different --state-dir`,
);

export function acquireStateLock(path: string, stateDir: string, refusal: LockRefusal = gatewayRefusal): StateLock {
  const record = ownRecord();
  const text = JSON.stringify(record);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createLockFile(path, text, record.seq)) return heldLock(path, record);
    // Taken: judge the owner from one read, so a takeover removes only what was judged.
    const seen = readText(path);
    if (seen === undefined) continue; // released meanwhile: try again
    const owner = parseLockOwner(seen);
    if (owner && owner.pid !== process.pid && ownerRunning(owner)) throw refusal(owner, stateDir);
    removeIfStill(path, seen, record.seq);
  }
  throw new GatewayStartError(`could not take the lock ${path}; remove it if no Hearth process is running with this state dir`);
}

/**
 * Creates the lock file with its whole record, or returns false when one exists. The record is
 * written aside and linked in (link fails when the name exists), so no starter ever reads a lock
 * that is still empty — a reader that took an empty lock for a stale one and removed it let two
 * starters (the app and the service at login) both hold it. Where the file system has no hard
 * links, an exclusive create is the fallback.
 */
function createLockFile(path: string, text: string, seq: number | undefined): boolean {
  const aside = `${path}.${process.pid}.${seq ?? 0}.new`;
  try {
    writeFileSync(aside, text, { mode: 0o600 });
    try {
      linkSync(aside, path);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    }
  } finally {
    try { unlinkSync(aside); } catch { /* not written */ }
  }
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, text);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Removes a stale lock only if it is still the one judged stale: it is moved aside (atomic) and
 * checked there; a lock another starter took meanwhile is put back rather than deleted.
 */
function removeIfStill(path: string, seen: string, seq: number | undefined): void {
  const aside = `${path}.${process.pid}.${seq ?? 0}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already (another starter moved it): try again
  }
  if (readText(aside) !== seen) {
    try { linkSync(aside, path); } catch { /* a third starter holds it now */ }
  }
  try { unlinkSync(aside); } catch { /* gone */ }
}

function heldLock(path: string, record: LockOwner): StateLock {
  return {
    listening(host, port) {
      // Replaced whole (write, then rename over), so a reader never sees half a record.
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify({ ...record, host, port }), { mode: 0o600 });
        renameSync(tmp, path);
      } catch {
        try { unlinkSync(tmp); } catch { /* never written */ }
      }
    },
    release() {
      try {
        // Only this very lock: in one process a new holder (the desktop app's node agent
        // resumed while the paused one still stops) takes the lock over from an old one, and
        // the old one's release must not then free it for a second process.
        const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; seq?: number };
        if (owner.pid === process.pid && owner.seq === record.seq) unlinkSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}
