/** How to restart this gateway, in the words of the service manager that runs it (HEARTH_SERVICE). */
import { serviceName } from '../service/names.ts';

export type Env = Record<string, string | undefined>;

export function gatewayRestartHint(env: Env): string {
  switch (env['HEARTH_SERVICE']) {
    case 'systemd':
      return `systemctl --user restart ${serviceName('linux', 'gateway')}`;
    case 'launchd':
      return `launchctl kickstart -k gui/$(id -u)/${serviceName('darwin', 'gateway')}`;
    case 'schtasks':
    case 'windows':
      return `schtasks /End /TN "${serviceName('win32', 'gateway')}" then schtasks /Run /TN "${serviceName('win32', 'gateway')}"`;
    default:
      return `stop it (Ctrl+C) and run \`hearth gateway\` again; as a service: systemctl --user restart ${serviceName('linux', 'gateway')}`;
  }
}
