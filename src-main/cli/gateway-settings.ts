/** `hearth gateway` settings: resolved in core (one place for the CLI and the Electron host). */
export {
  assertSafeBind, isLoopbackBind, resolveGatewaySettings, type GatewayFlags, type GatewaySettings,
} from '../core/settings/gateway-settings.ts';
