/**
 * Which CPU each process of a latency benchmark runs on, set the same way for both paths compared.
 *
 * On a 2-vCPU VM the scheduler decides the no-op invoke ratio more than the code does: a bare relay
 * answers so quickly that Linux keeps it on the client's CPU (a wake-up there costs a context
 * switch), while the gateway, busier per frame, lands on the other CPU, and every hop then pays a
 * cross-CPU wake-up of an idle vCPU (~60 µs here). Left to the scheduler the same build measured
 * 1.7× one day and 5× the next. Pinned alike, each placement is a fair comparison:
 *
 * - `split`: servers (relay or gateway) on one CPU, this process (clients, far ends) on another,
 *   as when the gateway runs on its own machine or core;
 * - `shared`: everything on one CPU, so a hop costs only the work both sides do.
 *
 * Pinning uses `taskset` (util-linux, on every Debian); without it, or with one CPU, nothing is
 * pinned and the caller says so.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export type Placement = 'split' | 'shared';

const SERVER_CPU = 0;
const CLIENT_CPU = 1;

/** Whether placements can be set here (Linux with taskset and at least two CPUs). */
export function canPin(): boolean {
  if (process.platform !== 'linux' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Sets the CPU list of every thread of `pid` (`0`, `1`, `0-1`). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Pins this process and the given servers for `placement`; the returned function undoes it. */
export function applyPlacement(placement: Placement, serverPids: readonly number[]): () => void {
  const all = `0-${availableParallelism() - 1}`;
  const serverCpu = String(SERVER_CPU);
  const clientCpu = String(placement === 'split' ? CLIENT_CPU : SERVER_CPU);
  pin(process.pid, clientCpu);
  for (const pid of serverPids) pin(pid, serverCpu);
  return () => {
    pin(process.pid, all);
    for (const pid of serverPids) {
      try {
        pin(pid, all);
      } catch { /* it has exited */ }
    }
  };
}

export const PLACEMENT_LABEL: Record<Placement, string> = {
  split: 'server and clients on separate CPUs',
  shared: 'server and clients on one CPU',
};
