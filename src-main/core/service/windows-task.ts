/**
 * A Scheduled Task started at the user's logon (Task Scheduler schema 1.2), restarted on failure
 * every minute, never stopped for running long, one instance at a time. `schtasks /Create /XML`
 * wants UTF-16, so the file is written little-endian with a BOM.
 */
import type { ServiceInputs } from './types.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Quotes one argument the way the Windows C runtime splits a command line. */
export function windowsQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

export function renderWindowsTask(i: ServiceInputs, name: string, envFile: string): string {
  const args = [i.entry, ...(i.role === 'gateway' ? ['gateway'] : ['node', 'run']), ...i.args, '--state-dir', i.stateDir, '--env-file', envFile];
  const user = i.windowsUser ? `\n      <UserId>${xml(i.windowsUser)}</UserId>` : '';
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>${xml(`${name}: written by hearth ${i.role === 'gateway' ? 'gateway' : 'node'} install`)}</Description>
    <URI>\\${xml(name)}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>${user}
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">${user.replace('\n      ', '\n      ')}
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>255</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${xml(i.nodePath)}</Command>
      <Arguments>${xml(args.map(windowsQuote).join(' '))}</Arguments>
      <WorkingDirectory>${xml(i.stateDir)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}

/** The task XML as schtasks reads it: UTF-16LE with a byte-order mark. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]);
}
