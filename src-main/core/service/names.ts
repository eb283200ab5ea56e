/** Service names and unit locations per OS (one service per role and user). */
import { join } from 'node:path';
import type { ServiceInputs, ServicePlatform, ServiceRole } from './types.ts';

export function serviceName(platform: ServicePlatform, role: ServiceRole): string {
  if (platform === 'linux') return `hearth-${role}.service`;
  if (platform === 'darwin') return `dev.hearth.${role}`;
  return role === 'gateway' ? 'Hearth Gateway' : 'Hearth Node';
}

export function unitPath(platform: ServicePlatform, role: ServiceRole, i: Pick<ServiceInputs, 'home' | 'xdgConfigHome' | 'stateDir'>): string {
  if (platform === 'linux') return join(i.xdgConfigHome || join(i.home, '.config'), 'systemd', 'user', serviceName(platform, role));
  if (platform === 'darwin') return join(i.home, 'Library', 'LaunchAgents', `${serviceName(platform, role)}.plist`);
  // schtasks reads the XML at /Create time; keep a copy beside the state for status and uninstall.
  return join(i.stateDir, `service-${role}.xml`);
}

/** The 0600 file with the service's secrets (KEY=VALUE lines). */
export function envFilePath(stateDir: string, role: ServiceRole): string {
  return join(stateDir, `service-${role}.env`);
}

/** The rotating log file the gateway or node writes in its state dir. */
export function logFilePath(stateDir: string, role: ServiceRole): string {
  return join(stateDir, 'logs', `${role}.log`);
}
