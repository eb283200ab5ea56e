/**
 * The node's record of commands it has running, one small file per process group in
 * `<stateDir>/running/`. Written when a command starts and removed when it ends, so after an
 * agent dies hard (kill -9, power loss of the session, a crash) the next agent start finds what
 * the previous instance left behind and kills it ({@link sweepLeftovers}).
 *
 * A recorded group is only killed when it is provably the one we started: on Linux the leader's
 * start time (from /proc) must match, elsewhere the machine must not have rebooted since; and the
 * agent that recorded it must be gone.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../../pid-alive.ts';
import { groupAlive, killTree } from './kill-tree.ts';

interface LedgerEntry {
  pgid: number;
  /** Leader start time in clock ticks since boot (Linux /proc/<pid>/stat field 22). */
  startTicks?: string;
  /** Wall-clock boot time, to skip entries from before a reboot where /proc is missing. */
  bootAtMs: number;
  agentPid: number;
  agentStartTicks?: string;
  command: string;
  startedAtMs: number;
}

/** Field 22 of /proc/<pid>/stat, or undefined off Linux / when the process is gone. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const bootAtMs = (): number => Date.now() - uptime() * 1000;

export class RunLedger {
  readonly dir: string;
  private readonly warn: (message: string) => void;

  constructor(stateDir: string, warn: (message: string) => void) {
    this.dir = join(stateDir, 'running');
    this.warn = warn;
  }

  private file(pgid: number): string {
    return join(this.dir, `${pgid}.json`);
  }

  /** Records a started group; a failure to write is reported, never fatal to the run. */
  add(pgid: number, command: string): void {
    const entry: LedgerEntry = { pgid, bootAtMs: bootAtMs(), agentPid: process.pid, command: command.slice(0, 200), startedAtMs: Date.now() };
    const ticks = processStartTicks(pgid);
    if (ticks !== undefined) entry.startTicks = ticks;
    const agentTicks = processStartTicks(process.pid);
    if (agentTicks !== undefined) entry.agentStartTicks = agentTicks;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(this.file(pgid), JSON.stringify(entry), { mode: 0o600 });
    } catch (err) {
      this.warn(`could not record running command in ${this.dir}: ${(err as Error).message}`);
    }
  }

  remove(pgid: number): void {
    rmSync(this.file(pgid), { force: true });
  }

  /**
   * Kills the groups a previous, now dead agent instance left running, and forgets every stale
   * entry. Returns what was killed (for one log line).
   */
  async sweepLeftovers(): Promise<{ pgid: number; command: string }[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => /^\d+\.json$/.test(n));
    } catch {
      return [];
    }
    const killed: { pgid: number; command: string }[] = [];
    const kills: Promise<void>[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      let e: LedgerEntry;
      try {
        e = JSON.parse(readFileSync(path, 'utf8')) as LedgerEntry;
      } catch {
        rmSync(path, { force: true });
        continue;
      }
      if (!Number.isInteger(e.pgid) || e.pgid <= 1) {
        rmSync(path, { force: true });
        continue;
      }
      // Another agent on the same state dir still owns it.
      if (e.agentPid !== process.pid && pidAlive(e.agentPid) && processStartTicks(e.agentPid) === e.agentStartTicks) continue;
      const alive = process.platform === 'win32' ? pidAlive(e.pgid) : groupAlive(e.pgid);
      if (this.isOurs(e) && alive) {
        killed.push({ pgid: e.pgid, command: e.command });
        kills.push(killTree(e.pgid, { graceMs: 500 }));
      }
      rmSync(path, { force: true });
    }
    await Promise.all(kills);
    return killed;
  }

  private isOurs(e: LedgerEntry): boolean {
    if (Math.abs(bootAtMs() - e.bootAtMs) > 120_000) return false; // rebooted since: the pgid means something else now
    const ticks = processStartTicks(e.pgid);
    // The leader still exists: it must be the very process we started.
    if (ticks !== undefined) return e.startTicks === undefined || ticks === e.startTicks;
    // The leader is gone but members remain (a pgid is not reused while its group exists).
    return true;
  }
}
