/**
 * A LaunchAgent: starts at login, restarts after a crash (KeepAlive on unsuccessful exit) with
 * launchd's throttle as back-off. Secrets stay in the 0600 env file passed by path.
 */
import type { ServiceInputs } from './types.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderLaunchAgent(i: ServiceInputs, label: string, envFile: string, logFile: string): string {
  const argv = [i.nodePath, i.entry, ...(i.role === 'gateway' ? ['gateway'] : ['node', 'run']), ...i.args, '--state-dir', i.stateDir, '--env-file', envFile];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${xml(label)}</string>
  <key>ProgramArguments</key>
  <array>
${argv.map((a) => `    <string>${xml(a)}</string>`).join('\n')}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>HEARTH_SERVICE</key>
    <string>launchd</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>10</integer>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>${xml(logFile)}.stdout</string>
  <key>StandardErrorPath</key>
  <string>${xml(logFile)}.stderr</string>
</dict>
</plist>
`;
}
