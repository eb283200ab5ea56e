/**
 * Exit codes of `hearth nodes run`: the remote command's own code, 124 on timeout (like
 * coreutils `timeout`), 127 when it never launched (like a shell), 126 when the node's exec
 * policy refused it, 1 for gateway-side failures.
 */
import type { ProtocolError } from '../../src-shared/protocol/errors.ts';
import type { SystemRunResult } from '../../src-shared/protocol/types.ts';
import { CliError } from './cli-error.ts';
import { launchFailureText } from './nodes-run-hints.ts';

export const EXIT_TIMEOUT = 124;
export const EXIT_DENIED = 126;
export const EXIT_NOT_LAUNCHED = 127;

export interface RunOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** One-line failure reason for stderr when the exit code is Hearth's, not the command's. */
  failure?: string;
}

/** Maps a `system.run` result (SPEC §9.1) to what the CLI prints and exits with. */
export function outcomeFromResult(r: SystemRunResult, node: string, timeoutMs: number, program?: string): RunOutcome {
  const base = { stdout: typeof r.stdout === 'string' ? r.stdout : '', stderr: typeof r.stderr === 'string' ? r.stderr : '' };
  if (r.timedOut) {
    return { ...base, exitCode: EXIT_TIMEOUT, failure: `the command timed out after ${timeoutMs} ms on ${node}; raise --timeout` };
  }
  if (typeof r.exitCode === 'number') return { ...base, exitCode: r.exitCode };
  if (r.error) return { ...base, exitCode: EXIT_NOT_LAUNCHED, failure: launchFailureText(node, program, r.error) };
  return { ...base, exitCode: r.success ? 0 : 1 };
}

function nodeErrorCode(err: ProtocolError): string | undefined {
  const ne = err.details?.['nodeError'];
  if (ne && typeof ne === 'object' && typeof (ne as { code?: unknown }).code === 'string') return (ne as { code: string }).code;
  return undefined;
}

/** Maps a `node.invoke` error response to a one-line CliError with the right exit code. */
export function invokeFailure(err: ProtocolError, node: string, timeoutMs: number): CliError {
  const detail = err.detailCode;
  const nodeCode = nodeErrorCode(err);
  if ((detail === 'NOT_CONNECTED' || nodeCode === 'NOT_CONNECTED') && err.details?.['nodeCommandDispatched'] === true) {
    // The run had started: the node did not just go missing, it went away in the middle of it.
    const after = /output cut off after (\d+ (?:characters|bytes))/.exec(err.message);
    return new CliError(
      `output cut off: node ${node} disconnected while the command was running${after ? ` (after ${after[1]} of output)` : ''}; ` +
      `the run was cut off there (a node stops its commands when its agent goes away) — check \`hearth nodes describe ${node}\` and run it again once the node is back`,
    );
  }
  if (detail === 'CANCELLED' || nodeCode === 'CANCELLED') return new CliError(`cancelled: ${err.message}`, 130);
  if (detail === 'NOT_CONNECTED' || nodeCode === 'NOT_CONNECTED') {
    return new CliError(`node ${node} is not connected; start \`hearth node run\` on that machine (see \`hearth nodes list\`)`);
  }
  if (nodeCode === 'TIMEOUT' || detail === 'TIMEOUT') {
    return new CliError(`node ${node} did not finish within ${timeoutMs} ms; raise --timeout`, EXIT_TIMEOUT);
  }
  if (detail === 'EXEC_DENIED' || nodeCode === 'EXEC_DENIED') {
    const fix = /hearth node run/.test(err.message) ? "" : "; widen its policy on that machine with `hearth node run --exec full` or `--allow <cmd>`";
    return new CliError(`node ${node} refused the command: ${err.message}${fix}`, EXIT_DENIED);
  }
  if (detail === 'PAIRING_CHANGED') return new CliError(`node ${node} changed its pairing while the command was starting; retry`);
  if (/awaiting operator approval|not allowed|pending-approval/i.test(err.message)) {
    const fix = /hearth nodes approve/.test(err.message) ? '' : '; approve it with `hearth nodes approve --latest`';
    return new CliError(`node ${node} cannot run commands yet: ${err.message}${fix}`);
  }
  if (detail === 'MISSING_SCOPE') {
    return new CliError(`the gateway denied node.invoke (${err.message}); run this on the gateway machine or with its --token`);
  }
  return new CliError(`running on ${node} failed: ${err.message}`);
}
