/** Is the service installed, enabled, running — asked of the OS's own service manager. */
import { existsSync } from 'node:fs';
import type { Runner } from './apply.ts';
import { logFilePath, serviceName, unitPath } from './names.ts';
import type { ServiceInputs, ServicePlatform, ServiceRole, ServiceStatus } from './types.ts';

export async function serviceStatus(
  platform: ServicePlatform, role: ServiceRole, i: Pick<ServiceInputs, 'stateDir' | 'home' | 'xdgConfigHome'>, run: Runner,
): Promise<ServiceStatus> {
  const name = serviceName(platform, role);
  const unit = unitPath(platform, role, i);
  const st: ServiceStatus = { role, platform, name, unitPath: unit, installed: existsSync(unit), enabled: null, running: null, logs: [logFilePath(i.stateDir, role)] };
  if (platform === 'linux') {
    st.logs.unshift(`journalctl --user -u ${name}`);
    const enabled = await run(['systemctl', '--user', 'is-enabled', name]);
    const active = await run(['systemctl', '--user', 'is-active', name]);
    if (enabled.code === 127) {
      st.detail = 'systemctl is not available';
    } else if (/Failed to connect to bus|No medium found/i.test(enabled.stderr + active.stderr)) {
      st.detail = 'the systemd user manager is not running for this user (log in on a session, or run `loginctl enable-linger $USER`)';
    } else {
      st.enabled = enabled.stdout.trim() === 'enabled';
      st.running = active.stdout.trim() === 'active';
    }
  } else if (platform === 'darwin') {
    const r = await run(['launchctl', 'print', `gui/${process.getuid?.() ?? 501}/${name}`]);
    if (r.code === 127) st.detail = 'launchctl is not available';
    else {
      st.enabled = r.code === 0;
      st.running = r.code === 0 && /state = running/.test(r.stdout);
    }
  } else {
    const r = await run(['schtasks', '/Query', '/TN', name, '/FO', 'LIST']);
    if (r.code === 127) st.detail = 'schtasks is not available';
    else {
      st.enabled = r.code === 0 && !/Disabled/i.test(r.stdout);
      st.running = r.code === 0 && /Running/i.test(r.stdout);
    }
  }
  return st;
}
