/**
 * `hearth telegram set|status|off|pending|approve|users|remove` over the gateway's
 * `hearth.telegram.*` methods. The bot token goes to the gateway (which checks it with getMe and
 * stores it 0600) and is never printed.
 */
import type { MethodName, ParamsOf, ResultOf, TelegramStatusView } from '../../../src-shared/protocol/contract/index.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';

type Status = TelegramStatusView;

const call = <M extends MethodName>(flags: ClientCommandFlags, method: M, params: ParamsOf<M> | Record<string, never> = {}) =>
  withGateway(clientSettingsFrom(flags), ['operator.admin'], async (conn) => (await conn.callRaw(method, params, { timeoutMs: 30_000 })) as ResultOf<M>);

export interface TelegramSetFlags extends Omit<ClientCommandFlags, 'token'> {
  token?: string;
  apiRoot?: string;
  gatewayToken?: string;
}

export async function telegramSetCommand(flags: TelegramSetFlags): Promise<void> {
  const token = flags.token ?? process.env['HEARTH_TELEGRAM_TOKEN'];
  if (!token) throw new CliError('no bot token: pass --token <token from @BotFather> (or set HEARTH_TELEGRAM_TOKEN)');
  const client: ClientCommandFlags = { ...flags, token: flags.gatewayToken } as ClientCommandFlags;
  if (flags.gatewayToken === undefined) delete client.token;
  const params: ParamsOf<'hearth.telegram.set'> = { token };
  if (flags.apiRoot) params.apiRoot = flags.apiRoot;
  const s = await call(client, 'hearth.telegram.set', params);
  if (flags.json) return printJson(s);
  await out(
    `Telegram bot @${s.bot?.username ?? '?'} is set; the gateway polls it now (token stored 0600, never shown).`,
    s.owners === 0 ? `Next: write to @${s.bot?.username ?? 'your bot'} from your phone, then run \`hearth telegram approve <code>\` with the code it answers.` : `${s.owners} owner(s) already admitted.`,
  );
}

export function statusLines(s: Status, now: number): string[] {
  const lines = [
    `State:       ${s.state}`,
    `Bot:         ${s.bot ? `@${s.bot.username} (${s.bot.firstName})` : '(none; hearth telegram set --token …)'}`,
    `Owners:      ${s.owners}`,
    `Pending:     ${s.pending}${s.pending > 0 ? ' (hearth telegram pending)' : ''}`,
    `Last update: ${s.lastUpdateAtMs ? formatAge(s.lastUpdateAtMs, now) : 'never'}`,
  ];
  if (s.apiRoot) lines.push(`API root:    ${s.apiRoot}`);
  if (s.mutedUntilMs) lines.push(`Alerts:      muted until ${new Date(s.mutedUntilMs).toISOString()}`);
  if (s.lastError) lines.push(`Last error:  ${s.lastError}`);
  return lines;
}

export async function telegramStatusCommand(flags: ClientCommandFlags): Promise<void> {
  const s = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.telegram.status', {}));
  if (flags.json) return printJson(s);
  await out(...statusLines(s, Date.now()));
}

export async function telegramOffCommand(flags: ClientCommandFlags): Promise<void> {
  const s = await call(flags, 'hearth.telegram.off');
  if (flags.json) return printJson(s);
  await out('Telegram bot off; the token was deleted. Owners are kept for the next `hearth telegram set`.');
}

export async function telegramPendingCommand(flags: ClientCommandFlags): Promise<void> {
  const r = await call(flags, 'hearth.telegram.pending');
  if (flags.json) return printJson(r);
  if (r.pending.length === 0) return out('No pending Telegram pairing codes. Someone who writes to the bot gets one.');
  const now = Date.now();
  await out(...formatTable(['CODE', 'USER', 'ID', 'ASKED', 'EXPIRES IN'], r.pending.map((c) => [
    c.code, c.username ? `@${c.username} (${c.name})` : c.name, String(c.userId), formatAge(c.createdAtMs, now), `${Math.max(0, Math.round((c.expiresAtMs - now) / 60_000))} min`,
  ])), '', 'Admit with `hearth telegram approve <CODE>`.');
}

export async function telegramApproveCommand(code: string, flags: ClientCommandFlags): Promise<void> {
  const r = await call(flags, 'hearth.telegram.approve', { code });
  if (flags.json) return printJson(r);
  await out(`Admitted ${r.owner.username ? `@${r.owner.username}` : r.owner.name} (${r.owner.userId}) as a Telegram owner.`);
}

export async function telegramUsersCommand(flags: ClientCommandFlags): Promise<void> {
  const r = await call(flags, 'hearth.telegram.users');
  if (flags.json) return printJson(r);
  if (r.owners.length === 0) return out('No Telegram owners yet.');
  const now = Date.now();
  await out(...formatTable(['USER', 'ID', 'LANGUAGE', 'ADMITTED'], r.owners.map((o) => [
    o.username ? `@${o.username} (${o.name})` : o.name, String(o.userId), o.lang, formatAge(o.admittedAtMs, now),
  ])));
}

export async function telegramRemoveCommand(user: string, flags: ClientCommandFlags): Promise<void> {
  const r = await call(flags, 'hearth.telegram.remove', { user });
  if (flags.json) return printJson(r);
  await out(`Removed ${r.removed.username ? `@${r.removed.username}` : r.removed.name} (${r.removed.userId}); their messages now get a pairing code.`);
}
