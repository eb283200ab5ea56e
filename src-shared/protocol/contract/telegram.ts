/** The Telegram bot (`hearth.telegram.*`) and the `hearth.telegram.changed` event. */
import { Type, type Static } from '@sinclair/typebox';
import { Empty, Nullable, Open, Opt, Params, method } from './kit.ts';

const Num = Type.Number();

export const TelegramStatusSchema = Open({
  /** polling, backoff, conflict, unauthorized or disabled. */
  state: Type.String(),
  bot: Nullable(Open({ id: Num, username: Type.String(), firstName: Type.String() })),
  apiRoot: Nullable(Type.String()),
  owners: Num,
  pending: Num,
  lastUpdateAtMs: Nullable(Num),
  lastError: Nullable(Type.String()),
  mutedUntilMs: Nullable(Num),
});
export type TelegramStatusView = Static<typeof TelegramStatusSchema>;

export const TelegramOwnerSchema = Open({
  userId: Num, chatId: Num, username: Opt(Type.String()), name: Type.String(), lang: Type.String(), admittedAtMs: Num,
});
export const TelegramPairingCodeSchema = Open({
  code: Type.String(), userId: Num, chatId: Num, username: Opt(Type.String()), name: Type.String(), lang: Type.String(), createdAtMs: Num, expiresAtMs: Num,
});

export const telegramMethods = {
  'hearth.telegram.status': method(Empty, TelegramStatusSchema),
  'hearth.telegram.set': method(
    Params({ token: Type.String({ minLength: 1, maxLength: 200 }), apiRoot: Opt(Type.String({ minLength: 1, maxLength: 500 })) }),
    TelegramStatusSchema,
  ),
  'hearth.telegram.off': method(Empty, TelegramStatusSchema),
  'hearth.telegram.pending': method(Empty, Open({ pending: Type.Array(TelegramPairingCodeSchema) })),
  'hearth.telegram.approve': method(Params({ code: Type.String({ minLength: 1, maxLength: 32 }) }), Open({ owner: TelegramOwnerSchema })),
  'hearth.telegram.users': method(Empty, Open({ owners: Type.Array(TelegramOwnerSchema) })),
  'hearth.telegram.remove': method(Params({ user: Type.String({ minLength: 1, maxLength: 64 }) }), Open({ removed: TelegramOwnerSchema })),
};
