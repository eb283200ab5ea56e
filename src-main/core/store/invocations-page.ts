/**
 * `hearth.invocations.list` params → one page of the audit history. Paged by a cursor so a
 * phone never loads the whole log: `limit` (1..500, default 50) and `before` (the `nextBefore`
 * of the previous page); the answer carries `nextBefore` while older runs exist. Runs the
 * gateway's own modules asked for (model probes) are left out unless `internal: true`.
 */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { parseInvocationCursor, type InvocationCursor, type InvocationRecord, type InvocationRepo } from './invocations.ts';

export function invocationsPage(repo: InvocationRepo, p: unknown): { items: InvocationRecord[]; nextBefore?: string } {
  const params = (p ?? {}) as { nodeId?: string; limit?: number; before?: string; internal?: boolean };
  const opts: { nodeId?: string; limit?: number; before?: InvocationCursor; internal?: boolean } = {};
  if (params.nodeId) opts.nodeId = params.nodeId;
  if (params.internal === true) opts.internal = true;
  if (params.limit) opts.limit = params.limit;
  if (params.before !== undefined) {
    const cursor = parseInvocationCursor(params.before);
    if (!cursor) throw invalidRequest(`before is not a history cursor: pass the nextBefore of an earlier hearth.invocations.list answer, or leave it out for the newest runs`);
    opts.before = cursor;
  }
  return repo.page(opts);
}
