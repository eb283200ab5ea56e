/**
 * The floor under the streaming row: the same command's output carried by the same three kinds
 * of Node process a streamed run crosses (node agent → gateway → `hearth nodes run`), with no
 * protocol at all: raw TCP and `pipe()`, no framing, no parsing, no records, no flow window.
 *
 * Roles (each its own process; `node bench/lib/stream-relay.ts <role> …`):
 * - `relay`: long-lived, like a gateway. Prints `listening <port>`. A socket whose first byte is
 *   `A` is the agent's control line; `S` is a sink (one run's reader); `D` is a data stream the
 *   agent opened for the oldest waiting sink. A sink arriving asks the agent, over its control
 *   line, to start a run.
 * - `agent <port>`: long-lived, like a node agent: per request, spawns the command and pipes its
 *   stdout into a fresh data socket.
 * - `sink <port>`: per run, like the CLI: pipes what the relay sends to its stdout, then exits.
 */
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';

const [role, portArg, ...command] = process.argv.slice(2);
const port = Number(portArg);
// Exit through process.exit on SIGTERM, so `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));

/** Calls `then` with the socket's first byte, the rest of that chunk put back to be read. */
function firstByte(s: Socket, then: (b: string) => void): void {
  s.once('data', (d: Buffer) => {
    s.pause();
    if (d.length > 1) s.unshift(d.subarray(1));
    then(String.fromCharCode(d[0]!));
  });
}

if (role === 'relay') {
  let control: Socket | undefined;
  const sinks: Socket[] = [];
  const server = createServer((s) => {
    s.setNoDelay(true);
    firstByte(s, (b) => {
      if (b === 'A') control = s;
      else if (b === 'S') {
        sinks.push(s);
        control?.write('g');
      } else if (b === 'D') {
        const sink = sinks.shift();
        if (!sink) s.destroy();
        else s.pipe(sink);
      } else s.destroy();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    console.log(`listening ${typeof a === 'object' && a ? a.port : 0}`);
  });
} else if (role === 'agent') {
  const ctl = connect(port, '127.0.0.1', () => ctl.write('A'));
  ctl.on('data', (d: Buffer) => {
    for (let i = 0; i < d.length; i++) {
      const data = connect(port, '127.0.0.1', () => {
        data.write('D');
        const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.pipe(data);
      });
    }
  });
  ctl.on('close', () => process.exit(0));
} else if (role === 'sink') {
  const s = connect(port, '127.0.0.1', () => s.write('S'));
  s.pipe(process.stdout);
} else {
  throw new Error('usage: stream-relay.ts relay | agent <port> <command…> | sink <port>');
}
