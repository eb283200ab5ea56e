/** `hearth logs [--node] [--follow] [--json] [--since 10m] [--level warn]`: the state dir's log file. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { formatRecord, parseLine, parseSince, readLogs, type LogRecord } from '../../core/logging/read-logs.ts';
import { logFilePath } from '../../core/service/names.ts';
import { CliError } from '../cli-error.ts';
import { stateDirFrom } from '../common.ts';
import { out } from '../io.ts';
import { untilStopSignal } from '../signals.ts';

type Opts = Record<string, unknown>;

export async function logsCommand(o: Opts): Promise<void> {
  const role = o['node'] ? 'node' : 'gateway';
  const path = logFilePath(stateDirFrom(o), role);
  let sinceMs: number | undefined;
  if (typeof o['since'] === 'string') {
    sinceMs = parseSince(o['since']);
    if (sinceMs === undefined) throw new CliError(`--since ${o['since']} is not a duration or a time; use e.g. 90s, 10m, 2h, 3d or 2026-12-01T10:00`);
  }
  const level = o['level'] as string | undefined;
  if (level && !['debug', 'info', 'warn', 'error'].includes(level)) throw new CliError(`--level ${level}: use debug, info, warn or error`);
  const show = (r: LogRecord) => (o['json'] ? JSON.stringify(r) : formatRecord(r));
  if (!existsSync(path) && !o['follow']) {
    throw new CliError(`no ${role} log at ${path} yet; it is written once \`hearth ${role === 'gateway' ? 'gateway' : 'node run'}\` has run with this --state-dir`);
  }
  const filter: { sinceMs?: number; minLevel?: string } = {};
  if (sinceMs !== undefined) filter.sinceMs = sinceMs;
  if (level) filter.minLevel = level;
  const records = existsSync(path) ? readLogs(path, filter) : [];
  if (records.length) await out(...records.map(show));
  if (!o['follow']) return;

  // Follow: poll the file, start over when it was rotated (it shrank or was replaced).
  let offset = existsSync(path) ? statSync(path).size : 0;
  let ino = existsSync(path) ? statSync(path).ino : 0;
  let partial = '';
  const order: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40 };
  const poll = async () => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.ino !== ino || st.size < offset) {
      ino = st.ino;
      offset = 0;
      partial = '';
    }
    if (st.size === offset) return;
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(st.size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    closeSync(fd);
    offset = st.size;
    const lines = (partial + buf.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    const fresh = lines.map(parseLine).filter((r): r is LogRecord => !!r && (!level || (order[r.level] ?? 0) >= (order[level] ?? 0)));
    if (fresh.length) await out(...fresh.map(show));
  };
  const timer = setInterval(() => void poll(), 250);
  await untilStopSignal();
  clearInterval(timer);
}
