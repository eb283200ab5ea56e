/**
 * The embedded gateway's options, derived from the shared config exactly as `hearth gateway`
 * does (config file, then HEARTH_GATEWAY_TOKEN / OPENCLAW_GATEWAY_TOKEN), plus what only the
 * desktop adds: the bundled web UI as static dir.
 */
import type { HearthConfig } from '../../core/config.ts';
import type { GatewayOptions } from '../../core/gateway/options.ts';
import type { Logger } from '../../core/logger.ts';

export interface GatewayHostContext {
  stateDir: string;
  staticDir?: string;
  logger: Logger;
  version: string;
  env: Record<string, string | undefined>;
}

/** Builds GatewayOptions from the config and the host context. */
export function gatewayOptionsFromConfig(cfg: HearthConfig, ctx: GatewayHostContext): GatewayOptions {
  const auth: GatewayOptions['auth'] = { ...cfg.gateway.auth };
  const envToken = ctx.env['HEARTH_GATEWAY_TOKEN'] || ctx.env['OPENCLAW_GATEWAY_TOKEN'];
  if (envToken) {
    auth.token = envToken;
    if (auth.mode === 'none') auth.mode = 'token';
  }
  const opts: GatewayOptions = {
    stateDir: ctx.stateDir,
    port: cfg.gateway.port,
    bind: cfg.gateway.bind,
    auth,
    autoApproveLocal: cfg.gateway.autoApproveLocal,
    allowedOrigins: cfg.gateway.allowedOrigins,
    logger: ctx.logger,
    version: ctx.version,
  };
  if (cfg.gateway.customBindHost) opts.host = cfg.gateway.customBindHost;
  if (cfg.gateway.publicUrl) opts.publicUrl = cfg.gateway.publicUrl;
  if (cfg.gateway.allowedHosts) opts.allowedHosts = cfg.gateway.allowedHosts;
  if (cfg.gateway.trustedProxies) opts.trustedProxies = cfg.gateway.trustedProxies;
  if (ctx.staticDir) opts.staticDir = ctx.staticDir;
  return opts;
}

/** The loopback URL this machine's own node uses to reach the embedded gateway. */
export function loopbackGatewayUrl(port: number): string {
  return `ws://127.0.0.1:${port}`;
}
