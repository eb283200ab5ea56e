/**
 * `hearth config list|get|set|reset`: every setting the gateway's modules declare, with its
 * value, default and description, over hearth.config.*. The gateway validates a new value against
 * the setting's schema and names the nearest key when one is misspelt.
 */
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';
import type { SettingChange, SettingView } from '../../../src-shared/protocol/contract/config.ts';

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A value as typed: JSON when it parses (`120000`, `true`, `"text"`, `[1,2]`), otherwise the
 * text itself, so `hearth config set x hello` needs no quotes.
 */
export function parseSettingValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Table rows: key, value (marked when not the default), default, restart, description. */
export function settingsTable(settings: readonly SettingView[]): string[] {
  return formatTable(
    ['KEY', 'VALUE', 'DEFAULT', 'RESTART', 'DESCRIPTION'],
    settings.map((s) => [s.key, s.isDefault ? show(s.value) : `${show(s.value)} *`, show(s.default), s.restart ? 'yes' : '-', s.description]),
  );
}

export async function configListCommand(flags: ClientCommandFlags): Promise<void> {
  const res = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.config.list', {}));
  if (flags.json) return printJson(res);
  if (res.settings.length === 0) return void (await out('This gateway declares no settings.'));
  const changedCount = res.settings.filter((s) => !s.isDefault).length;
  await out(...settingsTable(res.settings), '', `${res.settings.length} settings${changedCount ? `, ${changedCount} changed (*)` : ''}. Change one with \`hearth config set <key> <value>\`.`);
}

export async function configGetCommand(key: string, flags: ClientCommandFlags): Promise<void> {
  const s = await withGateway(clientSettingsFrom(flags), ['operator.read'], (conn) => conn.call('hearth.config.get', { key }));
  if (flags.json) return printJson(s);
  await out(
    `${s.key} = ${show(s.value)}${s.isDefault ? ' (default)' : ''}`,
    `  ${s.description}`,
    `  default ${show(s.default)}${s.restart ? '; a change applies after a gateway restart' : '; a change applies at once'}`,
  );
}

async function printChange(c: SettingChange, flags: ClientCommandFlags, verb: string): Promise<void> {
  if (flags.json) return printJson(c);
  const lines = [`${verb} ${c.key} = ${show(c.value)} (was ${show(c.previous)})`];
  if (c.restartRequired) lines.push(`It applies after the gateway restarts: ${c.restartHint ?? 'restart `hearth gateway`'}.`);
  await out(...lines);
}

export async function configSetCommand(key: string, value: string | undefined, flags: ClientCommandFlags): Promise<void> {
  if (value === undefined) throw new CliError(`give the new value: \`hearth config set ${key} <value>\` (\`hearth config get ${key}\` shows what it takes)`);
  const c = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (conn) => conn.call('hearth.config.set', { key, value: parseSettingValue(value) }));
  await printChange(c, flags, 'Set');
}

export async function configResetCommand(key: string, flags: ClientCommandFlags): Promise<void> {
  const c = await withGateway(clientSettingsFrom(flags), ['operator.admin'], (conn) => conn.call('hearth.config.reset', { key }));
  await printChange(c, flags, 'Reset');
}
