/**
 * A real network filesystem for storage tests: a throwaway `sshd` on a free loopback port and an
 * `sshfs` (FUSE) mount of a directory through it. `pause()` stops the session's sftp-server
 * (SIGSTOP), which makes every uncached call on the mount block in the kernel exactly as a hung
 * NAS does; `resume()` sends SIGCONT. `close()` resumes, unmounts lazily and stops everything.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir, waitUntil } from './processes.ts';

const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

/** Why sshfs cannot be used here, or undefined when it can. */
export function sshfsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'sshfs tests need Linux';
  if (process.getuid?.() !== 0) return 'sshfs tests need root (CI runs as root)';
  for (const [bin, pkg] of [[SSHD, 'openssh-server'], ['/usr/bin/sshfs', 'sshfs'], ['/usr/bin/fusermount3', 'fuse3'], [SFTP_SERVER, 'openssh-server']] as const) {
    if (!existsSync(bin)) return `${bin} is missing (apt-get install -y ${pkg})`;
  }
  if (!existsSync('/dev/fuse')) return '/dev/fuse is missing (no FUSE in this kernel or container)';
  return undefined;
}

function ppidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Pids of processes running `exe` that descend from `ancestor`. */
function descendantsRunning(ancestor: number, exe: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    } catch {
      continue;
    }
    if (cmd !== exe) continue;
    for (let p: number | undefined = ppidOf(pid), hops = 0; p && hops < 10; p = ppidOf(p), hops++) {
      if (p === ancestor) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

export interface SshfsMount {
  /** The mount point (a fuse.sshfs mount). */
  mountPoint: string;
  /** The directory it exports. */
  exportDir: string;
  sshPort: number;
  pause(): void;
  resume(): void;
  /** Stops the listening sshd (established sessions live on): the server check then fails. */
  stopListener(): void;
  close(): Promise<void>;
}

export async function startSshfsMount(): Promise<SshfsMount> {
  const dir = tempDir('hearth-sshfs-');
  const exportDir = join(dir, 'export');
  const mountPoint = join(dir, 'mnt');
  mkdirSync(exportDir);
  mkdirSync(mountPoint);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'PermitRootLogin yes', 'StrictModes no', `Subsystem sftp ${SFTP_SERVER}`, '',
  ].join('\n'));
  const sshd: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let sshdLog = '';
  sshd.stderr!.on('data', (d: Buffer) => (sshdLog += d.toString()));
  const sshdPid = sshd.pid!;
  let sshfs: ChildProcess | undefined;
  let paused: number[] = [];
  let mounted = false;

  const unmount = () => {
    if (!mounted) return;
    spawnSync('fusermount3', ['-uz', mountPoint]);
    spawnSync('umount', ['-l', mountPoint]);
    mounted = false;
  };
  const close = async () => {
    for (const pid of paused) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    paused = [];
    unmount();
    if (sshfs && sshfs.exitCode === null) sshfs.kill('SIGTERM');
    if (sshd.exitCode === null) sshd.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntil(() => spawnSync('ssh-keyscan', ['-p', String(port), '127.0.0.1'], { timeout: 2000 }).status === 0 || sshd.exitCode !== null, 10_000, 'sshd to listen');
    if (sshd.exitCode !== null) throw new Error(`sshd exited: ${sshdLog}`);
    // -f: stay in the foreground so the pid is ours to stop; no reconnect, so a pause stays a hang.
    sshfs = spawn('sshfs', [
      '-f', '-p', String(port), '-o', `IdentityFile=${join(dir, 'client_key')}`, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', `root@127.0.0.1:${exportDir}`, mountPoint,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let sshfsLog = '';
    sshfs.stderr!.on('data', (d: Buffer) => (sshfsLog += d.toString()));
    await waitUntil(() => readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${mountPoint} `) || sshfs!.exitCode !== null, 10_000, 'the sshfs mount');
    if (sshfs.exitCode !== null) throw new Error(`sshfs exited: ${sshfsLog}`);
    mounted = true;
  } catch (e) {
    await close();
    throw e;
  }

  return {
    mountPoint, exportDir, sshPort: port,
    pause() {
      const pids = descendantsRunning(sshdPid, SFTP_SERVER);
      if (pids.length !== 1) throw new Error(`expected one sftp-server under sshd ${sshdPid}, found ${pids.length}`);
      process.kill(pids[0]!, 'SIGSTOP');
      paused.push(pids[0]!);
    },
    resume() {
      for (const pid of paused) process.kill(pid, 'SIGCONT');
      paused = [];
    },
    stopListener() {
      if (sshd.exitCode === null) sshd.kill('SIGTERM');
    },
    close,
  };
}
