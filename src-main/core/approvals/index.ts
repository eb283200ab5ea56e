/**
 * The `approvals` feature module: exec approvals for nodes in `--exec ask` mode. Nodes call
 * `exec.approval.request` (it answers once decided); operators list and decide with
 * `exec.approval.list` / `exec.approval.resolve` (CLI `hearth approvals`, web UI, Telegram).
 * The window to decide is the setting `approvals.timeoutMs` (120 s); no answer means deny.
 */
import { Type } from '@sinclair/typebox';
import { ErrorCode, ProtocolError, invalidRequest } from '../../../src-shared/protocol/errors.ts';
import type { MethodContext, MethodSpec } from '../gateway/services.ts';
import type { FeatureModule, ModuleContext } from '../modules/types.ts';
import { EXEC_APPROVAL_MIGRATIONS, ExecApprovals, type ExecApproval, type ExecDecision } from './exec-approvals.ts';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
const MIN_TIMEOUT_MS = 5_000;
const MAX_TIMEOUT_MS = 600_000;

/** What a node receives: the decision and exactly what it is bound to. */
export interface ExecApprovalAnswer {
  id: string;
  decision: ExecDecision;
  state: ExecApproval['state'];
  argv: string[];
  cwd?: string;
  envHash: string;
  decidedBy?: string;
}

const StrMap = Type.Record(Type.String(), Type.String());

const requestSchema = Type.Object({
  argv: Type.Array(Type.String({ maxLength: 8192 }), { minItems: 1, maxItems: 512 }),
  cwd: Type.Optional(Type.String({ maxLength: 4096 })),
  env: Type.Optional(StrMap),
  invokeId: Type.Optional(Type.String({ maxLength: 128 })),
}, { additionalProperties: false });

const resolveSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  decision: Type.Union([Type.Literal('allow-once'), Type.Literal('allow-always'), Type.Literal('deny')]),
}, { additionalProperties: false });

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

  const methods: Record<string, MethodSpec> = {
    'exec.approval.request': {
      role: 'node', schema: requestSchema,
      handler: async (p: { argv: string[]; cwd?: string; env?: Record<string, string>; invokeId?: string }, ctx: MethodContext) => {
        const nodeId = ctx.session.deviceId;
        if (!nodeId) throw invalidRequest('exec approvals need a paired node identity');
        const window = timeoutMs();
        // The run waiting on this approval must not time out at the gateway while a person decides.
        if (p.invokeId) ctx.gw.nodes.router.extendDeadline(p.invokeId, nodeId, window);
        const abort = new AbortController();
        const socket = ctx.session.socket as { once?: (ev: string, fn: () => void) => void };
        socket.once?.('close', () => abort.abort());
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
      role: 'operator', scope: 'operator.approvals', schema: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      handler: (p: { limit?: number }) => ({ pending: need().pending(), recent: need().recent(p.limit ?? 20), timeoutMs: timeoutMs() }),
    },
    'exec.approval.resolve': {
      role: 'operator', scope: 'operator.approvals', schema: resolveSchema,
      handler: (p: { id: string; decision: ExecDecision }, ctx: MethodContext) => {
        const outcome = need().resolve(p.id, p.decision, ctx.session.principal);
        if (!outcome) {
          throw new ProtocolError({ code: ErrorCode.APPROVAL_NOT_FOUND, message: `unknown exec approval ${p.id}; see \`hearth approvals list\``, details: { id: p.id } });
        }
        if (!outcome.ok) {
          const a = outcome.approval;
          const message = outcome.reason === 'expired'
            ? `exec approval ${p.id} expired without an answer (the command was denied)`
            : `exec approval ${p.id} was already decided: ${a.state}${a.decidedBy ? ` by ${a.decidedBy}` : ''}`;
          throw invalidRequest(message, { code: outcome.reason === 'expired' ? 'EXPIRED' : 'ALREADY_DECIDED', approval: a });
        }
        ctx.gw.log.info('exec approval decided', { id: p.id, decision: p.decision, by: ctx.session.principal, nodeId: outcome.approval.nodeId });
        return outcome.approval;
      },
    },
    'exec.approval.settings': {
      role: 'operator',
      scope: (params) => ((params as { timeoutMs?: number }).timeoutMs === undefined ? ['operator.approvals'] : ['operator.admin']),
      schema: Type.Object({ timeoutMs: Type.Optional(Type.Integer({ minimum: MIN_TIMEOUT_MS, maximum: MAX_TIMEOUT_MS })) }, { additionalProperties: false }),
      handler: (p: { timeoutMs?: number }) => {
        if (p.timeoutMs !== undefined) mctx?.settings.set('timeoutMs', p.timeoutMs);
        return { timeoutMs: timeoutMs() };
      },
    },
  };

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
