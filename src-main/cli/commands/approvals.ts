/** `hearth approvals list|allow|deny` over `exec.approval.*`: exec requests from nodes in `--exec ask` mode. */
import { formatArgv } from '../../core/gateway/nodes/surface-rules.ts';
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatTable } from '../format/table.ts';
import { formatAge } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import type { ClientCommandFlags } from './nodes.ts';


export async function approvalsListCommand(flags: ClientCommandFlags & { all?: boolean }): Promise<void> {
  const r = await withGateway(clientSettingsFrom(flags), ['operator.approvals'], (conn) => conn.call('exec.approval.list', {}));
  if (flags.json) return printJson(r);
  const now = Date.now();
  if (r.pending.length === 0) await out('No exec approvals waiting.');
  else {
    await out(...formatTable(['ID', 'NODE', 'COMMAND', 'CWD', 'ENV', 'ANSWER WITHIN'], r.pending.map((a) => [
      a.id, a.nodeName ?? a.nodeId.slice(0, 12), formatArgv(a.argv), a.cwd ?? '-', Object.keys(a.env ?? {}).join(',') || '-', `${Math.max(0, Math.round((a.expiresAtMs - now) / 1000))} s`,
    ])), '', 'Decide with `hearth approvals allow <id> [--always]` or `hearth approvals deny <id>` (no answer in time = deny).');
  }
  if (flags.all && r.recent && r.recent.length > 0) {
    await out('', ...formatTable(['ID', 'NODE', 'COMMAND', 'OUTCOME', 'BY', 'ASKED'], r.recent.map((a) => [
      a.id, a.nodeName ?? a.nodeId.slice(0, 12), formatArgv(a.argv), a.state, a.decidedBy ?? '-', formatAge(a.createdAtMs, now),
    ])));
  }
}

export async function approvalsDecideCommand(decision: 'allow' | 'deny', id: string | undefined, flags: ClientCommandFlags & { always?: boolean; latest?: boolean }): Promise<void> {
  const d = decision === 'deny' ? 'deny' : flags.always ? 'allow-always' : 'allow-once';
  const a = await withGateway(clientSettingsFrom(flags), ['operator.approvals'], async (conn) => {
    let target = id;
    if (target === undefined || !/^[0-9a-f-]{36}$/.test(target)) {
      const { pending } = await conn.call('exec.approval.list', {});
      if (target === undefined && !flags.latest) throw new CliError('name the approval: `hearth approvals allow <id>` (or --latest); see `hearth approvals list`');
      const matches = target === undefined ? pending.slice(-1) : pending.filter((p) => p.id.startsWith(target!));
      if (matches.length !== 1) throw new CliError(matches.length === 0 ? `no waiting exec approval ${target ?? ''}; see \`hearth approvals list\`` : `"${target}" matches ${matches.length} approvals; give more of the id`);
      target = matches[0]!.id;
    }
    return conn.call('exec.approval.resolve', { id: target, decision: d });
  });
  if (flags.json) return printJson(a);
  const what = `${formatArgv(a.argv)} on ${a.nodeName ?? a.nodeId.slice(0, 12)}${a.cwd ? ` in ${a.cwd}` : ''}`;
  await out(d === 'deny' ? `Denied ${what}.` : d === 'allow-always' ? `Allowed ${what}, and always from now on (added to the node's allowlist).` : `Allowed ${what} once.`);
}

/** `hearth approvals timeout [SECONDS]`: how long a node waits for an answer before it is a deny. */
export async function approvalsTimeoutCommand(seconds: string | undefined, flags: ClientCommandFlags): Promise<void> {
  let timeoutMs: number | undefined;
  if (seconds !== undefined) {
    const n = Number(seconds);
    if (!/^\d+$/.test(seconds.trim()) || n < 5 || n > 600) throw new CliError(`the approval window must be 5 to 600 seconds, got "${seconds}"`);
    timeoutMs = n * 1000;
  }
  const r = await withGateway(clientSettingsFrom(flags), [timeoutMs === undefined ? 'operator.approvals' : 'operator.admin'], (conn) =>
    conn.call('exec.approval.settings', timeoutMs === undefined ? {} : { timeoutMs }));
  if (flags.json) return printJson(r);
  await out(`Exec approvals wait ${Math.round(r.timeoutMs / 1000)} s for an answer; then the command is denied.`);
}
