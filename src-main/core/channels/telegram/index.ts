/**
 * The `telegram` feature module: a grammy bot that polls outbound (no port opened), admits owners
 * by pairing code, answers commands, posts one-tap approval cards and alerts. Everything it does
 * goes through the gateway's own methods (see ../operator-session.ts), so the CLI and the web UI
 * can do the same; these methods are how they manage the bot itself (`hearth telegram …`).
 */
import { Type } from '@sinclair/typebox';
import { ErrorCode, ProtocolError } from '../../../../src-shared/protocol/errors.ts';
import { defineMethods } from '../../modules/define-method.ts';
import type { FeatureModule, ModuleHealth } from '../../modules/types.ts';
import { TelegramService } from './service.ts';
import { TELEGRAM_MIGRATIONS } from './store.ts';

export interface TelegramModule extends FeatureModule {
  service(): TelegramService | undefined;
}

export function telegramModule(): TelegramModule {
  let svc: TelegramService | undefined;
  const need = (): TelegramService => {
    if (!svc) throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: 'the Telegram module is not running; check the gateway log' });
    return svc;
  };
  const admin = 'operator.admin';
  const methods = defineMethods({
    'hearth.telegram.status': { role: 'operator', scope: 'operator.read', handler: () => need().status() },
    'hearth.telegram.set': {
      role: 'operator', scope: admin,
      handler: (p) => need().set(p.token, p.apiRoot),
    },
    'hearth.telegram.off': { role: 'operator', scope: admin, handler: () => need().off() },
    'hearth.telegram.pending': { role: 'operator', scope: admin, handler: () => ({ pending: need().pendingCodes() }) },
    'hearth.telegram.approve': {
      role: 'operator', scope: admin,
      handler: (p, ctx) => ({ owner: need().approve(p.code, ctx.session.principal) }),
    },
    'hearth.telegram.users': { role: 'operator', scope: admin, handler: () => ({ owners: need().owners() }) },
    'hearth.telegram.remove': {
      role: 'operator', scope: admin,
      handler: (p) => ({ removed: need().remove(p.user) }),
    },
  });
  return {
    name: 'telegram',
    migrations: TELEGRAM_MIGRATIONS,
    methods,
    settings: [
      { key: 'alertGroupMs', schema: Type.Integer({ minimum: 0, maximum: 600_000 }), default: 3000, description: 'alerts arriving within this many ms go out as one Telegram message', restart: true },
      { key: 'alertIntervalMs', schema: Type.Integer({ minimum: 0, maximum: 3_600_000 }), default: 60_000, description: 'the least time between two alert messages to the owners, in ms', restart: true },
      { key: 'pollTimeoutSec', schema: Type.Integer({ minimum: 1, maximum: 50 }), default: 30, description: "seconds one Telegram long poll waits for updates", restart: true },
    ],
    events: { 'hearth.telegram.changed': { operators: 'operator.read', nodes: false, ui: true } },
    start(ctx) {
      svc = new TelegramService(ctx, (status) => ctx.gw.events.broadcast('hearth.telegram.changed', status));
      svc.start();
    },
    async stop() {
      await svc?.stop();
      svc = undefined;
    },
    service: () => svc,
    health(): ModuleHealth {
      if (!svc) return { state: 'down', summary: 'Telegram module not running' };
      const s = svc.status();
      const bot = s.bot ? `@${s.bot.username}` : 'no bot';
      switch (s.state) {
        case 'disabled': return { state: 'disabled', summary: 'Telegram bot off (hearth telegram set --token …)' };
        case 'polling': return { state: 'ok', summary: `Telegram ${bot} polling, ${s.owners} owner(s)` };
        case 'unauthorized': return { state: 'down', summary: `Telegram ${bot}: token refused`, warnings: [s.lastError ?? 'token refused'] };
        default: return { state: 'degraded', summary: `Telegram ${bot}: ${s.state}`, warnings: [s.lastError ?? s.state] };
      }
    },
  };
}
