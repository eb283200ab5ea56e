/**
 * `hearth gateway|node install|uninstall|status`: the gateway or node as a per-user service —
 * systemd user unit (Linux), LaunchAgent (macOS), logon Scheduled Task (Windows). Same flags as
 * `hearth gateway` / `hearth node run`; secrets go to a 0600 env file, `--dry-run` prints the plan.
 */
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { liveLockOwner } from '../../core/gateway/state-lock.ts';
import { stateFiles } from '../../core/paths.ts';
import { applyPlan, execRunner, type Runner } from '../../core/service/apply.ts';
import { installPlan, uninstallPlan } from '../../core/service/plan.ts';
import { serviceStatus } from '../../core/service/status.ts';
import type { ServiceInputs, ServicePlan, ServicePlatform, ServiceRole } from '../../core/service/types.ts';
import { CliError } from '../cli-error.ts';
import { stateDirFrom } from '../common.ts';
import { out } from '../io.ts';
import { binPath } from '../version.ts';

type Opts = Record<string, unknown>;

/** Flags passed through to the service's command line, in a stable order (secrets excluded). */
const PASSED: Record<ServiceRole, [flag: string, key: string][]> = {
  gateway: [['--port', 'port'], ['--bind', 'bind'], ['--host', 'host'], ['--public-url', 'publicUrl'], ['--allowed-hosts', 'allowedHosts'], ['--trusted-proxies', 'trustedProxies']],
  node: [['--url', 'url'], ['--name', 'name'], ['--exec', 'exec'], ['--allow', 'allow']],
};

function platformOf(o: Opts): ServicePlatform {
  const p = (o['platform'] as string | undefined) ?? process.platform;
  if (p === 'linux' || p === 'darwin' || p === 'win32') return p;
  throw new CliError(`no service manager support for ${p}; run \`hearth gateway\` under your own supervisor`);
}

export function serviceInputs(role: ServiceRole, o: Opts, env: NodeJS.ProcessEnv = process.env): ServiceInputs {
  if (o['pair']) throw new CliError('a setup code is single-use and cannot be installed; pair once with `hearth node run --pair CODE`, stop it, then run `hearth node install` (it reuses the device token)');
  const args: string[] = [];
  for (const [flag, key] of PASSED[role]) {
    const v = o[key];
    if (v === undefined || v === false) continue;
    for (const item of Array.isArray(v) ? v : [v]) args.push(flag, String(item));
  }
  const secrets: Record<string, string> = {};
  const token = (o['token'] as string | undefined) ?? env['HEARTH_GATEWAY_TOKEN'] ?? env['OPENCLAW_GATEWAY_TOKEN'];
  const password = (o['password'] as string | undefined) ?? env['HEARTH_GATEWAY_PASSWORD'] ?? env['OPENCLAW_GATEWAY_PASSWORD'];
  if (token) secrets['HEARTH_GATEWAY_TOKEN'] = token;
  if (password) secrets['HEARTH_GATEWAY_PASSWORD'] = password;
  const i: ServiceInputs = {
    role, nodePath: process.execPath, entry: binPath(), args, stateDir: resolve(stateDirFrom(o)), secrets, home: env['HOME'] ?? homedir(),
  };
  if (env['XDG_CONFIG_HOME']) i.xdgConfigHome = env['XDG_CONFIG_HOME'];
  if (process.platform === 'win32') i.windowsUser = `${env['USERDOMAIN'] ?? ''}\\${userInfo().username}`;
  return i;
}

function describePlan(plan: ServicePlan): string[] {
  const lines = [`${plan.name} (${plan.platform}):`];
  for (const f of plan.write) {
    lines.push(`  write ${f.path} (mode ${f.mode.toString(8)})`);
    const text = typeof f.content === 'string' ? f.content : f.content.subarray(2).toString('utf16le');
    // Secrets are shown by name only, even in a dry run.
    for (const l of text.replace(/\r\n/g, '\n').split('\n')) lines.push(`    | ${l.replace(/^(HEARTH_GATEWAY_(?:TOKEN|PASSWORD))=.*/, '$1=<hidden>')}`);
  }
  for (const p of plan.remove) lines.push(`  remove ${p}`);
  for (const c of plan.commands) lines.push(`  run ${c.join(' ')}`);
  return lines;
}

async function lingerHint(run: Runner): Promise<string | undefined> {
  const user = userInfo().username;
  const r = await run(['loginctl', 'show-user', user, '--property=Linger']);
  if (r.code === 0 && /Linger=no/.test(r.stdout)) {
    return `the service starts when ${user} logs in; to start it at boot without a login, run \`sudo loginctl enable-linger ${user}\``;
  }
  return undefined;
}

export async function serviceCommand(role: ServiceRole, action: 'install' | 'uninstall' | 'status', o: Opts, run: Runner = execRunner): Promise<number> {
  const platform = platformOf(o);
  const cmdName = role === 'gateway' ? 'gateway' : 'node';
  if (action === 'status') {
    const i = serviceInputs(role, { ...o, pair: undefined });
    const st = await serviceStatus(platform, role, i, run);
    if (o['json']) {
      await out(JSON.stringify(st, null, 2));
    } else {
      const yn = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');
      await out(
        `${st.name}: installed ${yn(st.installed)}, enabled ${yn(st.enabled)}, running ${yn(st.running)}`,
        `  unit: ${st.unitPath}`,
        ...(st.detail ? [`  (${st.detail})`] : []),
        `  logs: ${st.logs.join('  or  ')}`,
        ...(st.installed ? [] : [`  install it with \`hearth ${cmdName} install\``]),
      );
    }
    return 0;
  }
  const i = serviceInputs(role, o);
  const plan = action === 'install' ? installPlan(platform, i) : uninstallPlan(platform, i);
  if (o['dryRun']) {
    await out(`Would ${action}:`, ...describePlan(plan));
    return 0;
  }
  const report = await applyPlan(plan, run);
  if (o['json']) {
    await out(JSON.stringify({ action, name: plan.name, unitPath: plan.unitPath, ...report, ran: report.ran.map((r) => ({ argv: r.argv, code: r.code })) }, null, 2));
    return report.failed.length ? 1 : 0;
  }
  const lines: string[] = [];
  if (action === 'install') {
    lines.push(report.wrote.length ? `Installed ${plan.name}: wrote ${report.wrote.join(', ')}` : `${plan.name} was already installed with these settings (files unchanged)`);
    if (Object.keys(i.secrets).length === 0 && role === 'gateway') lines.push('  The service reads its token from the config (`hearth setup` writes one).');
    // Another gateway or node agent of this state dir (the desktop app's, a terminal's) keeps the service from starting.
    const files = stateFiles(i.stateDir);
    const live = liveLockOwner(role === 'gateway' ? files.gatewayLock : files.nodeLock);
    // The service's own process (install run again: new settings, an upgrade) is restarted by it.
    if (live && !live.service) {
      const what = role === 'gateway' ? 'a gateway' : 'a node agent';
      lines.push(`  Note: ${what} already runs with this state dir (pid ${live.pid}: the Hearth app or \`hearth ${cmdName === 'gateway' ? 'gateway' : 'node run'}\` in a terminal); the service cannot start while it runs. Stop it (quit the Hearth app, or Ctrl-C in that terminal), then run \`hearth ${cmdName} install\` again to start the service; the app, started afterwards, shows the service's ${role === 'gateway' ? 'gateway' : 'node'} instead of starting its own.`);
    }
  } else {
    lines.push(report.removed.length ? `Uninstalled ${plan.name}: removed ${report.removed.join(', ')}` : `${plan.name} was not installed`);
  }
  for (const f of report.failed) {
    lines.push(`  could not run \`${f.argv.join(' ')}\`: ${f.message}; run it yourself once the service manager is available`);
  }
  if (action === 'install') {
    lines.push(...plan.notes.map((n) => `  ${n}`));
    if (platform === 'linux') {
      const hint = await lingerHint(run);
      if (hint) lines.push(`  Note: ${hint}`);
    }
  }
  await out(...lines);
  return report.failed.length ? 1 : 0;
}
