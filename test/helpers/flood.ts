/**
 * Hostile clients for the edge tests and benches: sockets that never send a byte, WebSocket
 * upgrades that then stall, and slow senders that announce a big frame and dribble its payload.
 * Raw TCP, so nothing in between is polite on their behalf.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export type FloodMode = 'idle' | 'upgraded' | 'slow-frame' | 'slow-headers';

export interface Flood {
  /** Sockets the server has closed so far. */
  readonly closedByServer: number;
  /** Sockets currently open on our side. */
  readonly open: number;
  /** Connections made so far (reconnects included). */
  readonly made: number;
  stop(): void;
}

export interface FloodOptions {
  mode: FloodMode;
  /** Reopen a socket when the server closes it (after `reconnectDelayMs`, default 5 ms). */
  reconnect?: boolean;
  reconnectDelayMs?: number;
  /** slow-frame: the length the frame header announces. */
  announceBytes?: number;
  /** slow-frame / slow-headers: bytes written per beat, and the beat. */
  chunkBytes?: number;
  beatMs?: number;
  host?: string;
}

const upgradeRequest = (port: number) =>
  `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** A masked client frame header (text, FIN) announcing `len` bytes. */
export function frameHeader(len: number, fin = true, opcode = 1): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  let h: Buffer;
  if (len < 126) h = Buffer.from([first, 0x80 | len]);
  else if (len < 65536) {
    h = Buffer.alloc(4);
    h[0] = first;
    h[1] = 0x80 | 126;
    h.writeUInt16BE(len, 2);
  } else {
    h = Buffer.alloc(10);
    h[0] = first;
    h[1] = 0x80 | 127;
    h.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([h, Buffer.from([1, 2, 3, 4])]);
}

export function startFlood(port: number, count: number, opts: FloodOptions): Flood {
  const sockets = new Set<Socket>();
  let stopped = false;
  let closedByServer = 0;
  let made = 0;
  const chunk = Buffer.alloc(opts.chunkBytes ?? 1024, 0x61);
  const open = () => {
    if (stopped) return;
    made++;
    const s = connect(port, opts.host ?? '127.0.0.1');
    sockets.add(s);
    let beat: ReturnType<typeof setInterval> | undefined;
    s.on('error', () => {});
    s.on('close', () => {
      if (beat) clearInterval(beat);
      sockets.delete(s);
      if (stopped) return;
      closedByServer++;
      if (opts.reconnect) setTimeout(open, opts.reconnectDelayMs ?? 5);
    });
    s.once('connect', () => {
      // Keep reading (and dropping) what the server sends, or we would never see its close.
      s.resume();
      if (opts.mode === 'idle') return;
      if (opts.mode === 'slow-headers') {
        s.write('GET / HTTP/1.1\r\n');
        beat = setInterval(() => s.write(`X-${randomBytes(3).toString('hex')}: ${'b'.repeat(Math.max(1, chunk.length - 10))}\r\n`), opts.beatMs ?? 500);
        return;
      }
      s.write(upgradeRequest(port));
      let upgraded = false;
      s.on('data', () => {
        if (upgraded) return;
        upgraded = true;
        if (opts.mode !== 'slow-frame') return;
        s.write(frameHeader(opts.announceBytes ?? 1024 * 1024));
        beat = setInterval(() => s.write(chunk), opts.beatMs ?? 100);
      });
    });
  };
  for (let i = 0; i < count; i++) open();
  return {
    get closedByServer() { return closedByServer; },
    get open() { return sockets.size; },
    get made() { return made; },
    stop() {
      stopped = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}

/** A flood run in its own process (with its own descriptor limit), reporting its counters. */
export interface FloodProcess {
  stats(): { made: number; open: number; closedByServer: number };
  /** Resolves once `n` sockets have been made. */
  ready(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnFlood(port: number, count: number, opts: FloodOptions & { fdLimit?: number }): Promise<FloodProcess> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(new URL('./flood-child.ts', import.meta.url));
  const limit = opts.fdLimit ?? count + 512;
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${limit} 2>/dev/null; exec "$0" "$@"`, process.execPath, script, String(port), String(count), JSON.stringify(opts)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let last = { made: 0, open: 0, closedByServer: 0 };
  let buf = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        last = JSON.parse(line) as typeof last;
      } catch {
        /* partial line */
      }
      for (const w of waiters) w();
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    stats: () => last,
    ready: (n, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`flood made only ${last.made} of ${n} sockets`)), timeoutMs);
      const check = () => {
        if (last.made >= n) {
          clearTimeout(t);
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    }),
    stop: async () => {
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}
