// Preloaded (`node --import ./probe.mjs`) into the CLI, gateway and node agent of the stress run:
// on SIGUSR2 it writes what every WebSocket and TCP socket of the process is doing to
// $HEARTH_PROBE_DIR/<pid>.json (read from ws's and net's own fields, no code of ours involved),
// with a 2 s CPU profile's hottest functions: where a process spins while a run hangs.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';

const dir = process.env.HEARTH_PROBE_DIR;
const wsOf = (sock) => {
  for (const s of Object.getOwnPropertySymbols(sock)) {
    if (String(s) === 'Symbol(websocket)' && sock[s]) return sock[s];
  }
  return undefined;
};

function describeSocket(sock) {
  const rs = sock._readableState;
  const ws = wsOf(sock);
  const out = {
    local: `${sock.localAddress}:${sock.localPort}`, remote: `${sock.remoteAddress}:${sock.remotePort}`,
    destroyed: sock.destroyed, readableFlowing: rs?.flowing, readableLength: rs?.length, readableEnded: rs?.ended,
    endEmitted: rs?.endEmitted, writableLength: sock.writableLength, pausedByNet: sock.isPaused?.(),
  };
  if (ws) {
    out.ws = {
      readyState: ws.readyState, paused: ws._paused, bufferedAmount: ws.bufferedAmount, closeFrameSent: ws._closeFrameSent,
      closeFrameReceived: ws._closeFrameReceived, receiverNeedDrain: ws._receiver?._writableState?.needDrain,
      receiverState: ws._receiver?._state, receiverBuffered: ws._receiver?._bufferedBytes, receiverLoop: ws._receiver?._loop,
      receiverWritableLength: ws._receiver?._writableState?.length, senderFirstFragment: ws._sender?._firstFragment,
      closeTimer: Boolean(ws._closeTimer),
    };
  }
  return out;
}

async function profile(ms) {
  const session = new Session();
  session.connect();
  const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  await new Promise((r) => setTimeout(r, ms));
  const { profile: prof } = await post('Profiler.stop');
  session.disconnect();
  const self = new Map();
  const dt = prof.timeDeltas ?? [];
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)} ms  ${k}`);
}

if (dir) {
  process.on('SIGUSR2', () => {
    const handles = process._getActiveHandles();
    const sockets = handles.filter((h) => h && h.constructor?.name === 'Socket' && typeof h.remotePort === 'number').map(describeSocket);
    const state = {
      pid: process.pid, argv: process.argv.slice(2), at: new Date().toISOString(), cpu: process.cpuUsage(),
      handles: handles.map((h) => h?.constructor?.name), sockets,
      stdout: { writableLength: process.stdout.writableLength, needDrain: process.stdout.writableNeedDrain },
    };
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(state, null, 2));
    profile(2000).then((top) => {
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ ...state, cpuAfter: process.cpuUsage(), hot: top }, null, 2));
    }, () => {});
  });
}
