/**
 * How long `hearth nodes run` waits for the gateway's answer. The gateway itself ends every run at
 * its deadline (the `node.invoke` timeoutMs: the command's `--timeout` + 5 s) and answers then,
 * however the node behaves; a run waiting for an exec approval gets the approval window on top,
 * which the gateway announces (`exec.approval.requested`). So the CLI waits that long plus
 * {@link GATEWAY_ANSWER_GRACE_MS}, and a gateway still silent by then has lost the run: the CLI
 * says so instead of waiting its old ten minutes more. Without the operator.approvals scope the
 * CLI cannot hear approvals, and keeps the longest approval window as margin. Time the CLI spends
 * not reading (its own reader is slow: `… | less`) does not count: the answer may be waiting unread.
 */
import { APPROVAL_TIMEOUT_BOUNDS } from '../../src-shared/protocol/contract/approvals.ts';

/** After the gateway's own deadline for a run, how long its answer may still take to come. */
export const GATEWAY_ANSWER_GRACE_MS = 10_000;

/** The gateway never answered within its deadline + the grace. */
export class GatewaySilentError extends Error {
  /** How long the CLI waited in all. */
  readonly waitedMs: number;
  /** How much of that was past the gateway's own deadline for the run (as far as the CLI knows it). */
  readonly pastDeadlineMs: number;
  /** Whether an exec approval window was part of the wait. */
  readonly approvalWaited: boolean;

  constructor(waitedMs: number, pastDeadlineMs: number, approvalWaited: boolean) {
    super(`no answer within ${waitedMs} ms`);
    this.waitedMs = waitedMs;
    this.pastDeadlineMs = pastDeadlineMs;
    this.approvalWaited = approvalWaited;
  }
}

export interface AnswerDeadline {
  /** Rejects with {@link GatewaySilentError} once the wait is over; never resolves. */
  readonly expired: Promise<never>;
  /** An exec approval was requested for the run: the gateway gives it `windowMs` more (a run asks once; later ones are ignored). */
  approvalRequested(windowMs: number): void;
  /**
   * The CLI stopped (true) or restarted (false) reading from the gateway (a slow reader of its
   * output): an answer sent meanwhile waits unread behind the output, so paused time does not count.
   */
  readingPaused(paused: boolean): void;
  dispose(): void;
}

/**
 * Starts the wait for a run whose gateway deadline is `gatewayBudgetMs` from now. `seesApprovals`:
 * whether this connection hears exec.approval.requested (else the longest window is added now).
 */
export function answerDeadline(gatewayBudgetMs: number, seesApprovals: boolean, graceMs = GATEWAY_ANSWER_GRACE_MS): AnswerDeadline {
  const started = Date.now();
  // Unseen approvals: the longest window is margin, not part of the gateway's known deadline.
  const margin = graceMs + (seesApprovals ? 0 : APPROVAL_TIMEOUT_BOUNDS.max);
  let deadlineAt = started + gatewayBudgetMs + margin;
  let extended = false;
  let pausedAt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fail: (e: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    fail = reject;
  });
  expired.catch(() => undefined); // read by a race; never an unhandled rejection
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pausedAt !== undefined) return;
    timer = setTimeout(() => fail(new GatewaySilentError(Date.now() - started, margin, extended)), Math.max(0, deadlineAt - Date.now()));
    timer.unref?.();
  };
  arm();
  return {
    expired,
    approvalRequested(windowMs) {
      if (extended || !Number.isFinite(windowMs) || windowMs <= 0) return;
      extended = true;
      // A window is at most what the approvals module allows; a hostile value cannot make it longer.
      deadlineAt += Math.min(windowMs, APPROVAL_TIMEOUT_BOUNDS.max);
      arm();
    },
    readingPaused(paused) {
      if (paused === (pausedAt !== undefined)) return;
      if (paused) pausedAt = Date.now();
      else {
        deadlineAt += Date.now() - pausedAt!;
        pausedAt = undefined;
      }
      arm();
    },
    dispose() {
      if (timer) clearTimeout(timer);
    },
  };
}
