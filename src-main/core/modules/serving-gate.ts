/**
 * The moment a starting gateway serves, and the work that waits for it
 * (`ModuleContext.whenServing`): a module's first look at the world (Tailscale detection
 * spawns a tool, the model scan opens sockets to local ports) used to run inside `startAll`, in
 * front of the first client's hello-ok. Now it runs right after that hello-ok has been written, or
 * {@link SERVE_GRACE_MS} after start-up when nobody connects, whichever comes first.
 */

/** How long after start-up deferred work runs when no client has connected. */
export const SERVE_GRACE_MS = 1000;

export class ServingGate {
  /** Tasks waiting for the gate; undefined once it is open. */
  private waiting: (() => void)[] | undefined = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void) {
    this.onError = onError;
  }

  /** Queues a task, or schedules it for the next turn of the event loop once the gate is open. */
  add(task: () => void): void {
    if (this.closed) return;
    if (this.waiting) this.waiting.push(task);
    else setImmediate(() => this.run(task));
  }

  /** Start-up is complete: open by itself after `graceMs` if no hello-ok opens it first. */
  arm(graceMs = SERVE_GRACE_MS): void {
    if (this.closed || !this.waiting || this.timer) return;
    this.timer = setTimeout(() => this.open(), graceMs);
    this.timer.unref();
  }

  /** The gateway serves (a hello-ok went out): the queued tasks run on the next turn, after its write. */
  open(): void {
    const tasks = this.waiting;
    if (!tasks || this.closed) return;
    this.waiting = undefined;
    clearTimeout(this.timer);
    if (tasks.length > 0) setImmediate(() => { for (const t of tasks) this.run(t); });
  }

  get isOpen(): boolean {
    return this.waiting === undefined;
  }

  /** The gateway stops: nothing queued or scheduled runs any more. */
  close(): void {
    this.closed = true;
    this.waiting = [];
    clearTimeout(this.timer);
  }

  private run(task: () => void): void {
    if (this.closed) return;
    try {
      task();
    } catch (err) {
      this.onError(err);
    }
  }
}
