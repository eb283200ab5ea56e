/**
 * The `approvals` feature module: exec approvals for nodes in `--exec ask` mode. Nodes call
 * `exec.approval.request` (it answers once decided); operators list and decide with
 * `exec.approval.list` / `exec.approval.resolve` (CLI `hearth approvals`, web UI, Telegram).
 * The window to decide is the setting `approvals.timeoutMs` (120 s); no answer means deny.
 */
import { Type } from '@sinclair/typebox';
import { DetailCode, ErrorCode, ProtocolError, invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { APPROVAL_TIMEOUT_BOUNDS, type ExecApprovalAnswer } from '../../../src-shared/protocol/contract/approvals.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule, ModuleContext } from '../modules/types.ts';
import { EXEC_APPROVAL_MIGRATIONS, ExecApprovals } from './exec-approvals.ts';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
const MIN_TIMEOUT_MS = APPROVAL_TIMEOUT_BOUNDS.min;
const MAX_TIMEOUT_MS = APPROVAL_TIMEOUT_BOUNDS.max;

export interface ApprovalsModule extends FeatureModule {
  /** The live service (for other modules in the same process, e.g. Telegram). */
  service(): ExecApprovals | undefined;
}

export function approvalsModule(): ApprovalsModule {
  let svc: ExecApprovals | undefined;
  let mctx: ModuleContext | undefined;
  const need = (): ExecApprovals => {
    if (!svc) throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: 'exec approvals are not running yet; retry in a moment' });
    return svc;
  };
  const timeoutMs = () => {
    const v = mctx?.settings.get<number>('timeoutMs', DEFAULT_APPROVAL_TIMEOUT_MS) ?? DEFAULT_APPROVAL_TIMEOUT_MS;
    return Number.isFinite(v) ? Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, v)) : DEFAULT_APPROVAL_TIMEOUT_MS;
  };

  const methods = defineMethods({
    'exec.approval.request': {
      role: 'node',
      handler: async (p, ctx) => {
        const nodeId = ctx.session.deviceId;
        if (!nodeId) throw invalidRequest('exec approvals need a paired node identity');
        const window = timeoutMs();
        // The run waiting on this approval must not time out at the gateway while a person decides.
        if (p.invokeId) ctx.gw.nodes.router.extendDeadline(p.invokeId, nodeId, window);
        const abort = new AbortController();
        const socket = ctx.session.socket as { once?: (ev: string, fn: () => void) => void };
        socket.once?.('close', () => abort.abort());
        // A run cancelled (Ctrl-C, Cancel, its caller gone) or ended otherwise while it waits
        // takes its request with it: nobody should approve a command that will not run.
        if (p.invokeId) ctx.gw.nodes.router.whenEnded(p.invokeId, nodeId, () => abort.abort());
        const entry = ctx.gw.nodes.entry(nodeId);
        const subject: Parameters<ExecApprovals['request']>[0] = { nodeId, argv: p.argv };
        if (entry?.displayName) subject.nodeName = entry.displayName;
        if (p.cwd !== undefined) subject.cwd = p.cwd;
        if (p.env) subject.env = p.env;
        const { done } = need().request(subject, window, abort.signal);
        const final = await done;
        const answer: ExecApprovalAnswer = {
          id: final.id, state: final.state, decision: final.state === 'allow-once' || final.state === 'allow-always' ? final.state : 'deny',
          argv: final.argv, envHash: final.envHash,
        };
        if (final.cwd !== undefined) answer.cwd = final.cwd;
        if (final.decidedBy) answer.decidedBy = final.decidedBy;
        return answer;
      },
    },
    'exec.approval.list': {
      role: 'operator', scope: 'operator.approvals',
      handler: (p) => ({ pending: need().pending(), recent: need().recent(p.limit ?? 20), timeoutMs: timeoutMs() }),
    },
    'exec.approval.resolve': {
      role: 'operator', scope: 'operator.approvals',
      handler: (p, ctx) => {
        const outcome = need().resolve(p.id, p.decision, ctx.session.principal);
        if (!outcome) {
          throw new ProtocolError({ code: ErrorCode.APPROVAL_NOT_FOUND, message: `unknown exec approval ${p.id}; see \`hearth approvals list\``, details: { id: p.id } });
        }
        if (!outcome.ok) {
          const a = outcome.approval;
          // An expired request ended by its run (cancelled, timed out, cut off) or by a gateway stop
          // says so: it was not a wait that ran out, and there is no command left to allow.
          const message = outcome.reason !== 'expired'
            ? `exec approval ${p.id} was already decided: ${a.state}${a.decidedBy ? ` by ${a.decidedBy}` : ''}`
            : a.decidedBy === 'cancelled'
              ? `exec approval ${p.id} ended with its run (cancelled, timed out or cut off before an answer); there is no command left to allow`
              : a.decidedBy === 'gateway stopped'
                ? `exec approval ${p.id} ended when the gateway stopped (the command was denied); run the command again to ask anew`
                : `exec approval ${p.id} expired without an answer (the command was denied)`;
          throw invalidRequest(message, { code: outcome.reason === 'expired' ? DetailCode.APPROVAL_EXPIRED : DetailCode.APPROVAL_ALREADY_DECIDED, approval: a });
        }
        ctx.gw.log.info('exec approval decided', { id: p.id, decision: p.decision, by: ctx.session.principal, nodeId: outcome.approval.nodeId });
        return outcome.approval;
      },
    },
    'exec.approval.settings': {
      role: 'operator',
      scope: (params) => (params.timeoutMs === undefined ? ['operator.approvals'] : ['operator.admin']),
      handler: (p) => {
        if (p.timeoutMs !== undefined) mctx?.settings.set('timeoutMs', p.timeoutMs);
        return { timeoutMs: timeoutMs() };
      },
    },
  });

  return {
    name: 'approvals',
    migrations: EXEC_APPROVAL_MIGRATIONS,
    methods,
    settings: [
      { key: 'timeoutMs', schema: Type.Integer({ minimum: MIN_TIMEOUT_MS, maximum: MAX_TIMEOUT_MS }), default: DEFAULT_APPROVAL_TIMEOUT_MS, description: 'how long a node in --exec ask mode waits for a decision before it denies, in ms' },
    ],
    events: {
      'exec.approval.requested': { operators: 'operator.approvals', nodes: false },
      'exec.approval.resolved': { operators: 'operator.approvals', nodes: false },
    },
    start(ctx) {
      mctx = ctx;
      svc = new ExecApprovals(ctx.gw.store.db, ctx.gw.clock, (event, a) => ctx.gw.events.broadcast(`exec.approval.${event}`, a));
    },
    stop() {
      svc?.close();
      svc = undefined;
    },
    service: () => svc,
    health() {
      const n = svc?.pending().length ?? 0;
      return { state: 'ok', summary: n === 0 ? 'no exec approvals waiting' : `${n} exec approval(s) waiting (hearth approvals list)`, pending: n };
    },
  };
}
