/**
 * `hearth.config.*`: every setting the modules declared (modules/settings-registry.ts), with its
 * value, default and description; a change is validated against the setting's schema, and a key
 * nobody declared is refused naming the nearest declared key.
 */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { gatewayRestartHint } from '../config-reload/restart-hint.ts';
import { InvalidSettingValueError, UnknownSettingError, type DeclaredSetting } from '../modules/settings-registry.ts';
import type { SettingChange, SettingView } from '../../../src-shared/protocol/contract/config.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { GatewayServices } from './services.ts';

function view(gw: GatewayServices, s: DeclaredSetting): SettingView {
  const stored = gw.store.settings.get<unknown>(s.fullKey, undefined);
  return {
    key: s.fullKey, module: s.module, value: stored === undefined ? s.default : stored, default: s.default, isDefault: stored === undefined,
    description: s.description, restart: s.restart === true, schema: s.schema,
  };
}

/** What a change answers: the setting now, what it was, and how to apply it when it waits for a restart. */
function changed(gw: GatewayServices, s: DeclaredSetting, previous: unknown): SettingChange {
  const out: SettingChange = { ...view(gw, s), previous, restartRequired: s.restart === true };
  if (s.restart) out.restartHint = gatewayRestartHint(process.env);
  return out;
}

/** Registry errors become request errors the CLI prints as one line. */
function declared<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UnknownSettingError) throw invalidRequest(err.message, err.nearest ? { key: err.key, nearest: err.nearest } : { key: err.key });
    if (err instanceof InvalidSettingValueError) throw invalidRequest(err.message, { key: err.key });
    throw err;
  }
}

export const configMethods = defineMethods({
  'hearth.config.list': {
    role: 'operator', scope: 'operator.read',
    handler: (_p, ctx) => ({ settings: ctx.gw.modules.settings.list().map((s) => view(ctx.gw, s)) }),
  },
  'hearth.config.get': {
    role: 'operator', scope: 'operator.read',
    handler: (p, ctx) => declared(() => view(ctx.gw, ctx.gw.modules.settings.resolve(p.key))),
  },
  'hearth.config.set': {
    role: 'operator', scope: 'operator.admin',
    handler: (p, ctx) => {
      const s = declared(() => ctx.gw.modules.settings.validate(p.key, p.value));
      const previous = view(ctx.gw, s).value;
      ctx.gw.store.settings.set(s.fullKey, p.value);
      ctx.gw.log.info('setting changed', { key: s.fullKey, value: p.value, previous, by: ctx.session.principal });
      return changed(ctx.gw, s, previous);
    },
  },
  'hearth.config.reset': {
    role: 'operator', scope: 'operator.admin',
    handler: (p, ctx) => {
      const s = declared(() => ctx.gw.modules.settings.resolve(p.key));
      const previous = view(ctx.gw, s).value;
      ctx.gw.store.settings.delete(s.fullKey);
      ctx.gw.log.info('setting reset to its default', { key: s.fullKey, previous, by: ctx.session.principal });
      return changed(ctx.gw, s, previous);
    },
  },
});
