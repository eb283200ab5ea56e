/** `hearth tunnel set | up | down | test | status` over the remote module's `hearth.tunnel.*` methods. */
import { resolve } from 'node:path';
import { ErrorCode, ProtocolError } from '../../../src-shared/protocol/errors.ts';
import type { ParamsOf, ResultOf, TunnelStatusPayload } from '../../../src-shared/protocol/contract/index.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatAge, formatDuration } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';

export type TunnelSetFlags = ClientCommandFlags & {
  ssh?: string; identity?: string; remotePort?: string; remoteBind?: string; hostKey?: string; acceptHostKey?: boolean; public?: boolean;
};

/** Calls a tunnel method; the gateway's own explanation becomes the one-line failure. */
async function call<M extends 'hearth.tunnel.set' | 'hearth.tunnel.up' | 'hearth.tunnel.down' | 'hearth.tunnel.status' | 'hearth.tunnel.test'>(
  flags: ClientCommandFlags, scopes: ('operator.read' | 'operator.admin')[], method: M, params: ParamsOf<M>,
): Promise<ResultOf<M>> {
  return withGateway(clientSettingsFrom(flags), scopes, async (conn) => {
    try {
      return (await conn.callRaw(method, params, { timeoutMs: 60_000 })) as ResultOf<M>;
    } catch (err) {
      if (err instanceof ProtocolError && /unknown method/i.test(err.message)) {
        throw new CliError('this gateway has no remote-access module; update Hearth on the gateway machine and restart it');
      }
      if (err instanceof ProtocolError && err.code === ErrorCode.INVALID_REQUEST) throw new CliError(err.message);
      throw err;
    }
  });
}

const STATE_TEXT: Record<string, string> = {
  disabled: 'off', connecting: 'connecting', up: 'up', backoff: 'reconnecting (backoff)',
  'auth-failed': 'login refused', 'host-key-mismatch': 'HOST KEY CHANGED — stopped', 'remote-port-busy': 'remote port busy',
};

export function tunnelStatusLines(s: TunnelStatusPayload, now: number): string[] {
  if (!s.configured) return ['Tunnel: not configured. Set it up with `hearth tunnel set --ssh USER@HOST --identity KEYFILE`.'];
  const kib = (b: number) => (b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);
  const lines: [string, string | undefined][] = [
    ['State', `${STATE_TEXT[s.state] ?? s.state} (since ${formatAge(s.since, now).replace(/ ago$/, '')})`],
    ['SSH', s.ssh ? `${s.ssh.user}@${s.ssh.host}:${s.ssh.port}` : undefined],
    ['Host key', s.ssh?.hostKey],
    ['Forward', s.remote ? `${s.remote.bind}:${s.remote.port} on ${s.remote.host} → this gateway${s.publicBind ? ' (PUBLIC)' : ''}` : undefined],
    ['RTT', s.rttMs !== null ? `${s.rttMs} ms` : undefined],
    ['Traffic', `${kib(s.bytesIn)} in, ${kib(s.bytesOut)} out`],
    ['Connections', `${s.connections} open, ${s.connectionsTotal} total`],
    ['Reconnects', String(s.reconnects)],
    ['Next retry', s.nextRetryAtMs !== null ? `in ${formatDuration(Math.max(0, s.nextRetryAtMs - now))}` : undefined],
    ['Last error', s.lastError ?? undefined],
    ['Phone URL', s.phoneUrl ?? undefined],
    ['Phone setup', s.sshForwardCommand ? `${s.sshForwardCommand}  (then open the phone URL)` : undefined],
  ];
  return lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`);
}

async function printStatus(s: TunnelStatusPayload, flags: ClientCommandFlags): Promise<void> {
  if (flags.json) return printJson(s);
  await out(...tunnelStatusLines(s, Date.now()));
}

export async function tunnelSetCommand(flags: TunnelSetFlags): Promise<void> {
  if (!flags.ssh) throw new CliError('--ssh USER@HOST[:PORT] is required; e.g. `hearth tunnel set --ssh vps-user@vps.example.org --identity ~/.ssh/id_ed25519`');
  if (!flags.identity) throw new CliError('--identity KEYFILE is required (the private key the VPS accepts for that user)');
  const params: ParamsOf<'hearth.tunnel.set'> = { ssh: flags.ssh, identity: resolve(flags.identity) };
  if (flags.remotePort !== undefined) {
    if (!/^\d+$/.test(flags.remotePort) || Number(flags.remotePort) < 1 || Number(flags.remotePort) > 65535) throw new CliError(`--remote-port ${flags.remotePort} is not a port; use 1-65535`);
    params.remotePort = Number(flags.remotePort);
  }
  if (flags.remoteBind !== undefined) params.remoteBind = flags.remoteBind;
  if (flags.hostKey !== undefined) params.hostKey = flags.hostKey;
  if (flags.acceptHostKey) params.acceptHostKey = true;
  if (flags.public) params.public = true;
  const s = await call(flags, ['operator.admin'], 'hearth.tunnel.set', params);
  await printStatus(s, flags);
}

export async function tunnelUpCommand(flags: ClientCommandFlags): Promise<void> {
  await printStatus(await call(flags, ['operator.admin'], 'hearth.tunnel.up', {}), flags);
}

export async function tunnelDownCommand(flags: ClientCommandFlags): Promise<void> {
  await printStatus(await call(flags, ['operator.admin'], 'hearth.tunnel.down', {}), flags);
}

export async function tunnelStatusCommand(flags: ClientCommandFlags): Promise<void> {
  await printStatus(await call(flags, ['operator.read'], 'hearth.tunnel.status', {}), flags);
}

/** Exit code 0 when every check passed, 1 otherwise. */
export async function tunnelTestCommand(flags: ClientCommandFlags): Promise<number> {
  const r = await call(flags, ['operator.read'], 'hearth.tunnel.test', {});
  if (flags.json) {
    await printJson(r);
    return r.ok ? 0 : 1;
  }
  const mark = (v: boolean | undefined) => (v === true ? 'ok' : v === false ? 'FAILED' : '-');
  await out(
    `Reach VPS:    ${mark(r.reachable)}${r.connectMs !== undefined ? ` (${r.connectMs} ms to log in)` : ''}`,
    `Host key:     ${mark(r.hostKeyMatches)}${r.hostKey ? ` ${r.hostKey}` : ''}`,
    `Login:        ${mark(r.authOk)}`,
    `Remote port:  ${mark(r.forwardOk)}${r.tunnelState === 'up' ? ' (held by the running tunnel)' : ''}`,
    `Tunnel:       ${r.tunnelState}${r.rttMs !== null ? `, RTT ${r.rttMs} ms` : ''}`,
    ...(r.error ? [`Problem:      ${r.error}`] : []),
  );
  return r.ok ? 0 : 1;
}
