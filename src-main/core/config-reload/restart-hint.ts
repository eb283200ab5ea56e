/** How to restart this gateway (or node agent), in the words of the service manager that runs it (HEARTH_SERVICE). */
import { serviceName } from '../service/names.ts';

export type Env = Record<string, string | undefined>;

export function gatewayRestartHint(env: Env, platform: NodeJS.Platform = process.platform): string {
  return restartHint(env, 'gateway', platform);
}

/** The same for the node agent (`hearth node run`, service hearth-node). */
export function nodeRestartHint(env: Env, platform: NodeJS.Platform = process.platform): string {
  return restartHint(env, 'node', platform);
}

function serviceRestart(manager: 'systemd' | 'launchd' | 'windows', role: 'gateway' | 'node'): string {
  if (manager === 'systemd') return `systemctl --user restart ${serviceName('linux', role)}`;
  if (manager === 'launchd') return `launchctl kickstart -k gui/$(id -u)/${serviceName('darwin', role)}`;
  return `schtasks /End /TN "${serviceName('win32', role)}" then schtasks /Run /TN "${serviceName('win32', role)}"`;
}

/** The service manager `hearth … install` uses on this platform, for the hint when none runs us. */
function platformManager(platform: NodeJS.Platform): 'systemd' | 'launchd' | 'windows' {
  return platform === 'darwin' ? 'launchd' : platform === 'win32' ? 'windows' : 'systemd';
}

function restartHint(env: Env, role: 'gateway' | 'node', platform: NodeJS.Platform): string {
  const run = role === 'gateway' ? 'hearth gateway' : 'hearth node run';
  switch (env['HEARTH_SERVICE']) {
    case 'systemd':
      return serviceRestart('systemd', role);
    case 'launchd':
      return serviceRestart('launchd', role);
    case 'schtasks':
    case 'windows':
      return serviceRestart('windows', role);
    default:
      return `stop it (Ctrl+C) and run \`${run}\` again; as a service: ${serviceRestart(platformManager(platform), role)}`;
  }
}
