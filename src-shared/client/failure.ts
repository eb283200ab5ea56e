/**
 * The failure classifier every operator client shares. A failed connect or call becomes
 * - for the UI: a kind and whether to keep retrying (network loss, pairing pending, rate limit) or
 *   stop and ask the user (bad code, bad token, revoked device): `classifyConnectError`;
 * - for the CLI and the Telegram bot: one line saying what happened and what to do
 *   ("no gateway at …; start it with `hearth gateway`"): `explainFailure`.
 * Browser-safe: the DNS check of `unknownHostError` takes the resolver as a parameter.
 */
import { HearthError } from '../hearth-error.ts';
import { isLoopbackHost } from '../net/loopback.ts';
import { DetailCode, ErrorCode, ProtocolError } from '../protocol/errors.ts';
import { ContractViolationError } from './contract-check.ts';
import { CallTimeoutError, ConnectRejectedError, ConnectionLostError } from './errors.ts';

export type FailureKind =
  | 'unreachable'
  | 'pairing-required'
  | 'rate-limited'
  | 'setup-code-invalid'
  /** A `#setup=` link whose code cannot be decoded (cut off when copied): not the same as expired. */
  | 'setup-link-malformed'
  | 'token-wrong'
  | 'token-missing'
  | 'device-token-invalid'
  | 'origin-not-allowed'
  | 'version-mismatch'
  | 'unavailable'
  | 'other';

/** A classified connect failure, with what the user needs to read about it. */
export interface ConnectFailure {
  kind: FailureKind;
  retry: boolean;
  message: string;
  detailCode?: string | undefined;
  retryAfterMs?: number | undefined;
  /** For pairing-required: the pending request the gateway created. */
  requestId?: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Classifies an error thrown by GatewayConnection.open(). */
export function classifyConnectError(err: unknown): ConnectFailure {
  if (err instanceof ConnectionLostError) return { kind: 'unreachable', retry: true, message: err.message };
  if (!(err instanceof ProtocolError)) {
    return { kind: 'other', retry: true, message: err instanceof Error ? err.message : String(err) };
  }
  const detailCode = err.detailCode;
  const base = { message: err.message, detailCode, retryAfterMs: err.retryAfterMs };
  switch (detailCode) {
    case DetailCode.PAIRING_REQUIRED:
      return { ...base, kind: 'pairing-required', retry: true, requestId: str(err.details?.['requestId']) };
    case DetailCode.AUTH_RATE_LIMITED:
      return { ...base, kind: 'rate-limited', retry: true };
    case DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID:
      return { ...base, kind: 'setup-code-invalid', retry: false };
    case DetailCode.AUTH_TOKEN_MISMATCH:
    case DetailCode.AUTH_PASSWORD_MISMATCH:
    case DetailCode.AUTH_UNAUTHORIZED:
      return { ...base, kind: 'token-wrong', retry: false };
    case DetailCode.AUTH_TOKEN_MISSING:
    case DetailCode.AUTH_PASSWORD_MISSING:
    case DetailCode.AUTH_REQUIRED:
    case DetailCode.DEVICE_IDENTITY_REQUIRED:
      return { ...base, kind: 'token-missing', retry: false };
    case DetailCode.AUTH_DEVICE_TOKEN_MISMATCH:
    case DetailCode.AUTH_SCOPE_MISMATCH:
      return { ...base, kind: 'device-token-invalid', retry: false };
    case DetailCode.CONTROL_UI_ORIGIN_NOT_ALLOWED:
      return { ...base, kind: 'origin-not-allowed', retry: false };
    case DetailCode.PROTOCOL_MISMATCH:
    case DetailCode.CLIENT_VERSION_MISMATCH:
      return { ...base, kind: 'version-mismatch', retry: false };
    default:
      break;
  }
  if (err.code === ErrorCode.NOT_PAIRED) return { ...base, kind: 'pairing-required', retry: true, requestId: str(err.details?.['requestId']) };
  if (err.code === ErrorCode.UNAVAILABLE || err.retryable) return { ...base, kind: 'unavailable', retry: true };
  // Device-proof failures (clock, nonce) are transient from the user's point of view.
  if (detailCode?.startsWith('DEVICE_AUTH_')) return { ...base, kind: 'other', retry: true };
  return { ...base, kind: 'other', retry: !(err instanceof ConnectRejectedError) };
}

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
  const mine = (p: string) => p === `--${kind}` || p.includes(kind.toUpperCase()) || p.startsWith('config ');
  const src = ctx.authSource.split(' and ').find(mine) ?? ctx.authSource;
  // The variable the user set (OPENCLAW_GATEWAY_TOKEN is read too): the fix names that one.
  const envName = /^(HEARTH|OPENCLAW)_GATEWAY_(TOKEN|PASSWORD)$/.test(src) ? src : kind === 'token' ? 'HEARTH_GATEWAY_TOKEN' : 'HEARTH_GATEWAY_PASSWORD';
  const sent = src.startsWith('--') ? `given with ${src}`
    : src.startsWith('config ') ? `from ${src.slice('config '.length)}`
    : `from ${src} in your environment`;
  if (src.startsWith('config ')) {
    // The seed guide exports OPENCLAW_GATEWAY_TOKEN in the gateway's terminal only: name it too.
    const openclaw = envName.replace(/^HEARTH_/, 'OPENCLAW_');
    return `the gateway at ${ctx.url} refused the ${kind} ${sent}; that gateway runs with another ${kind} (given with --${kind}, ${envName} or ${openclaw}, or from another state dir's hearth.json); pass that one with --${kind}, or export the same variable in this shell`;
  }
  let local = false;
  try { local = isLoopbackHost(new URL(ctx.url).hostname); } catch { /* keep the remote wording */ }
  const show = kind === 'token' ? ` (\`hearth setup --show-token\`${local ? '' : ' there'} prints it)` : '';
  const showIn = kind === 'token' ? ' (`hearth setup --show-token --state-dir DIR` prints it)' : '';
  const where = local && ctx.configPath ? `gateway.auth.${kind} in ${ctx.configPath}${show}`
    : local ? `gateway.auth.${kind} in the hearth.json of the gateway's state dir${showIn}`
    : `gateway.auth.${kind} in hearth.json on the gateway machine${show}`;
  const fix = src.startsWith('--') ? `pass that one with --${kind}` : `set ${envName} to it, or unset ${envName}`;
  // A password sent to a token gateway is refused as a wrong password: name the other way in.
  const other = kind === 'password' ? ' (if that gateway uses a token instead, pass --token)' : '';
  return `the gateway at ${ctx.url} refused the ${kind} ${sent}; its ${kind} is ${where}, unless it was started with --${kind} or ${envName}; ${fix}${other}`;
}

function isLocalUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Nothing answered: on this machine, start it; elsewhere, what keeps a running gateway out of reach. */
export function noGatewayMessage(url: string): string {
  let u: URL | undefined;
  try { u = new URL(url); } catch { /* shown as given */ }
  if (u && u.protocol === 'ws:' && u.port === '') {
    return `no gateway at ${url} (no port given, so port 80); a Hearth gateway listens on 18789 unless started with --port: --url ws://${u.host}:18789`;
  }
  if (isLocalUrl(url)) return `no gateway at ${url}; start it with \`hearth gateway\` (or pass --url)`;
  const port = u?.port || (u?.protocol === 'wss:' ? '443' : '80');
  return `no gateway answers at ${url}; check that it runs on that machine (\`hearth status\` there), that it listens beyond loopback (\`hearth gateway --bind lan\` or tailnet) and that no firewall blocks port ${port}`;
}

/**
 * A socket that never opened, by its cause: something else on the port (an HTTP status to the
 * upgrade), TLS spoken to a plain gateway or plain to a TLS one, the Host refused, or nothing there.
 */
export function unreachableMessage(url: string, cause: string): string {
  let u: URL | undefined;
  try { u = new URL(url); } catch { /* shown as given */ }
  const plain = u ? `ws://${u.host}` : url;
  if (u?.protocol === 'wss:' && /wrong version number|EPROTO|packet length too long|ssl3_get_record|tls/i.test(cause)) {
    return `${url} answers without TLS; a Hearth gateway speaks plain ws:// unless a TLS proxy is in front of it: use --url ${plain}`;
  }
  const status = /Unexpected server response: (\d{3})/.exec(cause)?.[1];
  if (status === '421') {
    return `the gateway at ${url} does not answer to the name "${u?.hostname ?? url}" (HTTP 421, DNS-rebinding protection); add it to gateway.allowedHosts in that gateway's hearth.json (applied without a restart) or use its IP address`;
  }
  if (status !== undefined) {
    const tls = u?.protocol === 'ws:' && (status === '400' || status === '426') ? '; if it serves TLS, use wss://' : '';
    return `something answers at ${url}, but not as a Hearth gateway (HTTP ${status} to the WebSocket upgrade); check the port — a Hearth gateway listens on 18789 unless started with --port${tls}`;
  }
  return noGatewayMessage(url);
}

/** No secret was sent but the gateway wants one: where to get it. */
function tokenMissingMessage(ctx: ErrorContext): string {
  if (isLocalUrl(ctx.url)) {
    return `the gateway at ${ctx.url} requires a token and none was found (no --token, no HEARTH_GATEWAY_TOKEN, none in ${ctx.configPath ?? "this state dir's hearth.json"}); pass --token, or --state-dir of the gateway's state dir so its hearth.json is read`;
  }
  return `the gateway at ${ctx.url} requires a token; pass --token or set HEARTH_GATEWAY_TOKEN (\`hearth setup --show-token\` on the gateway machine prints it; this machine's hearth.json token is only sent to a gateway on this machine)`;
}

/** Resolves a host name; injected so the DNS check is unit-tested without a resolver. */
export type HostLookup = (hostname: string) => Promise<unknown>;

/**
 * When nothing answered at `url`, checks whether its host name resolves at all, so a typo reads
 * "cannot find host" instead of "no gateway at"; undefined when the name resolves (or is an IP).
 */
export async function unknownHostError(url: string, lookup: HostLookup): Promise<HearthError | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(host) || host.includes(':')) return undefined;
  try {
    await lookup(host);
    return undefined;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code !== 'ENOTFOUND' && code !== 'EAI_AGAIN' && code !== 'ENODATA') return undefined;
    return new HearthError(`cannot find host "${host}" (from ${url}): the name does not resolve; check the spelling in --url or use the gateway's IP address`);
  }
}

/** Maps a handshake refusal by its `details.code`. */
function fromRejection(err: ConnectRejectedError, ctx: ErrorContext): HearthError {
  const from = ctx.authSource === 'none' ? '' : ` (from ${ctx.authSource})`;
  switch (err.detailCode) {
    case DetailCode.AUTH_TOKEN_MISMATCH:
      return new HearthError(secretMismatchMessage('token', ctx));
    case DetailCode.AUTH_PASSWORD_MISMATCH:
      return new HearthError(secretMismatchMessage('password', ctx));
    case DetailCode.AUTH_TOKEN_MISSING:
    case DetailCode.AUTH_REQUIRED:
    case DetailCode.DEVICE_IDENTITY_REQUIRED:
      return new HearthError(tokenMissingMessage(ctx));
    case DetailCode.AUTH_PASSWORD_MISSING:
      return new HearthError(`the gateway at ${ctx.url} requires a password; pass --password or set HEARTH_GATEWAY_PASSWORD`);
    case DetailCode.AUTH_TOKEN_NOT_CONFIGURED:
    case DetailCode.AUTH_PASSWORD_NOT_CONFIGURED:
      return new HearthError(`the gateway at ${ctx.url} has no such secret configured${from}; drop the flag/env var or configure the gateway with \`hearth setup\``);
    case DetailCode.AUTH_RATE_LIMITED: {
      const wait = err.retryAfterMs ? ` ${Math.ceil(err.retryAfterMs / 1000)} s` : ' a minute';
      return new HearthError(`too many failed sign-ins from this address; wait${wait} and retry with the right token`);
    }
    case DetailCode.PROTOCOL_MISMATCH:
      return new HearthError(`the gateway at ${ctx.url} speaks protocol ${String(err.details?.['expectedProtocol'] ?? '?')}, which this hearth does not; upgrade hearth or the gateway`);
    case DetailCode.AUTH_SCOPE_MISMATCH:
    case DetailCode.PAIRING_REQUIRED:
      return new HearthError(`the gateway at ${ctx.url} wants this client paired (${err.message}); run the command on the gateway machine or pass its --token`);
    default:
      return new HearthError(`the gateway at ${ctx.url} refused the connection: ${err.message}`);
  }
}

/** Maps any error thrown while talking to a gateway to a HearthError (unknown errors pass through). */
export function explainFailure(err: unknown, ctx: ErrorContext): unknown {
  if (err instanceof HearthError) return err;
  if (err instanceof ConnectRejectedError) return fromRejection(err, ctx);
  if (err instanceof ConnectionLostError) {
    if (err.afterHandshake && (err.closeCode === undefined || err.closeCode === 1006)) {
      return new HearthError(`lost the connection to the gateway at ${ctx.url} before it answered (the gateway stopped or the network dropped); a command may still have run on the node — check \`hearth status\``);
    }
    if (err.cutOffBeforeHello) {
      return new HearthError(`the gateway at ${ctx.url} accepted the connection but cut it off before the handshake finished (it sheds unauthenticated connections when flooded or out of file descriptors); retry in a moment, and see its log (\`hearth logs\`)`);
    }
    if (err.closeCode === undefined || err.closeCode === 1006) {
      if (/did not complete the handshake/.test(err.message)) {
        return new HearthError(`the gateway at ${ctx.url} did not answer the handshake; is that port a Hearth gateway? check with \`hearth status\``);
      }
      return new HearthError(unreachableMessage(ctx.url, err.message));
    }
    if (err.closeCode === 1012) return new HearthError(`the gateway at ${ctx.url} is restarting or shutting down; retry in a moment`);
    return new HearthError(`lost the connection to ${ctx.url} (${err.closeCode}${err.closeReason ? ` ${err.closeReason}` : ''}); retry, or check \`hearth status\``);
  }
  if (err instanceof CallTimeoutError) return new HearthError(`${err.message}; check the gateway with \`hearth status\``);
  // The peer answered, but not in Hearth's contract: an older or newer Hearth, or not Hearth at all.
  if (err instanceof ContractViolationError) return new HearthError(contractMessage(err, ctx.url));
  if (err instanceof ProtocolError) {
    if (err.detailCode === DetailCode.MISSING_SCOPE) {
      return new HearthError(`the gateway denied this (${err.message}); shared-token CLI access keeps its scopes only over loopback, so run it on the gateway machine`);
    }
    return new HearthError(`the gateway answered ${err.code}: ${err.message}`);
  }
  return err;
}

/** The one line for a gateway that answered out of contract: what it sent wrong, and the two ways out. */
function contractMessage(err: ContractViolationError, url: string): string {
  const what = err.kind === 'result' ? `answered ${err.subject} with something the Hearth contract does not allow` : `sent a ${err.subject} event the Hearth contract does not allow`;
  const problem = err.problem.length > 200 ? `${err.problem.slice(0, 200)}…` : err.problem;
  return `the gateway at ${url} ${what} (${problem}); it may run an older or newer Hearth, or not be a Hearth gateway: update Hearth on both ends, or check --url`;
}
