/** How to restart this gateway (or node agent), in the words of the service manager that runs it (HEARTH_SERVICE). */
import { serviceName } from '../service/names.ts';

export type Env = Record<string, string | undefined>;

export function gatewayRestartHint(env: Env): string {
  return restartHint(env, 'gateway');
}

/** The same for the node agent (`hearth node run`, service hearth-node). */
export function nodeRestartHint(env: Env): string {
  return restartHint(env, 'node');
}

function restartHint(env: Env, role: 'gateway' | 'node'): string {
  const run = role === 'gateway' ? 'hearth gateway' : 'hearth node run';
  switch (env['HEARTH_SERVICE']) {
    case 'systemd':
      return `systemctl --user restart ${serviceName('linux', role)}`;
    case 'launchd':
      return `launchctl kickstart -k gui/$(id -u)/${serviceName('darwin', role)}`;
    case 'schtasks':
    case 'windows':
      return `schtasks /End /TN "${serviceName('win32', role)}" then schtasks /Run /TN "${serviceName('win32', role)}"`;
    default:
      return `stop it (Ctrl+C) and run \`${run}\` again; as a service: systemctl --user restart ${serviceName('linux', role)}`;
  }
}
