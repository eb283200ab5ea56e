/**
 * A real OpenSSH server as the VPS of scheme B: Debian's sshd on a free loopback port with a
 * temporary config, host key and authorised key (`apt-get install -y openssh-server`).
 * `stop()`/`start()` simulate the VPS going away and coming back on the same port; `rekey()`
 * replaces the host key (a reinstalled VPS).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, tempDir } from './processes.ts';

export const SSHD = '/usr/sbin/sshd';

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen') && process.getuid?.() === 0;
}

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** Private key the server accepts. */
  clientKey: string;
  /** A key it does not accept. */
  wrongKey: string;
  hostKeyFingerprint(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Replaces the host key; takes effect on the next start. */
  rekey(): void;
  log(): string;
  cleanup(): Promise<void>;
}

function keygen(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  const r = spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Pids descended from `root`, read from /proc (ppid is the 4th field of /proc/<pid>/stat). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) if (parent === pid) { out.push(child); walk(child); }
  };
  walk(root);
  return out;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** `netns`: run sshd inside that network namespace (readiness then comes from its log). */
export async function startSshd(opts: { port?: number; extraConfig?: string[]; netns?: string } = {}): Promise<Sshd> {
  const dir = tempDir('hearth-sshd-');
  const port = opts.port ?? (await freePort());
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  const wrongKey = join(dir, 'wrong_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  keygen(wrongKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'AllowTcpForwarding yes', 'GatewayPorts clientspecified',
    'ClientAliveInterval 15', 'ClientAliveCountMax 3', 'MaxStartups 100', 'LogLevel VERBOSE',
    ...(opts.extraConfig ?? []), '',
  ].join('\n'));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let child: ChildProcess | undefined;
  const logFile = join(dir, 'sshd.log');

  const start = async () => {
    // -D: stay in the foreground so we own the process; -E: log to a file we can show on failure.
    const argv = ['-D', '-f', config, '-E', logFile];
    // `ip netns exec` execs sshd in place, so the child pid is sshd's own.
    child = opts.netns ? spawn('ip', ['netns', 'exec', opts.netns, SSHD, ...argv], { stdio: 'ignore' }) : spawn(SSHD, argv, { stdio: 'ignore' });
    const before = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('Server listening').length : 1;
    const ready = async () => (opts.netns ? existsSync(logFile) && readFileSync(logFile, 'utf8').split('Server listening').length > before : portOpen(port));
    const deadline = Date.now() + 10_000;
    while (!(await ready())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start on ${port}:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
    // The per-connection children (`sshd: root@notty`) outlive the listener; a VPS whose sshd
    // dies drops them too, so kill the whole tree.
    const tree = [c.pid, ...descendants(c.pid)];
    const exited = new Promise((r) => c.once('exit', r));
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  await start();
  return {
    port, dir, user: 'root', clientKey, wrongKey,
    hostKeyFingerprint: () => spawnSync('/usr/bin/ssh-keygen', ['-lf', `${hostKey}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1]!,
    start, stop,
    rekey: () => keygen(hostKey),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    cleanup: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
