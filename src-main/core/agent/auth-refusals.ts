/**
 * A node whose credential the gateway refuses (wrong or missing token, used-up setup code) will
 * not get in by retrying quickly: it backs off along a long ladder, says once what is wrong and
 * how to fix it, and under a service manager gives up after a number of refusals so the manager
 * shows the failure instead of a silent loop. Pure functions; the agent loop acts on them.
 */
import type { AuthSource, RefusalInfo } from './credentials.ts';
import { DetailCode } from '../../../src-shared/protocol/errors.ts';

/** Waits after the 1st, 2nd, 3rd refusal, then every 10 minutes. */
export const AUTH_REFUSAL_LADDER_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000];

/** Refusals under a service manager before the agent exits (setting `node.authFailureExit`; 0 = never). */
export const DEFAULT_AUTH_FAILURE_EXIT = 5;

/** Exit code when the agent gives up on refused credentials (EX_CONFIG: a configuration problem). */
export const AUTH_GAVE_UP_EXIT_CODE = 78;

/** The wait after refusal number `n` (1-based); `scale` shrinks it for tests only. */
export function authRefusalDelay(n: number, scale = 1): number {
  const i = Math.min(Math.max(1, Math.floor(n)), AUTH_REFUSAL_LADDER_MS.length) - 1;
  return Math.max(1, Math.round(AUTH_REFUSAL_LADDER_MS[i]! * scale));
}

/**
 * The service manager running this process, if any: systemd sets INVOCATION_ID, launchd sets
 * XPC_SERVICE_NAME (a terminal on macOS has "0" or an `application.…` name there, which is not a
 * service), and Hearth's own service files set HEARTH_SERVICE.
 */
export function serviceManagerOf(env: Record<string, string | undefined>): string | undefined {
  const hearth = env['HEARTH_SERVICE']?.trim();
  if (hearth) return hearth === 'systemd' || hearth === 'launchd' ? hearth : hearth === 'schtasks' || hearth === 'windows' ? 'Task Scheduler' : `service (${hearth})`;
  if (env['INVOCATION_ID']?.trim()) return 'systemd';
  const xpc = env['XPC_SERVICE_NAME']?.trim();
  if (xpc && xpc !== '0' && !xpc.startsWith('application.')) return 'launchd';
  return undefined;
}

/** Is this refusal about the credential itself (so retrying with it cannot help)? */
export function isCredentialRefusal(info: RefusalInfo): boolean {
  return info.kind === 'auth' || info.kind === 'setup-code';
}

export interface CredentialOrigin {
  source: AuthSource;
  /** For a shared secret: `--token`, `HEARTH_GATEWAY_TOKEN`, `config /path/hearth.json`, … */
  secretSource?: string | undefined;
  /** Where the stored device token lives. */
  statePath: string;
}

/** Which credential the node presented, and where it came from. */
export function credentialText(o: CredentialOrigin): string {
  switch (o.source) {
    case 'shared-secret':
      return `the gateway token from ${o.secretSource ?? 'the node\'s settings'}`;
    case 'device-token':
      return `the device token stored in ${o.statePath}`;
    case 'bootstrap-token':
      return 'the setup code given with --pair';
    case 'none':
      return 'no credential (no --token, no HEARTH_GATEWAY_TOKEN or OPENCLAW_GATEWAY_TOKEN, no stored device token, no setup code)';
  }
}

/** The one message a user reads: what the gateway refused, what the node used, and the fix. */
export function authRefusalMessage(info: RefusalInfo, o: CredentialOrigin, gatewayUrl: string): string {
  const pair = 'or pair it with a new setup code: run `hearth qr --node` on the gateway machine, then `hearth node run --pair <code>` here';
  const used = `It used ${credentialText(o)}.`;
  if (info.kind === 'setup-code') {
    return `The gateway at ${gatewayUrl} refused the setup code (${info.code}): it is expired, already used or from another gateway. ${used} Fix: run \`hearth qr --node\` on the gateway machine for a new code, then \`hearth node run --pair <code>\` here.`;
  }
  const what = info.code === DetailCode.AUTH_PASSWORD_MISMATCH ? 'password' : o.source === 'none' ? 'connection without a credential' : 'token';
  const fix = info.code === DetailCode.AUTH_PASSWORD_MISMATCH
    ? `pass the gateway's current password with --password (or HEARTH_GATEWAY_PASSWORD), ${pair}`
    : `pass the gateway's token (\`hearth setup --show-token\` on the gateway machine prints it) with --token or HEARTH_GATEWAY_TOKEN, ${pair}`;
  return `The gateway at ${gatewayUrl} refused this node's ${what} (${info.code}). ${used} Fix: ${fix}.`;
}
