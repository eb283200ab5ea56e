/** Exec approvals (`--exec ask` nodes): the node asks, operators decide. */
import { Type, type Static } from '@sinclair/typebox';
import { Open, Opt, Params, StringEnum, method } from './kit.ts';

const Num = Type.Number();
const StrMap = Type.Record(Type.String(), Type.String());

export const EXEC_DECISIONS = ['allow-once', 'allow-always', 'deny'] as const;
export type ExecDecision = (typeof EXEC_DECISIONS)[number];
export const EXEC_APPROVAL_STATES = ['pending', ...EXEC_DECISIONS, 'expired'] as const;
export type ExecApprovalState = (typeof EXEC_APPROVAL_STATES)[number];

export const ExecApprovalSchema = Open({
  id: Type.String(),
  nodeId: Type.String(),
  nodeName: Opt(Type.String()),
  argv: Type.Array(Type.String()),
  cwd: Opt(Type.String()),
  env: Opt(StrMap),
  /** SHA-256 over the canonical env (sorted pairs); what the decision is bound to besides argv and cwd. */
  envHash: Type.String(),
  state: StringEnum(EXEC_APPROVAL_STATES),
  createdAtMs: Num,
  expiresAtMs: Num,
  decidedAtMs: Opt(Num),
  decidedBy: Opt(Type.String()),
});
export type ExecApproval = Static<typeof ExecApprovalSchema>;

/** What a node receives: the decision and exactly what it is bound to. */
export const ExecApprovalAnswerSchema = Open({
  id: Type.String(),
  decision: StringEnum(EXEC_DECISIONS),
  state: StringEnum(EXEC_APPROVAL_STATES),
  argv: Type.Array(Type.String()),
  cwd: Opt(Type.String()),
  envHash: Type.String(),
  decidedBy: Opt(Type.String()),
});
export type ExecApprovalAnswer = Static<typeof ExecApprovalAnswerSchema>;

export const ExecApprovalRequestParamsSchema = Params({
  argv: Type.Array(Type.String({ maxLength: 8192 }), { minItems: 1, maxItems: 512 }),
  cwd: Opt(Type.String({ maxLength: 4096 })),
  env: Opt(StrMap),
  invokeId: Opt(Type.String({ maxLength: 128 })),
});

/** Bounds of the decision window (setting `approvals.timeoutMs`). */
export const APPROVAL_TIMEOUT_BOUNDS = { min: 5_000, max: 600_000 } as const;

export const ExecApprovalListResultSchema = Open({
  pending: Type.Array(ExecApprovalSchema),
  recent: Opt(Type.Array(ExecApprovalSchema)),
  timeoutMs: Opt(Num),
});
export type ExecApprovalListResult = Static<typeof ExecApprovalListResultSchema>;

export const approvalMethods = {
  'exec.approval.request': method(ExecApprovalRequestParamsSchema, ExecApprovalAnswerSchema),
  // Open, as shipped: OpenClaw clients may pass their own filters.
  'exec.approval.list': method(Type.Object({ limit: Opt(Type.Integer({ minimum: 1, maximum: 200 })) }), ExecApprovalListResultSchema),
  'exec.approval.resolve': method(
    Params({ id: Type.String({ minLength: 1, maxLength: 128 }), decision: StringEnum(EXEC_DECISIONS) }),
    ExecApprovalSchema,
  ),
  'exec.approval.settings': method(
    Params({ timeoutMs: Opt(Type.Integer({ minimum: APPROVAL_TIMEOUT_BOUNDS.min, maximum: APPROVAL_TIMEOUT_BOUNDS.max })) }),
    Open({ timeoutMs: Num }),
  ),
};
