/**
 * Decoding a `node.invoke` answer for `system.run` (SPEC §8.3, §9.1): the result arrives as
 * `payload` or as `payloadJSON` text; exit codes follow the shell's conventions; a node that hit
 * its output cap says so in-band (a marker at the end of the text) or, when it streamed, in
 * `dropped`. The CLI, the UI and the Telegram bot read results through this file.
 *
 * Exit codes of a run: the remote command's own code, 124 on timeout (like coreutils `timeout`),
 * 127 when it never launched (like a shell), 126 when the node's exec policy refused it, 1 for
 * gateway-side failures.
 */
import { HearthError } from '../hearth-error.ts';
import { DetailCode, NodeErrorCode, type ProtocolError } from '../protocol/errors.ts';
import type { SystemRunResult } from '../protocol/types.ts';
import { commandResultProblem } from './contract-check.ts';

export const EXIT_TIMEOUT = 124;
export const EXIT_DENIED = 126;
export const EXIT_NOT_LAUNCHED = 127;

/** What `node.invoke` answers: the node's result as an object or as JSON text. */
export interface InvokeAnswer {
  /** The command's own result (for system.run a SystemRunResult; the contract cannot know which command ran). */
  payload?: unknown;
  payloadJSON?: string | null;
}

/** The `system.run` result inside an invoke answer; undefined when the node sent none. */
export function decodeInvokeAnswer(answer: InvokeAnswer | undefined, node: string): SystemRunResult | undefined {
  if (!answer) return undefined;
  if (answer.payload && typeof answer.payload === 'object') return checkedRunResult(answer.payload, node);
  if (typeof answer.payloadJSON !== 'string' || answer.payloadJSON === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.payloadJSON);
  } catch {
    throw new HearthError(`node ${node} returned a result that is not valid JSON; upgrade hearth on that machine and run it again`);
  }
  return parsed && typeof parsed === 'object' ? checkedRunResult(parsed, node) : undefined;
}

/** The result if it is a system.run result by the contract; a one-line failure naming what is wrong otherwise. */
function checkedRunResult(value: object, node: string): SystemRunResult {
  const problem = commandResultProblem('system.run', value);
  if (problem === undefined) return value as SystemRunResult;
  const clipped = problem.length > 200 ? `${problem.slice(0, 200)}…` : problem;
  throw new HearthError(`node ${node} answered system.run with a result the Hearth contract does not allow (${clipped}); the command may have run: update Hearth on that machine and on the gateway, and check \`hearth nodes describe ${node}\``);
}

/**
 * A remote exit code as this process can pass it on: 0–255 as is. Anything else (a Windows
 * status such as 0xC0000005, a negative or fractional number from a broken peer) must neither
 * crash the exit nor wrap to 0 (256 would read as success): its low byte, or 1 when that is 0.
 */
export function passableExitCode(code: number): number {
  if (Number.isInteger(code) && code >= 0 && code <= 255) return code;
  if (!Number.isSafeInteger(code)) return 1;
  return (code & 0xff) || 1;
}

export interface RunOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** One-line failure reason when the exit code is Hearth's, not the command's. */
  failure?: string;
}

// Words only a shell runs (keywords and builtins): no node has a program of that name.
const SHELL_WORDS = new Set(['for', 'while', 'until', 'if', 'case', 'function', 'select', 'cd', 'export', 'source', 'alias', 'set', 'unset', 'ulimit', 'umask', '[[', '{', '(']);

/** A launch failure from the node (`… (ENOENT)`) phrased with the program's name. */
export function launchFailureText(node: string, program: string | undefined, error: string): string {
  const code = /\((E[A-Z]+)\)$/.exec(error)?.[1];
  if (program && code === 'ENOENT' && (SHELL_WORDS.has(program) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(program))) {
    return `"${program}" is shell syntax, and a node runs the program itself, without a shell; run the line through one: -- sh -c '…' (cmd /c … on Windows)`;
  }
  if (program && code === 'ENOENT') {
    return program.includes('/')
      ? `${node} has no program ${program} (no such file); check the path`
      : `${node} has no program "${program}" on its PATH; check the name, install it there, or give its full path`;
  }
  if (program && code === 'EACCES') return `${node} cannot execute ${program} (permission denied); make it executable there (chmod +x) or check the path`;
  return `${node} could not launch the command: ${error}`;
}

/** Maps a `system.run` result (SPEC §9.1) to what a client prints and exits with. */
export function outcomeFromResult(r: SystemRunResult, node: string, timeoutMs: number, program?: string): RunOutcome {
  const base = { stdout: typeof r.stdout === 'string' ? r.stdout : '', stderr: typeof r.stderr === 'string' ? r.stderr : '' };
  if (r.timedOut) {
    return { ...base, exitCode: EXIT_TIMEOUT, failure: `the command timed out after ${timeoutMs} ms on ${node}; raise --timeout` };
  }
  if (typeof r.exitCode === 'number') {
    const exitCode = passableExitCode(r.exitCode);
    if (exitCode === r.exitCode) return { ...base, exitCode };
    return { ...base, exitCode, failure: `the command on ${node} exited with ${r.exitCode}, which is not an exit code this shell can take; exiting ${exitCode} instead` };
  }
  if (r.error) return { ...base, exitCode: EXIT_NOT_LAUNCHED, failure: launchFailureText(node, program, r.error) };
  return { ...base, exitCode: r.success ? 0 : 1 };
}

export { NodeErrorCode };

/** The `details` of a failed call (a ProtocolError's, or any error-like object's). */
function detailsOf(err: unknown): Record<string, unknown> | undefined {
  const d = (err as { details?: unknown } | null | undefined)?.details;
  return d && typeof d === 'object' ? (d as Record<string, unknown>) : undefined;
}

function nodeErrorCode(err: unknown): string | undefined {
  const ne = detailsOf(err)?.['nodeError'];
  if (ne && typeof ne === 'object' && typeof (ne as { code?: unknown }).code === 'string') return (ne as { code: string }).code;
  return undefined;
}

/** True when a failed invoke was cancelled by an operator (the gateway's or the node's code). */
export function isCancelled(err: unknown): boolean {
  return nodeErrorCode(err) === NodeErrorCode.CANCELLED || detailsOf(err)?.['code'] === NodeErrorCode.CANCELLED;
}

/** True when the node went away while the command was running (its output stops there). */
export function isCutOff(err: unknown): boolean {
  const d = detailsOf(err);
  const gone = d?.['code'] === DetailCode.NOT_CONNECTED || nodeErrorCode(err) === NodeErrorCode.NOT_CONNECTED;
  return (gone && d?.['nodeCommandDispatched'] === true) || d?.['cutOff'] === true;
}

/** How a client's user gives a run more time; the CLI's `--timeout` by default. */
export interface InvokeFailureHints {
  timeoutFix?: string;
}

/** Maps a `node.invoke` error response to a one-line HearthError with the right exit code. */
export function invokeFailure(err: ProtocolError, node: string, timeoutMs: number, hints: InvokeFailureHints = {}): HearthError {
  const detail = err.detailCode;
  const nodeCode = nodeErrorCode(err);
  if ((detail === DetailCode.NOT_CONNECTED || nodeCode === NodeErrorCode.NOT_CONNECTED) && err.details?.['nodeCommandDispatched'] === true) {
    // The run had started: the node did not just go missing, it went away in the middle of it.
    const after = /output cut off after (\d+ (?:characters|bytes))/.exec(err.message);
    return new HearthError(
      `output cut off: node ${node} disconnected while the command was running${after ? ` (after ${after[1]} of output)` : ''}; ` +
      `a node stops its commands when its agent goes away, so this one did not finish — check \`hearth nodes describe ${node}\` and run it again once the node is back`,
    );
  }
  if (isCancelled(err)) return new HearthError(`cancelled: ${err.message}`, 130);
  if (detail === DetailCode.NOT_CONNECTED || nodeCode === NodeErrorCode.NOT_CONNECTED) {
    return new HearthError(`node ${node} is not connected; start \`hearth node run\` on that machine (see \`hearth nodes list\`)`);
  }
  if (nodeCode === NodeErrorCode.TIMEOUT || detail === NodeErrorCode.TIMEOUT) {
    return new HearthError(`node ${node} did not finish within ${timeoutMs} ms; ${hints.timeoutFix ?? 'raise --timeout'}`, EXIT_TIMEOUT);
  }
  if (detail === DetailCode.EXEC_DENIED || nodeCode === NodeErrorCode.EXEC_DENIED) {
    const fix = /hearth node run/.test(err.message) ? "" : "; widen its policy on that machine with `hearth node run --exec full` or `--allow <cmd>` (or node.exec in its hearth.json, applied without a restart)";
    return new HearthError(`node ${node} refused the command: ${err.message}${fix}`, EXIT_DENIED);
  }
  if (detail === DetailCode.PAIRING_CHANGED) return new HearthError(`node ${node} changed its pairing while the command was starting; retry`);
  if (/waiting for approval|awaiting operator approval|not allowed|pending-approval/i.test(err.message)) {
    const fix = /hearth nodes approve/.test(err.message) ? '' : '; approve it with `hearth nodes approve --latest`';
    return new HearthError(`node ${node} cannot run commands yet: ${err.message}${fix}`);
  }
  if (detail === DetailCode.MISSING_SCOPE) {
    return new HearthError(`the gateway denied node.invoke (${err.message}); run this on the gateway machine or with its --token`);
  }
  return new HearthError(`running on ${node} failed: ${err.message}`);
}

/** The node's in-band truncation marker at the end of a captured stream (non-streamed runs). */
export const TRUNCATION_MARKER = /\[hearth: output truncated(?: mid-line)? — (\d+) more bytes not captured \(limit (\d+) bytes\)\]\n?$/;
/** The marker of output cut mid-line, with the line break the node put before it. */
const MID_LINE_MARKER = /\n\[hearth: output truncated mid-line — \d+ more bytes not captured \(limit \d+ bytes\)\]\n?$/;

/** The text without the node's truncation marker (clients report it as a notice instead), as the node kept it. */
export function stripTruncationMarker(text: string): string {
  return MID_LINE_MARKER.test(text) ? text.replace(MID_LINE_MARKER, '') : text.replace(TRUNCATION_MARKER, '');
}

/** The one-line notice for a stream whose output passed the cap, or undefined. */
export function truncationNotice(name: 'stdout' | 'stderr', text: string | undefined): string | undefined {
  const m = typeof text === 'string' ? TRUNCATION_MARKER.exec(text) : null;
  if (!m) return undefined;
  return `hearth: ${name} truncated: ${m[1]} more bytes not captured (limit ${m[2]} bytes); raise --max-output`;
}

/** Every truncation notice for a result: streamed runs count `dropped` bytes, others carry the marker. */
/**
 * A run that was not streamed came back as text (SPEC §9.1): each stream whose bytes a Hearth node
 * found not to be UTF-8 is named, since its printed output is not the program's exact bytes.
 * `remedy` says how to get them (streamed runs carry raw bytes), as the end of the sentence.
 */
export function notTextNotices(result: SystemRunResult, remedy: string): string[] {
  const flags = result.notUtf8;
  if (!flags) return [];
  return (['stdout', 'stderr'] as const).filter((k) => flags[k])
    .map((k) => `hearth: ${k} was not UTF-8 text, and a run's result carries text: bytes that were not text were printed as U+FFFD (�); ${remedy}`);
}

export function truncationNotices(result: SystemRunResult): string[] {
  const dropped = result.dropped;
  const notices = dropped
    ? (['stdout', 'stderr'] as const).filter((k) => dropped[k] > 0)
      .map((k) => `hearth: ${k} truncated: ${dropped[k]} more bytes not captured (limit ${dropped.limitBytes} bytes); raise --max-output`)
    : [truncationNotice('stdout', result.stdout), truncationNotice('stderr', result.stderr)].filter((n) => n !== undefined);
  if (result.truncated && notices.length === 0) notices.push('hearth: output was truncated by the node; raise --max-output');
  return notices;
}
