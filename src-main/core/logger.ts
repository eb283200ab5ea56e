/**
 * The logging interface every core service receives (no global logger). The default writes
 * one line per record to stderr: human-readable on a terminal, JSON lines otherwise.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface StreamLoggerOptions {
  level?: LogLevel;
  json?: boolean;
  write?: (line: string) => void;
  bindings?: LogFields;
  clock?: () => number;
  /** Also write every record as a JSON line here (the state dir's rotating log file). */
  file?: { write(line: string): void };
}

export function createLogger(opts: StreamLoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  // Asked at the first record, not here: touching process.stderr creates the stream (3-8 ms),
  // and a starting gateway makes its logger before it binds its port.
  let json = opts.json;
  const bindings = opts.bindings ?? {};
  const clock = opts.clock ?? Date.now;
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const all = { ...bindings, ...fields };
    let line: string | undefined;
    if (opts.file) {
      line = JSON.stringify({ time: clock(), level, msg, ...all });
      opts.file.write(line);
    }
    json ??= !process.stderr.isTTY;
    if (json) {
      write(line ?? JSON.stringify({ time: clock(), level, msg, ...all }));
    } else {
      const extra = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      write(`${level.padEnd(5)} ${msg}${extra ? `  ${extra}` : ''}`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (b) => createLogger({ ...opts, bindings: { ...bindings, ...b } }),
  };
}

/** A logger that drops everything (tests, benches). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
