/**
 * Node-side commands a feature module adds (storage probes, model inventory, …). The node agent
 * declares their names in `connect.commands` beside `system.run`/`system.which` and routes
 * `node.invoke.request` for them here; the gateway's surface approval covers them like any other.
 */
import type { NodeErrorCode } from '../../../src-shared/protocol/errors.ts';
import type { Logger } from '../logger.ts';

export interface AgentCommandContext {
  logger: Logger;
  /** The node's device id. */
  deviceId: string;
  /** Aborted when the gateway cancels the invocation or the agent stops. */
  signal: AbortSignal;
  /**
   * Streams a piece of the answer to the gateway before the result (`node.invoke.progress`,
   * at most 16384 characters a piece, delivered in order). Resolves when the gateway has taken the
   * piece off the wire — the gateway answers only once its consumer can accept more, so awaiting
   * a bounded number of these is the backpressure. Rejects when the connection is gone.
   */
  progress(chunk: string): Promise<void>;
}

export interface AgentCommand {
  /** Dotted name, e.g. `hearth.storage.probe`; must not collide with another command. */
  name: string;
  /** Returns the payload (JSON-serialisable); throw an Error with `code` for a typed failure. */
  handler(params: unknown, ctx: AgentCommandContext): Promise<unknown> | unknown;
}

/** An error a command handler throws to answer with a specific code (`NodeErrorCode.INVALID_REQUEST`, …). */
export class AgentCommandError extends Error {
  readonly code: NodeErrorCode;
  constructor(code: NodeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
