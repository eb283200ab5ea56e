/** The alerts module's methods and the `hearth.alert` event (shapes in ../alerts.ts, checked here). */
import { Type, type Static } from '@sinclair/typebox';
import { Open, Opt, Params, StringEnum, method } from './kit.ts';

const Num = Type.Number();

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

export const AlertSchema = Open({
  key: Type.String(),
  source: Type.String(),
  severity: StringEnum(ALERT_SEVERITIES),
  message: Type.String(),
  details: Opt(Type.Record(Type.String(), Type.Unknown())),
  raiseAfterMs: Opt(Num),
  clearAfterMs: Opt(Num),
  id: Opt(Type.String()),
  state: StringEnum(['open', 'cleared'] as const),
  raisedAtMs: Num,
  updatedAtMs: Num,
  clearedAtMs: Opt(Num),
  clearReason: Opt(Type.String()),
  acknowledgedAtMs: Opt(Num),
  count: Opt(Num),
});

export const AlertEventSchema = Open({ change: StringEnum(['raised', 'updated', 'cleared'] as const), alert: AlertSchema });
export const AlertsListResultSchema = Open({ ts: Num, open: Num, unacknowledged: Num, alerts: Type.Array(AlertSchema) });
export const AlertsAckResultSchema = Open({ acknowledged: Type.Array(AlertSchema) });

export const AlertsListParamsSchema = Params({
  state: Opt(StringEnum(['open', 'all'] as const)),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export const AlertsAckParamsSchema = Params({
  key: Opt(Type.String({ minLength: 1, maxLength: 512 })),
  id: Opt(Type.String({ minLength: 1, maxLength: 32 })),
  all: Opt(Type.Boolean()),
});
export type AlertsListParams = Static<typeof AlertsListParamsSchema>;
export type AlertsAckParams = Static<typeof AlertsAckParamsSchema>;

/** An alert key prefix a module declares (`hearth alerts sources`). */
export const AlertSourceSchema = Open({ prefix: Type.String(), module: Type.String(), severity: StringEnum(ALERT_SEVERITIES), description: Type.String() });

export const alertMethods = {
  'hearth.alerts.list': method(AlertsListParamsSchema, AlertsListResultSchema),
  'hearth.alerts.sources': method(Type.Object({}, { additionalProperties: false }), Open({ sources: Type.Array(AlertSourceSchema) })),
  'hearth.alerts.ack': method(AlertsAckParamsSchema, AlertsAckResultSchema),
};
