/**
 * Who listens on a TCP port, where the OS tells: on Linux the socket inode from /proc/net/tcp{,6}
 * matched against /proc/PID/fd, else `ss -ltnp`. Used only after EADDRINUSE, so "port in use"
 * can name the program instead of guessing "another gateway".
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';

export interface PortHolder {
  pid: number;
  /** The command line (arguments joined by spaces, shortened), or the program name. */
  command: string;
  /** True when the command line is a Hearth or OpenClaw gateway. */
  isGateway: boolean;
}

/** Socket inodes listening (state 0A) on `port` in the text of /proc/net/tcp or tcp6. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue;
    if (f[1]?.split(':')[1]?.toUpperCase() === hexPort && f[9] && f[9] !== '0') out.push(f[9]);
  }
  return out;
}

/** The first `users:(("name",pid=N,…))` entry of an `ss -ltnp` line. */
export function ssHolder(ssOutput: string, port: number): { pid: number; name: string } | undefined {
  for (const line of ssOutput.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'LISTEN' || !f[3]?.endsWith(`:${port}`)) continue;
    const m = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
    if (m) return { name: m[1]!, pid: Number(m[2]) };
  }
  return undefined;
}

/** A gateway by its command line: `hearth gateway`, the Hearth desktop app, or `openclaw gateway`. */
export function looksLikeGateway(command: string): boolean {
  return /\b(hearth(\.js)?|openclaw(\.mjs)?)\b.*\bgateway\b/i.test(command) || /\bhearth\b.*\b(electron|desktop|tray)\b/i.test(command);
}

function shorten(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

async function commandOf(pid: number, fallback: string): Promise<string> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    const cmd = raw.split('\0').filter((s) => s !== '').join(' ');
    if (cmd) return shorten(cmd);
  } catch { /* gone or not ours */ }
  return fallback;
}

async function fromProc(port: number): Promise<PortHolder | undefined> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const i of listeningInodes(await readFile(file, 'utf8'), port)) inodes.add(i);
    } catch { /* no IPv6, or no /proc */ }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) {
        const command = await commandOf(Number(pid), pid);
        return { pid: Number(pid), command, isGateway: looksLikeGateway(command) };
      }
    }
  }
  return undefined;
}

function fromSs(port: number): Promise<PortHolder | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-ltnpH', `sport = :${port}`], { timeout: 3000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      const h = ssHolder(stdout, port);
      if (!h) return resolve(undefined);
      void commandOf(h.pid, h.name).then((command) => resolve({ pid: h.pid, command, isGateway: looksLikeGateway(command) }));
    });
  });
}

/** The process listening on `port`, or undefined when the OS does not say (other user, container, macOS/Windows). */
export async function findPortHolder(port: number): Promise<PortHolder | undefined> {
  if (process.platform !== 'linux') return undefined;
  return (await fromProc(port)) ?? (await fromSs(port));
}

/** The EADDRINUSE message: names the holder, and blames a gateway only when it is one. */
export function portInUseMessage(port: number, host: string, holder: PortHolder | undefined, platform: NodeJS.Platform = process.platform): string {
  const where = `port ${port} on ${host} is already in use`;
  if (!holder && platform === 'win32') return `${where} by another program (\`netstat -ano | findstr :${port}\` shows which); stop it, or pick another --port`;
  if (!holder && platform !== 'linux') return `${where} by another program (\`lsof -nP -iTCP:${port} -sTCP:LISTEN\` shows which); stop it, or pick another --port`;
  if (!holder) return `${where} by a program this user cannot see (another user's or a container's; \`sudo ss -ltnp\` shows it); stop it, or pick another --port`;
  if (holder.isGateway) return `${where} by another gateway (pid ${holder.pid}: ${holder.command}); one gateway per port: stop it (check with \`hearth status\`), or pick another --port`;
  return `${where} by pid ${holder.pid} (${holder.command}), which is not a gateway; stop that program, or pick another --port`;
}
