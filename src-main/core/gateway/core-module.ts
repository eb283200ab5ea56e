/**
 * The `gateway` core module: the connection-level events every client sees (the connect
 * challenge, ticks, shutdown), the gateway's own identity and effective configuration, its
 * runtime settings (`hearth.settings.*`, persisted under `gateway.`), and `hearth.config.*` over
 * every module's declared settings.
 */
import { Type } from '@sinclair/typebox';
import { defineMethods } from '../modules/define-method.ts';
import type { FeatureModule } from '../modules/types.ts';
import { TARGETED } from './broadcaster.ts';
import { configMethods } from './config-methods.ts';

/** `autoApproveLocal`: the start-up value (flag, hearth.json) is the default a stored choice overrides. */
export function gatewayCoreModule(opts: { autoApproveLocal?: boolean } = {}): FeatureModule {
  return {
    name: 'gateway',
    settings: [{
      key: 'autoApproveLocal', schema: Type.Boolean(), default: opts.autoApproveLocal ?? false,
      description: 'admit devices and nodes connecting from this machine (loopback) without an approval',
    }],
    alertSources: [
      // Raised by config-reload/gateway-reloader.ts (CONFIG_ALERT_KEY) when hearth.json cannot be applied.
      { prefix: 'config.invalid', severity: 'warning', description: 'hearth.json changed but cannot be applied; clears when a good version is loaded' },
    ],
    events: {
      // Sent to each socket before auth (socket-handler.ts), never broadcast.
      'connect.challenge': TARGETED,
      tick: { operators: 'any', nodes: true },
      shutdown: { operators: 'any', nodes: true },
    },
    methods: { ...defineMethods({
      // The effective gateway configuration, secrets left out (OpenClaw's `gateway probe` reads it).
      'config.get': {
        role: 'operator', scope: 'operator.read',
        handler: (_p, ctx) => ({
          config: {
            gateway: {
              mode: 'local', port: ctx.gw.bind.port(), bind: ctx.gw.bind.mode, host: ctx.gw.bind.host,
              auth: { mode: ctx.gw.authMode }, nodes: { pairing: { autoApproveLocal: ctx.gw.autoApproveLocal() } },
            },
          },
          redacted: true,
        }),
      },
      'gateway.identity.get': { role: 'operator', scope: 'operator.read', handler: (_p, ctx) => ({ ...ctx.gw.identity }) },
      'hearth.settings.get': {
        role: 'operator', scope: 'operator.read',
        handler: (_p, ctx) => ({ autoApproveLocal: ctx.gw.autoApproveLocal() }),
      },
      'hearth.settings.set': {
        role: 'operator', scope: 'operator.admin',
        handler: (p, ctx) => {
          if (p.autoApproveLocal !== undefined) ctx.gw.setAutoApproveLocal(p.autoApproveLocal);
          return { autoApproveLocal: ctx.gw.autoApproveLocal() };
        },
      },
    }), ...configMethods },
  };
}
