// The gateway's ping watchdog and a reader that holds a streamed run back: an operator that
// stopped reading while output waits for it is not cut off as dead (it cannot answer a ping
// queued behind the output), while a silent peer with nothing queued still is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { generateIdentity } from '../../src-main/core/identity/ed25519.ts';
import { signerFor } from '../../src-main/core/identity/identity-file.ts';
import { startGateway } from '../../src-main/core/gateway/index.ts';
import type { RunningGateway } from '../../src-main/core/gateway/options.ts';
import { createLogger } from '../../src-main/core/logger.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';

const TOKEN = 'liveness-token-0123456789';
const TICK_MS = 150;
const dir = mkdtempSync(join(tmpdir(), 'hearth-liveness-'));
let gw: RunningGateway;
/** A node driven by the test: it answers nothing by itself. */
let sim: { deviceId: string; conn: GatewayConnection };

before(async () => {
  gw = await startGateway({
    stateDir: dir, port: 0, bind: 'loopback', auth: { mode: 'token', token: TOKEN }, autoApproveLocal: true, allowedOrigins: [],
    logger: createLogger({ level: 'error' }), tickIntervalMs: TICK_MS,
  });
  const id = generateIdentity();
  const conn = await GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'node', caps: ['system'], commands: ['system.run'], auth: { token: TOKEN },
    client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName: 'liveness-node', deviceFamily: 'Linux' },
    device: signerFor(id),
  });
  sim = { deviceId: id.deviceId, conn };
  const op = await operator();
  for (const p of (await op.call('node.pair.list', {})).pending) await op.call('node.pair.approve', { requestId: p.requestId });
  op.close();
});

after(async () => {
  sim?.conn.close();
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

function operator() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: TOKEN },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

/** A raw operator socket whose reading the test pauses and resumes. */
function rawOperator(): Promise<{ ws: WebSocket; pause(): void; resume(): void; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(gw.url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    let closed = false;
    ws.on('close', () => { closed = true; });
    ws.on('error', reject);
    ws.once('message', () => {
      ws.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'test', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.admin'], caps: [], auth: { token: TOKEN } } }));
      ws.once('message', () => {
        const sock = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
        resolve({ ws, pause: () => sock.pause(), resume: () => sock.resume(), closed: () => closed });
      });
    });
  });
}

test('a silent peer with nothing queued is dropped by the ping watchdog', async () => {
  const idle = await rawOperator();
  idle.pause();
  await new Promise((r) => setTimeout(r, TICK_MS * 5));
  idle.resume();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(idle.closed(), true);
});

test('a reader holding a streamed run back stays connected, and gets every byte once it reads', async () => {
  const total = 24 * 1024 * 1024;
  const piece = Buffer.alloc(16_384, 0x79);
  let invokeId = '';
  const offRequest = sim.conn.on('node.invoke.request', (p) => {
    invokeId = (p as { id: string }).id;
    // Far more than the kernel buffers hold, sent without waiting for acknowledgements.
    for (let seq = 0; seq * piece.length < total; seq += 16) {
      void sim.conn.callBinary('node.invoke.progress', { invokeId, nodeId: sim.deviceId, seq, stream: 'stdout', encoding: 'binary', sizes: Array(16).fill(piece.length), chunk: '' }, Array(16).fill(piece)).catch(() => {});
    }
    void sim.conn.call('node.invoke.result', { id: invokeId, nodeId: sim.deviceId, ok: true, payloadJSON: '{"exitCode":0,"success":true,"stdout":"","stderr":"","timedOut":false}' }).catch(() => {});
  });
  const reader = await rawOperator();
  let got = 0;
  let answered = false;
  let answer = '';
  reader.ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) got += data.length;
    else if ((JSON.parse(data.toString()) as { id?: string }).id === 'run') {
      answered = true;
      answer = data.toString();
    }
  });
  reader.ws.send(JSON.stringify({ type: 'req', id: 'run', method: 'node.invoke', params: { nodeId: sim.deviceId, command: 'system.run', params: { command: ['yes'] }, idempotencyKey: `k-${Date.now()}`, stream: true, streamEncoding: 'binary', timeoutMs: 60_000 } }));
  try {
    const start = Date.now();
    while (got === 0 && !answered && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 5));
    assert.ok(got > 0, `output started (the run answered: ${answer || 'nothing yet'}; the node got ${invokeId ? 'its request' : 'no request'})`);
    reader.pause();
    await new Promise((r) => setTimeout(r, TICK_MS * 8));
    assert.equal(reader.closed(), false, 'not dropped while output waits for it');
    reader.resume();
    const resumed = Date.now();
    while (!answered && !reader.closed() && Date.now() - resumed < 30_000) await new Promise((r) => setTimeout(r, 10));
    assert.equal(answered, true);
    // Each binary message carries a small header besides the bytes.
    assert.ok(got > total, `${got} bytes arrived`);
  } finally {
    offRequest();
    reader.ws.close();
  }
});

/** Waits until `check()` holds, or `ms` have passed. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!check() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 10));
  return check();
}

test('a reader holding back a run whose output and answer all went to the kernel buffers is not cut off, and gets its answer', async () => {
  // 64 KiB: the loopback socket buffers take all of it and the answer, so the gateway's own
  // queue is empty while the reader is paused: only the output sent since its last pong tells
  // the watchdog that data waits for it.
  const piece = Buffer.alloc(16_384, 0x7a);
  let invokeId = '';
  const offRequest = sim.conn.on('node.invoke.request', (p) => {
    invokeId = (p as { id: string }).id;
    void sim.conn.callBinary('node.invoke.progress', { invokeId, nodeId: sim.deviceId, seq: 0, stream: 'stdout', encoding: 'binary', sizes: [16_384, 16_384, 16_384, 16_384], chunk: '' }, [piece, piece, piece, piece]).catch(() => {});
    void sim.conn.call('node.invoke.result', { id: invokeId, nodeId: sim.deviceId, ok: true, payloadJSON: '{"exitCode":0,"success":true,"stdout":"","stderr":"","timedOut":false}' }).catch(() => {});
  });
  const reader = await rawOperator();
  let got = 0;
  let answered = false;
  reader.ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) got += data.length;
    else if ((JSON.parse(data.toString()) as { id?: string }).id === 'run') answered = true;
  });
  try {
    reader.pause(); // from before the run: none of it is read until resume
    reader.ws.send(JSON.stringify({ type: 'req', id: 'run', method: 'node.invoke', params: { nodeId: sim.deviceId, command: 'system.run', params: { command: ['yes'] }, idempotencyKey: `kernel-${Date.now()}`, stream: true, streamEncoding: 'binary', timeoutMs: 60_000 } }));
    assert.ok(await until(() => invokeId !== '', 10_000), 'the node got the run');
    await new Promise((r) => setTimeout(r, TICK_MS * 8));
    reader.resume();
    assert.ok(await until(() => answered || reader.closed(), 30_000));
    assert.equal(answered, true, 'the answer arrives once it reads');
    assert.ok(got > 4 * 16_384, `${got} bytes arrived`);
    // A paused reader cannot see a close; had the watchdog cut it off meanwhile, the end of the
    // connection would come right behind the data it now read.
    assert.equal(await until(() => reader.closed(), TICK_MS * 3), false, 'still connected: not dropped while its output waited in the kernel for it');
  } finally {
    offRequest();
    reader.ws.close();
  }
});

test('an operator whose socket the gateway closes while it is not reading: its run is cancelled at once, not relayed into the void', async () => {
  const piece = Buffer.alloc(16_384, 0x71);
  let invokeId = '';
  let cancelled = false;
  let acked = 0;
  const offCancel = sim.conn.on('node.invoke.cancel', (p) => {
    if ((p as { invokeId: string }).invokeId === invokeId) cancelled = true;
  });
  // Like a node: one frame in flight, the next one sent when the gateway acknowledged it.
  const pump = async () => {
    for (let seq = 0; !cancelled; seq += 4) {
      await sim.conn.callBinary('node.invoke.progress', { invokeId, nodeId: sim.deviceId, seq, stream: 'stdout', encoding: 'binary', sizes: [16_384, 16_384, 16_384, 16_384], chunk: '' }, [piece, piece, piece, piece]).catch(() => {});
      acked++;
    }
    await sim.conn.call('node.invoke.result', { id: invokeId, nodeId: sim.deviceId, ok: true, payloadJSON: '{"exitCode":143,"success":false,"stdout":"","stderr":"","timedOut":false,"cancelled":true}' }).catch(() => {});
  };
  const offRequest = sim.conn.on('node.invoke.request', (p) => {
    invokeId = (p as { id: string }).id;
    void pump();
  });
  const reader = await rawOperator();
  try {
    reader.ws.send(JSON.stringify({ type: 'req', id: 'run', method: 'node.invoke', params: { nodeId: sim.deviceId, command: 'system.run', params: { command: ['yes'] }, idempotencyKey: `void-${Date.now()}`, stream: true, streamEncoding: 'binary', timeoutMs: 60_000 } }));
    assert.ok(await until(() => acked > 2, 10_000), 'output flows');
    reader.pause();
    // A frame the gateway refuses by closing the connection: its close frame is never read by
    // this paused reader, so ws keeps the TCP socket open for up to 30 s (CLOSING).
    reader.ws.send('not a frame');
    const ackedAtClose = acked;
    assert.ok(await until(() => cancelled, 5_000), 'the node is told to stop the run within 5 s, not when ws gives up on the close');
    // Acknowledged at once, a node would have streamed megabytes into a closed socket meanwhile.
    assert.ok(acked - ackedAtClose < 64, `${acked - ackedAtClose} frames were acknowledged after the close`);
  } finally {
    offRequest();
    offCancel();
    cancelled = true;
    reader.resume();
    reader.ws.terminate();
  }
});

test('an operator connection has TCP keepalive (a host that vanished while holding a run is still found)', { skip: process.platform !== 'linux' || spawnSync('ss', ['-V']).status !== 0 }, async () => {
  const op = await operator();
  try {
    const port = new URL(gw.url).port;
    // The gateway's end of the connection (sport is the gateway's port); the kernel shows the
    // keepalive timer while nothing else is in flight.
    let out = '';
    const ok = await until(() => /timer:\(keepalive,/.test((out = spawnSync('ss', ['-tno', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).stdout)), 5_000);
    assert.ok(ok, out);
  } finally {
    op.close();
  }
});
