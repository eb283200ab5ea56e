/**
 * A systemd *user* unit: no root needed, starts at login (or at boot with lingering), restarts on
 * failure with a pause, reads secrets from a 0600 EnvironmentFile so they never appear in
 * `ps` or `systemctl show`.
 */
import type { ServiceInputs } from './types.ts';

/** Quotes one argument for ExecStart (systemd's own quoting rules: double quotes, \\ and \" escaped, % doubled). */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderSystemdUnit(i: ServiceInputs, envFile: string): string {
  const what = i.role === 'gateway' ? 'gateway (control plane on this machine)' : 'node (runs commands for the home gateway)';
  const cmd = [i.nodePath, i.entry, ...(i.role === 'gateway' ? ['gateway'] : ['node', 'run']), ...i.args, '--state-dir', i.stateDir];
  return [
    '# Written by `hearth ' + (i.role === 'gateway' ? 'gateway' : 'node') + ' install`; `hearth ' + (i.role === 'gateway' ? 'gateway' : 'node') + ' uninstall` removes it.',
    '[Unit]',
    `Description=Hearth ${what}`,
    'After=network-online.target',
    'Wants=network-online.target',
    // At most 10 starts in 5 minutes, then systemd stops trying (a crash loop is visible in status).
    'StartLimitIntervalSec=300',
    'StartLimitBurst=10',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${cmd.map(systemdQuote).join(' ')}`,
    `EnvironmentFile=-${envFile}`,
    'Environment=HEARTH_SERVICE=systemd',
    'Restart=on-failure',
    'RestartSec=5',
    // `systemctl --user reload` re-reads hearth.json (the gateway also reloads it when it changes).
    ...(i.role === 'gateway' ? ['ExecReload=/bin/kill -HUP $MAINPID'] : []),
    'KillSignal=SIGTERM',
    'TimeoutStopSec=15',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}
