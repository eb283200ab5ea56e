/**
 * Exec `ask` mode on the node: a command outside the allowlist waits for an operator's decision at
 * the gateway (`exec.approval.request`). The answer must name exactly the argv, cwd and env this
 * run would use, or the run is refused; "Always allow" keeps that argv + cwd in the allowlist.
 */
import { envHash } from '../../approvals/env-hash.ts';
import type { Logger } from '../../logger.ts';
import type { ApprovedRun, ExecDecision } from './policy.ts';

export interface AskContext {
  logger: Logger;
  call(method: string, params: unknown, options?: { timeoutMs?: number }): Promise<unknown>;
  rememberApprovedRun?: (run: ApprovedRun) => void;
}

export interface AskedRun {
  invokeId: string;
  argv: string[];
  cwd: string | undefined;
  env: Record<string, string> | undefined;
}

// The gateway answers by its own window (at most 10 min); this only guards against a lost answer.
const ANSWER_GUARD_MS = 11 * 60_000;

/** Asks the gateway's operators; resolves with the final decision for this one run. */
export async function askOperators(ctx: AskContext, run: AskedRun, signal: AbortSignal): Promise<ExecDecision> {
  const params: Record<string, unknown> = { argv: run.argv, invokeId: run.invokeId };
  if (run.cwd !== undefined) params['cwd'] = run.cwd;
  if (run.env && Object.keys(run.env).length > 0) params['env'] = run.env;
  ctx.logger.info(`asking the gateway's operators to approve ${run.argv[0]}`, { invokeId: run.invokeId });
  let answer: { id?: string; decision?: string; argv?: unknown; cwd?: unknown; envHash?: unknown; decidedBy?: unknown };
  try {
    const asked = ctx.call('exec.approval.request', params, { timeoutMs: ANSWER_GUARD_MS }) as Promise<typeof answer>;
    answer = await Promise.race([asked, new Promise<never>((_, reject) => {
      if (signal.aborted) reject(new Error('cancelled'));
      signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    })]);
  } catch (err) {
    return { allowed: false, message: `exec approval could not be asked for (${(err as Error).message}); the command was not run` };
  }
  const by = typeof answer.decidedBy === 'string' ? ` by ${answer.decidedBy}` : '';
  if (answer.decision !== 'allow-once' && answer.decision !== 'allow-always') {
    return { allowed: false, message: by ? `exec denied${by}: ${run.argv[0]} was not approved` : `exec denied: nobody approved ${run.argv[0]} in time (approval ${answer.id ?? '?'} expired)` };
  }
  const same = Array.isArray(answer.argv) && answer.argv.length === run.argv.length && answer.argv.every((a, i) => a === run.argv[i])
    && (typeof answer.cwd === 'string' ? answer.cwd : undefined) === run.cwd && answer.envHash === envHash(run.env);
  if (!same) return { allowed: false, message: 'exec refused: the approval does not match this exact command, directory and environment' };
  if (answer.decision === 'allow-always') {
    try {
      ctx.rememberApprovedRun?.(run.cwd !== undefined ? { argv: run.argv, cwd: run.cwd } : { argv: run.argv });
    } catch (err) {
      ctx.logger.warn(`could not keep the "Always allow" decision: ${(err as Error).message}`);
    }
  }
  ctx.logger.info(`exec approved (${answer.decision})${by}`, { invokeId: run.invokeId });
  return { allowed: true };
}
