/**
 * Install and uninstall as plans: the files to write or remove and the commands to run, computed
 * without touching anything — `--dry-run` prints a plan, `apply` carries it out.
 */
import { dirname } from 'node:path';
import { renderLaunchAgent } from './launchd-plist.ts';
import { envFilePath, logFilePath, serviceName, unitPath } from './names.ts';
import { renderSystemdUnit } from './systemd-unit.ts';
import type { ServiceInputs, ServicePlan, ServicePlatform } from './types.ts';
import { renderWindowsTask, utf16le } from './windows-task.ts';

function envFileText(secrets: Record<string, string>, platform: ServicePlatform): string {
  // systemd units and launchd plists set HEARTH_SERVICE themselves; a Scheduled Task cannot carry
  // an environment, so its process learns it from this file (restart hints, the lock's owner).
  const vars = platform === 'win32' ? { HEARTH_SERVICE: 'schtasks', ...secrets } : secrets;
  const lines = Object.entries(vars).map(([k, v]) => {
    if (/[\r\n]/.test(v)) throw new Error(`${k} contains a line break; it cannot be stored in the service's environment file`);
    if (/^[A-Za-z0-9_@%+=:,./~-]*$/.test(v)) return `${k}=${v}`;
    // Single quotes mean "literal" to both systemd's EnvironmentFile and Node's loadEnvFile.
    if (!v.includes("'")) return `${k}='${v}'`;
    throw new Error(`${k} contains both special characters and a single quote; choose a token without quotes (\`hearth setup --force\` makes one)`);
  });
  return ['# Secrets and settings for the Hearth service (owner-only). Written by `hearth … install`.', ...lines, ''].join('\n');
}

export function installPlan(platform: ServicePlatform, i: ServiceInputs): ServicePlan {
  const name = serviceName(platform, i.role);
  const unit = unitPath(platform, i.role, i);
  const envFile = envFilePath(i.stateDir, i.role);
  const logFile = logFilePath(i.stateDir, i.role);
  const write: ServicePlan['write'] = [{ path: envFile, content: envFileText(i.secrets, platform), mode: 0o600 }];
  const commands: string[][] = [];
  const notes: string[] = [];
  if (platform === 'linux') {
    write.push({ path: unit, content: renderSystemdUnit(i, envFile), mode: 0o644 });
    commands.push(['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'enable', name], ['systemctl', '--user', 'restart', name]);
    notes.push(`logs: journalctl --user -u ${name} -f, or \`hearth logs --follow\` (${logFile})`);
  } else if (platform === 'darwin') {
    write.push({ path: unit, content: renderLaunchAgent(i, name, envFile, logFile), mode: 0o644 });
    // bootout of a job that is not loaded fails harmlessly; bootstrap then loads the new plist.
    commands.push(['launchctl', 'bootout', `gui/${process.getuid?.() ?? 501}/${name}`], ['launchctl', 'bootstrap', `gui/${process.getuid?.() ?? 501}`, unit]);
    notes.push(`logs: \`hearth logs --follow\` (${logFile})`);
  } else {
    write.push({ path: unit, content: utf16le(renderWindowsTask(i, name, envFile)), mode: 0o600 });
    commands.push(['schtasks', '/Create', '/XML', unit, '/TN', name, '/F'], ['schtasks', '/Run', '/TN', name]);
    notes.push(`logs: \`hearth logs --follow\` (${logFile})`);
  }
  return { platform, name, unitPath: unit, write, remove: [], commands, notes };
}

export function uninstallPlan(platform: ServicePlatform, i: Pick<ServiceInputs, 'role' | 'stateDir' | 'home' | 'xdgConfigHome'>): ServicePlan {
  const name = serviceName(platform, i.role);
  const unit = unitPath(platform, i.role, i);
  const commands: string[][] = [];
  if (platform === 'linux') commands.push(['systemctl', '--user', 'disable', '--now', name]);
  else if (platform === 'darwin') commands.push(['launchctl', 'bootout', `gui/${process.getuid?.() ?? 501}/${name}`]);
  else commands.push(['schtasks', '/End', '/TN', name], ['schtasks', '/Delete', '/TN', name, '/F']);
  const after: string[][] = platform === 'linux' ? [['systemctl', '--user', 'daemon-reload']] : [];
  return { platform, name, unitPath: unit, write: [], remove: [unit, envFilePath(i.stateDir, i.role)], commands: [...commands, ...after], notes: [`${dirname(unit)} no longer holds ${name}`] };
}
