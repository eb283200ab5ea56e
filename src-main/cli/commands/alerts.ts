/** `hearth alerts [--all] [--json]` and `hearth alerts ack <key|id> | --all` over hearth.alerts.*. */
import type { Alert } from '../../../src-shared/protocol/alerts.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';

const SEVERITY_LABEL: Record<Alert['severity'], string> = { critical: 'CRIT', warning: 'WARN', info: 'info' };

/** Table rows for alerts, newest first. */
export function alertsTable(alerts: readonly Alert[], now: number): string[] {
  return formatTable(
    ['ID', 'SEVERITY', 'STATE', 'SINCE', 'ACK', 'MESSAGE'],
    alerts.map((a) => [
      a.id ?? '-',
      SEVERITY_LABEL[a.severity] ?? a.severity,
      a.state === 'cleared' ? `cleared ${formatAge(a.clearedAtMs ?? a.updatedAtMs, now)}` : 'open',
      formatAge(a.raisedAtMs, now),
      a.acknowledgedAtMs !== undefined ? 'yes' : '-',
      a.message,
    ]),
  );
}

/** How many alerts a list shows unless --limit says otherwise (the gateway answers at most 1000). */
const DEFAULT_LIMIT = { open: 200, all: 100 } as const;
const MAX_LIMIT = 1000;

function limitFrom(value: string | undefined, all: boolean): number {
  if (value === undefined) return all ? DEFAULT_LIMIT.all : DEFAULT_LIMIT.open;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new CliError(`--limit must be a whole number from 1 to ${MAX_LIMIT} (got ${value})`);
  return n;
}

export async function alertsListCommand(flags: ClientCommandFlags & { all?: boolean; limit?: string }): Promise<void> {
  const limit = limitFrom(flags.limit, flags.all === true);
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) =>
    conn.call('hearth.alerts.list', { state: flags.all ? 'all' : 'open', limit }),
  );
  if (flags.json) return printJson(res);
  const now = Date.now();
  if (res.alerts.length === 0) {
    await out(flags.all ? 'No alerts recorded.' : 'No open alerts.');
    return;
  }
  const head = flags.all
    ? `Alerts (${res.open} open, newest first):`
    : `${res.open} open alert${res.open === 1 ? '' : 's'}${res.unacknowledged ? `, ${res.unacknowledged} not acknowledged` : ''}:`;
  const lines = [head, ...alertsTable(res.alerts, now).map((l) => `  ${l}`)];
  // A list cut at the limit says so, with the way to see the rest.
  const more = flags.all ? (res.alerts.length >= limit ? undefined : 0) : res.open - res.alerts.length;
  if (more === undefined) lines.push(`  … showing the newest ${limit}; older ones: \`hearth alerts --all --limit ${MAX_LIMIT}\` (or --json)`);
  else if (more > 0) lines.push(`  … and ${more} more open alert${more === 1 ? '' : 's'} not shown: \`hearth alerts --limit ${Math.min(MAX_LIMIT, res.open)}\` (or --json)`);
  if (res.unacknowledged) lines.push('', 'Acknowledge with `hearth alerts ack <id>` (or --all).');
  await out(...lines);
}

/** `hearth alerts sources`: every alert key prefix a module declares, with its severity and meaning. */
export async function alertsSourcesCommand(flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.alerts.sources', {}));
  if (flags.json) return printJson(res);
  await out(...formatTable(['KEY PREFIX', 'MODULE', 'UP TO', 'WHEN'], res.sources.map((s) => [s.prefix, s.module, SEVERITY_LABEL[s.severity] ?? s.severity, s.description])));
}

export async function alertsAckCommand(target: string | undefined, flags: ClientCommandFlags & { all?: boolean }): Promise<void> {
  if (!flags.all && !target) throw new CliError('say which alert: `hearth alerts ack <id|key>` (ids are in `hearth alerts`), or --all');
  if (flags.all && target) throw new CliError('pass either an alert id/key or --all, not both');
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read', 'operator.write'], async (conn) => {
    if (flags.all) return conn.call('hearth.alerts.ack', { all: true });
    // A number is an id; anything else is a key (`node.offline:<id>`, `gateway.disk`).
    return conn.call('hearth.alerts.ack', /^\d+$/.test(target!) ? { id: target } : { key: target });
  });
  if (flags.json) return printJson(res);
  if (res.acknowledged.length === 0) {
    if (flags.all) return void (await out('Nothing to acknowledge.'));
    const list = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.alerts.list', { state: 'all', limit: 1000 }));
    const known = list.alerts.find((a) => a.id === target || a.key === target);
    if (!known) throw new CliError(`no alert ${target}; see \`hearth alerts --all\` for ids and keys`);
    // A key names its open alert only: one that cleared unacknowledged has nothing to acknowledge.
    if (known.acknowledgedAtMs === undefined && known.state === 'cleared') {
      await out(`Alert ${target} is no longer open (cleared ${formatAge(known.clearedAtMs ?? known.updatedAtMs, Date.now())}); nothing to acknowledge.`);
      return;
    }
    await out(`Alert ${target} was already acknowledged.`);
    return;
  }
  await out(...res.acknowledged.map((a) => `Acknowledged ${a.id}: ${a.message}`));
}
