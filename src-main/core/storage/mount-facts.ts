/**
 * Reads this machine's mount table without touching any mounted path: `/proc/self/mountinfo` on
 * Linux (a proc file, answered by the kernel even while a server hangs), `mount` on macOS
 * (getfsstat with MNT_NOWAIT) and `net use` on Windows, each with a timeout.
 */
import { execFile } from 'node:child_process';
import { fsAsync } from '../fs-async.ts';
import { parseMacMount, parseMountinfo, parseNetUse, type MountEntry } from './mount-table.ts';

const TABLE_TIMEOUT_MS = 3000;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: TABLE_TIMEOUT_MS, windowsHide: true, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      // `net use` exits 0 with no connections, 2 when the Workstation service is off: rows or nothing.
      if (err && !stdout) reject(err);
      else resolve(stdout);
    });
  });
}

/** The current mount table of this machine. */
export async function readMountTable(platform: NodeJS.Platform = process.platform): Promise<MountEntry[]> {
  if (platform === 'linux') return parseMountinfo(await fsAsync().readFile('/proc/self/mountinfo', 'utf8'));
  if (platform === 'darwin') return parseMacMount(await run('/sbin/mount', []));
  if (platform === 'win32') {
    try {
      return parseNetUse(await run('net', ['use']));
    } catch {
      return [];
    }
  }
  // Other Unixes: `mount` prints the macOS/BSD shape on FreeBSD and OpenBSD.
  return parseMacMount(await run('mount', []));
}
