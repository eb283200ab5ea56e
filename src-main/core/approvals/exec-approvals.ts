/**
 * Exec approvals at the gateway: a node in `--exec ask` mode asks before running a command outside
 * its allowlist; the request waits here until an operator decides (CLI, web UI, Telegram) or the
 * window closes (deny). The first decision wins; later ones learn who decided and when.
 * Every request is committed to `exec_approvals` before anyone is told about it.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { envHash } from './env-hash.ts';
import type { ExecApproval, ExecApprovalState as ApprovalState, ExecDecision } from '../../../src-shared/protocol/contract/approvals.ts';

export { envHash };

// The shapes are the contract's (src-shared/protocol/contract/approvals.ts): what the gateway
// stores is what operators and nodes receive.
export type { ExecApproval, ExecDecision, ExecApprovalState as ApprovalState } from '../../../src-shared/protocol/contract/approvals.ts';

/** What the node wants to run, exactly. */
export type ExecApprovalSubject = Pick<ExecApproval, 'argv' | 'cwd' | 'env'>;

export interface ResolveOutcome {
  ok: boolean;
  approval: ExecApproval;
  /** Why a resolve changed nothing. */
  reason?: 'already-decided' | 'expired';
}

export const EXEC_APPROVAL_MIGRATIONS = [
  `CREATE TABLE exec_approvals (
     id TEXT PRIMARY KEY, node_id TEXT NOT NULL, node_name TEXT, argv TEXT NOT NULL, cwd TEXT, env_keys TEXT NOT NULL,
     env_hash TEXT NOT NULL, state TEXT NOT NULL, created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
     decided_at_ms INTEGER, decided_by TEXT)`,
  'CREATE INDEX exec_approvals_created ON exec_approvals (created_at_ms)',
];

interface Row {
  id: string; node_id: string; node_name: string | null; argv: string; cwd: string | null; env_keys: string; env_hash: string;
  state: string; created_at_ms: number; expires_at_ms: number; decided_at_ms: number | null; decided_by: string | null;
}

interface Waiter {
  approval: ExecApproval;
  timer: ReturnType<typeof setTimeout>;
  settle: (a: ExecApproval) => void;
}

const HISTORY_KEEP = 500;

export class ExecApprovals {
  private readonly waiting = new Map<string, Waiter>();
  private readonly db: Db;
  private readonly clock: () => number;
  private readonly notify: (event: 'requested' | 'resolved', a: ExecApproval) => void;

  constructor(db: Db, clock: () => number, notify: (event: 'requested' | 'resolved', a: ExecApproval) => void) {
    this.db = db;
    this.clock = clock;
    this.notify = notify;
    // Requests left open by a previous gateway can never be answered: their node got no decision.
    db.prepare("UPDATE exec_approvals SET state = 'expired', decided_at_ms = ? WHERE state = 'pending'").run(clock());
  }

  /** Opens a request and resolves with the final approval once decided or expired (or `signal` aborts). */
  request(subject: ExecApprovalSubject & { nodeId: string; nodeName?: string }, timeoutMs: number, signal?: AbortSignal): { approval: ExecApproval; done: Promise<ExecApproval> } {
    const now = this.clock();
    const approval: ExecApproval = {
      id: randomUUID(), nodeId: subject.nodeId, argv: [...subject.argv], envHash: envHash(subject.env), state: 'pending',
      createdAtMs: now, expiresAtMs: now + timeoutMs,
    };
    if (subject.nodeName) approval.nodeName = subject.nodeName;
    if (subject.cwd !== undefined) approval.cwd = subject.cwd;
    if (subject.env && Object.keys(subject.env).length > 0) approval.env = { ...subject.env };
    this.db.prepare(`INSERT INTO exec_approvals (id, node_id, node_name, argv, cwd, env_keys, env_hash, state, created_at_ms, expires_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`).run(
      approval.id, approval.nodeId, approval.nodeName ?? null, JSON.stringify(approval.argv), approval.cwd ?? null,
      JSON.stringify(Object.keys(subject.env ?? {})), approval.envHash, now, approval.expiresAtMs,
    );
    this.prune();
    const done = new Promise<ExecApproval>((resolve) => {
      const timer = setTimeout(() => this.finish(approval.id, 'expired', undefined), timeoutMs);
      timer.unref?.();
      this.waiting.set(approval.id, { approval, timer, settle: resolve });
    });
    signal?.addEventListener('abort', () => this.finish(approval.id, 'expired', 'cancelled'), { once: true });
    this.notify('requested', approval);
    return { approval, done };
  }

  /** Decides a pending request; the first decision wins. `undefined` when the id was never seen. */
  resolve(id: string, decision: ExecDecision, by: string): ResolveOutcome | undefined {
    if (this.waiting.has(id)) return { ok: true, approval: this.finish(id, decision, by)! };
    const past = this.get(id);
    if (!past) return undefined;
    return { ok: false, approval: past, reason: past.state === 'expired' ? 'expired' : 'already-decided' };
  }

  private finish(id: string, state: Exclude<ApprovalState, 'pending'>, by: string | undefined): ExecApproval | undefined {
    const w = this.waiting.get(id);
    if (!w) return undefined;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    const now = this.clock();
    const approval: ExecApproval = { ...w.approval, state, decidedAtMs: now };
    if (by) approval.decidedBy = by;
    this.db.prepare('UPDATE exec_approvals SET state = ?, decided_at_ms = ?, decided_by = ? WHERE id = ?').run(state, now, by ?? null, id);
    w.settle(approval);
    this.notify('resolved', approval);
    return approval;
  }

  pending(): ExecApproval[] {
    return [...this.waiting.values()].map((w) => w.approval).sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  /** A request as it stands now (pending ones with their env; past ones from the table, env names only). */
  get(id: string): ExecApproval | undefined {
    const w = this.waiting.get(id);
    if (w) return w.approval;
    const row = this.db.prepare<[string], Row>('SELECT * FROM exec_approvals WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  recent(limit = 20): ExecApproval[] {
    return this.db.prepare<[number], Row>("SELECT * FROM exec_approvals WHERE state != 'pending' ORDER BY created_at_ms DESC LIMIT ?").all(limit).map(fromRow);
  }

  /** Ends every wait (gateway stopping): each counts as expired, so the node denies. */
  close(): void {
    for (const id of [...this.waiting.keys()]) this.finish(id, 'expired', 'gateway stopped');
  }

  private prune(): void {
    this.db.prepare(`DELETE FROM exec_approvals WHERE state != 'pending' AND id NOT IN
      (SELECT id FROM exec_approvals ORDER BY created_at_ms DESC LIMIT ?)`).run(HISTORY_KEEP);
  }
}

function fromRow(r: Row): ExecApproval {
  const a: ExecApproval = {
    id: r.id, nodeId: r.node_id, argv: JSON.parse(r.argv) as string[], envHash: r.env_hash, state: r.state as ApprovalState,
    createdAtMs: r.created_at_ms, expiresAtMs: r.expires_at_ms,
  };
  if (r.node_name) a.nodeName = r.node_name;
  if (r.cwd !== null) a.cwd = r.cwd;
  const keys = JSON.parse(r.env_keys) as string[];
  // Values are not kept after the decision (they may be secrets); names show what was set.
  if (keys.length > 0) a.env = Object.fromEntries(keys.map((k) => [k, '…']));
  if (r.decided_at_ms !== null) a.decidedAtMs = r.decided_at_ms;
  if (r.decided_by) a.decidedBy = r.decided_by;
  return a;
}
