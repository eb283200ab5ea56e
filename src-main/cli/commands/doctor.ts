/** `hearth doctor [--json]`: one line per check with its fix; exit 1 when a check fails. */
import { homedir } from 'node:os';
import { runDoctor } from '../../core/ops/doctor.ts';
import { execRunner } from '../../core/service/apply.ts';
import type { ServicePlatform } from '../../core/service/types.ts';
import { clientSettingsFrom, stateDirFrom } from '../common.ts';
import { out } from '../io.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

type Opts = Record<string, unknown>;

export async function doctorCommand(o: Opts): Promise<number> {
  const platform = (['linux', 'darwin', 'win32'].includes(process.platform) ? process.platform : 'linux') as ServicePlatform;
  const stateDir = stateDirFrom(o);
  const readNodes = async (at?: { port: number; host?: string }) => {
    const { withGateway } = await import('../client.ts');
    const { listNodes } = await import('./nodes.ts');
    // A gateway on another --port (found through its lock): asked there, on this machine.
    const host = !at?.host || at.host === '0.0.0.0' || at.host === '::' ? '127.0.0.1' : urlHost(at.host);
    const settings = clientSettingsFrom({
      stateDir,
      ...(at ? { url: `ws://${host}:${at.port}` } : {}),
      ...(typeof o['token'] === 'string' ? { token: o['token'] } : {}),
    });
    return (await withGateway(settings, ['operator.read'], (conn) => listNodes(conn))).nodes;
  };
  const checks = await runDoctor({ stateDir, env: process.env, home: process.env['HOME'] ?? homedir(), run: execRunner, platform, readNodes });
  const failed = checks.some((c) => c.level === 'fail');
  if (o['json']) {
    await out(JSON.stringify({ ok: !failed, checks }, null, 2));
    return failed ? 1 : 0;
  }
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  await out(...checks.flatMap((c) => [`${mark[c.level]}  ${c.summary}`, ...(c.fix ? [`      fix: ${c.fix}`] : [])]));
  return failed ? 1 : 0;
}
