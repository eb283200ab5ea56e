/**
 * Turns connection and protocol failures into one-line CliErrors that name the fix, so every
 * client command reports "no gateway", "wrong token" and friends the same way.
 */
import { CallTimeoutError, ConnectRejectedError, ConnectionLostError } from '../../src-shared/client/errors.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { isLoopbackHost } from '../core/net/loopback.ts';
import { CliError } from './cli-error.ts';

export interface ErrorContext {
  url: string;
  /** Where the credential came from, e.g. `--token` or `HEARTH_GATEWAY_TOKEN`; "none" without one. */
  authSource: string;
  /** This machine's hearth.json, where a local gateway keeps its token. */
  configPath?: string;
}

/**
 * A refused secret: says where the one we sent came from and where the gateway's own lives, so
 * the user knows which of flag, environment and config to fix.
 */
export function secretMismatchMessage(kind: 'token' | 'password', ctx: ErrorContext): string {
  const envName = kind === 'token' ? 'HEARTH_GATEWAY_TOKEN' : 'HEARTH_GATEWAY_PASSWORD';
  const mine = (p: string) => p === `--${kind}` || p.includes(kind.toUpperCase()) || p.startsWith('config ');
  const src = ctx.authSource.split(' and ').find(mine) ?? ctx.authSource;
  const sent = src.startsWith('--') ? `given with ${src}`
    : src.startsWith('config ') ? `from ${src.slice('config '.length)}`
    : `from ${src} in your environment`;
  if (src.startsWith('config ')) {
    return `the gateway at ${ctx.url} refused the ${kind} ${sent}; that gateway runs with another ${kind} (given with --${kind} or ${envName}, or from another state dir's hearth.json); pass that one with --${kind}`;
  }
  let local = false;
  try { local = isLoopbackHost(new URL(ctx.url).hostname); } catch { /* keep the remote wording */ }
  const show = kind === 'token' ? ` (\`hearth setup --show-token\`${local ? '' : ' there'} prints it)` : '';
  const where = local && ctx.configPath ? `gateway.auth.${kind} in ${ctx.configPath}${show}` : `gateway.auth.${kind} in hearth.json on the gateway machine${show}`;
  const fix = src.startsWith('--') ? `pass that one with --${kind}` : `set ${envName} to it, or unset ${envName}`;
  return `the gateway at ${ctx.url} refused the ${kind} ${sent}; its ${kind} is ${where}, unless it was started with --${kind} or ${envName}; ${fix}`;
}

/** Resolves a host name; injected so the DNS check is unit-tested without a resolver. */
export type HostLookup = (hostname: string) => Promise<unknown>;

/**
 * When nothing answered at `url`, checks whether its host name resolves at all, so a typo reads
 * "cannot find host" instead of "no gateway at"; undefined when the name resolves (or is an IP).
 */
export async function unknownHostError(url: string, lookup: HostLookup): Promise<CliError | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(host) || host.includes(':')) return undefined;
  try {
    await lookup(host);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTFOUND' && code !== 'EAI_AGAIN' && code !== 'ENODATA') return undefined;
    return new CliError(`cannot find host "${host}" (from ${url}): the name does not resolve; check the spelling in --url or use the gateway's IP address`);
  }
}

/** Maps a handshake refusal by its `details.code`. */
function fromRejection(err: ConnectRejectedError, ctx: ErrorContext): CliError {
  const from = ctx.authSource === 'none' ? '' : ` (from ${ctx.authSource})`;
  switch (err.detailCode) {
    case 'AUTH_TOKEN_MISMATCH':
      return new CliError(secretMismatchMessage('token', ctx));
    case 'AUTH_PASSWORD_MISMATCH':
      return new CliError(secretMismatchMessage('password', ctx));
    case 'AUTH_TOKEN_MISSING':
    case 'AUTH_REQUIRED':
    case 'DEVICE_IDENTITY_REQUIRED':
      return new CliError(`the gateway at ${ctx.url} requires a token; pass --token or set HEARTH_GATEWAY_TOKEN (the gateway machine's config holds it)`);
    case 'AUTH_PASSWORD_MISSING':
      return new CliError(`the gateway at ${ctx.url} requires a password; pass --password or set HEARTH_GATEWAY_PASSWORD`);
    case 'AUTH_TOKEN_NOT_CONFIGURED':
    case 'AUTH_PASSWORD_NOT_CONFIGURED':
      return new CliError(`the gateway at ${ctx.url} has no such secret configured${from}; drop the flag/env var or configure the gateway with \`hearth setup\``);
    case 'AUTH_RATE_LIMITED': {
      const wait = err.retryAfterMs ? ` ${Math.ceil(err.retryAfterMs / 1000)} s` : ' a minute';
      return new CliError(`too many failed sign-ins from this address; wait${wait} and retry with the right token`);
    }
    case 'PROTOCOL_MISMATCH':
      return new CliError(`the gateway at ${ctx.url} speaks protocol ${String(err.details?.['expectedProtocol'] ?? '?')}, which this hearth does not; upgrade hearth or the gateway`);
    case 'AUTH_SCOPE_MISMATCH':
    case 'PAIRING_REQUIRED':
      return new CliError(`the gateway at ${ctx.url} wants this client paired (${err.message}); run the command on the gateway machine or pass its --token`);
    default:
      return new CliError(`the gateway at ${ctx.url} refused the connection: ${err.message}`);
  }
}

/** Maps any error thrown while talking to a gateway to a CliError (unknown errors pass through). */
export function toCliError(err: unknown, ctx: ErrorContext): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof ConnectRejectedError) return fromRejection(err, ctx);
  if (err instanceof ConnectionLostError) {
    if (err.afterHandshake && (err.closeCode === undefined || err.closeCode === 1006)) {
      return new CliError(`lost the connection to the gateway at ${ctx.url} before it answered (the gateway stopped or the network dropped); a command may still have run on the node — check \`hearth status\``);
    }
    if (err.closeCode === undefined || err.closeCode === 1006) {
      if (/did not complete the handshake/.test(err.message)) {
        return new CliError(`the gateway at ${ctx.url} did not answer the handshake; is that port a Hearth gateway? check with \`hearth status\``);
      }
      return new CliError(`no gateway at ${ctx.url}; start it with \`hearth gateway\` (or pass --url)`);
    }
    if (err.closeCode === 1012) return new CliError(`the gateway at ${ctx.url} is restarting or shutting down; retry in a moment`);
    return new CliError(`lost the connection to ${ctx.url} (${err.closeCode}${err.closeReason ? ` ${err.closeReason}` : ''}); retry, or check \`hearth status\``);
  }
  if (err instanceof CallTimeoutError) return new CliError(`${err.message}; check the gateway with \`hearth status\``);
  if (err instanceof ProtocolError) {
    if (err.detailCode === 'MISSING_SCOPE') {
      return new CliError(`the gateway denied this (${err.message}); shared-token CLI access keeps its scopes only over loopback, so run it on the gateway machine`);
    }
    return new CliError(`the gateway answered ${err.code}: ${err.message}`);
  }
  return err;
}
