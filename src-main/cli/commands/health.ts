/** `hearth health`: is the gateway up, for how long, and how many nodes are with it. */
import { CliError } from '../cli-error.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatDuration } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { listNodes, type ClientCommandFlags } from './nodes.ts';
import { moduleLines } from './status-warnings.ts';

export async function healthCommand(flags: ClientCommandFlags): Promise<void> {
  const settings = clientSettingsFrom(flags);
  const { health, uptimeMs, nodes, version } = await withGateway(settings, ['operator.read'], async (conn) => {
    const health = await conn.call('health', {});
    const h = health.hearth;
    let nodes = h?.nodes;
    if (!nodes && !flags.json) {
      const list = await listNodes(conn);
      nodes = { paired: list.nodes.filter((n) => n.paired).length, connected: list.nodes.filter((n) => n.connected).length };
    }
    return { health, uptimeMs: h?.uptimeMs ?? conn.hello.snapshot.uptimeMs, nodes, version: h?.version ?? conn.hello.server.version };
  });
  const disk = health.hearth?.stateDisk;
  const config = health.configReload?.warnings ?? [];
  if (flags.json) {
    await printJson(health);
  } else {
    await out(
      `Gateway ${settings.url}: ${health.ok === false ? 'NOT OK' : 'ok'} (version ${version}, up ${formatDuration(uptimeMs)})`,
      `Nodes: ${nodes?.connected ?? '?'} connected / ${nodes?.paired ?? '?'} paired`,
      ...(disk?.state === 'full' ? [`State disk: FULL — ${disk.message ?? disk.path ?? ''}`] : []),
      ...moduleLines(health),
      ...config.map((w) => `Warning: ${w}`),
    );
  }
  if (disk?.state === 'full') throw new CliError(`the gateway's state disk is full (${disk.path ?? 'its state directory'}); free space there — runs resume by themselves`);
  if (health.ok === false) throw new CliError('the gateway reports itself unhealthy; see `hearth status --deep` for details');
}
