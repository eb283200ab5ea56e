/**
 * Makes a node's commands die with its agent. Node cannot set PR_SET_PDEATHSIG on its children,
 * and commands run in their own process groups (so a timeout reaches grandchildren), which also
 * means nothing kills them when the agent is SIGKILLed. So the agent keeps one tiny `/bin/sh`
 * watcher in its own session, connected by a pipe: the agent writes `+ PGID` when a command
 * starts and `- PGID` when it ends. When the pipe closes — the agent exited, crashed or was
 * killed with -9, since the kernel closes its end either way — the watcher sends SIGTERM, then
 * SIGKILL a second later, to every group still listed, and exits.
 *
 * POSIX only (Windows has no process groups to signal; run-ledger.ts cleans up at next start).
 * If the watcher cannot start or dies, runs go on; the ledger still covers the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const WATCHER = `
trap '' HUP INT
groups=' '
while IFS= read -r line; do
  g=\${line#? }
  case $g in ''|*[!0-9]*) continue ;; esac
  case $line in
    '+ '*) groups="$groups$g " ;;
    '- '*) case $groups in *" $g "*) groups="\${groups%% $g *} \${groups#* $g }" ;; esac ;;
  esac
done
[ "$groups" = ' ' ] && exit 0
for g in $groups; do kill -TERM -"$g" 2>/dev/null; done
sleep 1
for g in $groups; do kill -KILL -"$g" 2>/dev/null; done
exit 0
`;

export class Reaper {
  private child: ChildProcess | undefined;
  private readonly warn: (message: string) => void;
  private failed = false;

  constructor(warn: (message: string) => void) {
    this.warn = warn;
  }

  /** Starts the watcher on first use. */
  private ensure(): ChildProcess | undefined {
    if (process.platform === 'win32' || this.failed) return undefined;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.stdin?.writable) return this.child;
    try {
      const child = spawn('/bin/sh', ['-c', WATCHER], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      child.on('error', (err) => {
        this.failed = true;
        this.warn(`cannot start the watcher that stops commands when this agent dies (${err.message}); leftovers are killed at the next start instead`);
      });
      child.stdin?.on('error', () => { /* watcher gone: the ledger covers the next start */ });
      // Neither the watcher nor its pipe may keep the agent's process alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.child = child;
      return child;
    } catch (err) {
      this.failed = true;
      this.warn(`cannot start the watcher that stops commands when this agent dies (${(err as Error).message})`);
      return undefined;
    }
  }

  /** Starts the watcher ahead of the first command (its fork and exec then never race a run). */
  prepare(): void {
    this.ensure();
  }

  /** A command's process group started. */
  watch(pgid: number): void {
    this.ensure()?.stdin?.write(`+ ${pgid}\n`);
  }

  /** A command's process group is finished (or killed by us). */
  release(pgid: number): void {
    const c = this.child;
    if (c?.stdin?.writable) c.stdin.write(`- ${pgid}\n`);
  }

  /** Closes the pipe; the watcher exits (killing whatever is still listed). */
  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }
}
