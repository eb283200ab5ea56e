// Hearth's binary frames (streamed run output) from a hostile node and a stray operator, on the
// real built gateway: every malformed frame gets a clear refusal or closes only the sender's
// connection; well-formed bytes reach the operator that asked, exactly; the gateway stays up.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadOrCreateIdentity, signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { SocketLike } from '../../src-shared/client/socket.ts';
import { joinBytes } from '../../src-shared/protocol/binary-frame.ts';
import { BINARY_STREAM_CAPABILITY, ZSTD_STREAM_CAPABILITY } from '../../src-shared/protocol/constants.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { decodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { cli } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: GatewayConnection;
let raw: SocketLike;
let nodeId = '';
const dir = tempDir('hearth-binary-');
const requests: { id: string; streamEncoding?: string }[] = [];

before(async () => {
  gw = await startGatewayProcess();
  const setup = decodeSetupCode((JSON.parse(cli(gw, ['qr', '--node', '--json']).stdout) as { setupCode: string }).setupCode)!;
  const signer = signerFor(loadOrCreateIdentity(join(dir, 'node.json')));
  nodeId = signer.deviceId;
  const base = wsSocketFactory();
  node = await GatewayConnection.open({
    url: gw.url, role: 'node', scopes: [], caps: ['system'], commands: ['system.run'], auth: { bootstrapToken: setup.bootstrapToken },
    device: signer, client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName: 'hostile' },
    socketFactory: (u) => (raw = base(u)),
  });
  node.on('node.invoke.request', (p) => { requests.push(p as { id: string; streamEncoding?: string }); });
});

after(async () => {
  node?.close(1000, 'done');
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (gw) rmSync(gw.stateDir, { recursive: true, force: true });
});

async function operator() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

async function nextRequest(): Promise<{ id: string; streamEncoding?: string }> {
  for (let i = 0; i < 200 && requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const r = requests.shift();
  assert.ok(r, 'the node got the invoke request');
  return r;
}

const progress = (invokeId: string, seq: number, sizes: number[], extra: Record<string, unknown> = {}) =>
  ({ invokeId, nodeId, seq, stream: 'stdout', encoding: 'binary', sizes, chunk: '', ...extra });

test('a streamed run asks the node for binary frames; their bytes reach the operator exactly, and every malformed one is refused by name', async () => {
  const op = await operator();
  try {
    assert.ok(op.hello.features.capabilities?.includes(BINARY_STREAM_CAPABILITY), 'hello-ok announces binary streaming');
    const got: Buffer[] = [];
    op.on('hearth.invoke.progress', (p, frame) => {
      if (p.encoding === 'binary' && frame?.body) got.push(Buffer.from(joinBytes(frame.body)));
    });
    const run = op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['true'] }, idempotencyKey: 'bin-1', stream: true, streamEncoding: 'binary', timeoutMs: 20_000 });
    const req = await nextRequest();
    assert.equal(req.streamEncoding, 'binary');
    const bytes = Buffer.from([0xff, 0x00, 0x0a, 0xc3]);
    assert.deepEqual(await node.callBinary('node.invoke.progress', progress(req.id, 0, [3, 1]), [bytes.subarray(0, 2), bytes.subarray(2)]), { ok: true });

    const refusals: [string, () => Promise<unknown>, RegExp][] = [
      ['sizes that do not add up', () => node.callBinary('node.invoke.progress', progress(req.id, 2, [5]), [bytes]), /sizes add up to 5 bytes but the body has 4/],
      ['a chunk beside the body', () => node.callBinary('node.invoke.progress', progress(req.id, 2, [4], { chunk: 'x' }), [bytes]), /chunk must be empty/],
      ['no sizes', () => node.callBinary('node.invoke.progress', { invokeId: req.id, nodeId, seq: 2, encoding: 'binary', chunk: '' }, [bytes]), /sizes .* is required/],
      ['a chunk over 16 KiB', () => node.callBinary('node.invoke.progress', progress(req.id, 2, [20_000]), [Buffer.alloc(20_000)]), /sizes\/0.*16384/],
      ['binary without a binary frame', () => node.callRaw('node.invoke.progress', progress(req.id, 2, [4])), /needs the bytes as the body of a binary frame/],
      ['another method as a binary frame', () => node.callBinary('node.invoke.result', { id: req.id, nodeId, ok: true }, [bytes]), /node.invoke.result cannot come as a binary frame.*JSON text frame/],
    ];
    for (const [what, send, expected] of refusals) {
      await assert.rejects(send(), (e: unknown) => e instanceof ProtocolError && expected.test(e.message), what);
    }
    await node.callRaw('node.invoke.result', { id: req.id, nodeId, ok: true, payloadJSON: JSON.stringify({ exitCode: 0, success: true, stdout: '', stderr: '', timedOut: false }) });
    await run;
    assert.deepEqual(Buffer.concat(got), bytes, 'only the well-formed frame reached the operator');
  } finally {
    op.close();
  }
});

test('zstd frames from a hostile node: a bomb, garbage and a body no smaller than its chunks never reach an operator as output, and the gateway stays up', async () => {
  const { default: zlib } = await import('node:zlib');
  const { zstdCompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const op = await operator();
  try {
    assert.ok(op.hello.features.capabilities?.includes(ZSTD_STREAM_CAPABILITY), 'hello-ok announces zstd frames');
    const texts: [number, string][] = [];
    op.on('hearth.invoke.progress', (p) => { if (p.idempotencyKey === 'zstd-1') texts.push([p.seq, p.chunk]); });
    // A text operator (the web UI): the gateway decodes what the node compressed.
    const run = op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['true'] }, idempotencyKey: 'zstd-1', stream: true, timeoutMs: 20_000 });
    const req = await nextRequest() as { id: string; streamEncoding?: string; streamCompression?: string };
    assert.deepEqual([req.streamEncoding, req.streamCompression], ['binary', 'zstd'], 'the node is asked for zstd frames');
    const text = Buffer.from('hello from a compressed frame\n'.repeat(600)); // 18 000 bytes
    const good = zstdCompressFrame([text], text.length)!;
    const zstd = { compression: 'zstd' };
    assert.deepEqual(await node.callBinary('node.invoke.progress', progress(req.id, 0, [16_384, text.length - 16_384], zstd), [good]), { ok: true });
    await assert.rejects(
      node.callBinary('node.invoke.progress', progress(req.id, 2, [4], zstd), [Buffer.from('abcd')]),
      (e: unknown) => e instanceof ProtocolError && /a zstd body must be smaller than the 4 bytes of chunks it holds \(it has 4\); send them uncompressed/.test(e.message),
    );
    // 256 MiB of zeros in a few KiB, declared as 1 MiB (64 chunks): decoding stops at the bound and the frame is dropped.
    const bomb = zlib.zstdCompressSync(Buffer.alloc(1 << 28));
    const mib = Array<number>(64).fill(16_384);
    const gatewayRss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gw.child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const rssBefore = gatewayRss();
    assert.deepEqual(await node.callBinary('node.invoke.progress', progress(req.id, 2, mib, zstd), [bomb]), { ok: true });
    assert.deepEqual(await node.callBinary('node.invoke.progress', progress(req.id, 66, [16_384], zstd), [Buffer.alloc(100, 7)]), { ok: true });
    // What follows still flows: the dropped frames' seqs were passed.
    assert.deepEqual(await node.callBinary('node.invoke.progress', progress(req.id, 67, [5]), [Buffer.from('tail\n')]), { ok: true });
    await node.callRaw('node.invoke.result', { id: req.id, nodeId, ok: true, payloadJSON: JSON.stringify({ exitCode: 0, success: true, stdout: '', stderr: '', timedOut: false }) });
    await run;
    assert.deepEqual(texts.map(([seq]) => seq), [0, 1, 67]);
    assert.equal(texts.map(([, t]) => t).join(''), `${text.toString()}tail\n`);
    assert.ok(gatewayRss() - rssBefore < 64 * 1024 * 1024, 'the bomb did not expand in the gateway');
    const log = readFileSync(join(gw.stateDir, 'logs', 'gateway.log'), 'utf8');
    assert.equal(log.split('\n').filter((l) => l.includes('compressed run output that did not decode')).length, 1, 'said once per run in the log');
    assert.ok((await op.call('health', {})) !== undefined, 'the gateway is up');
  } finally {
    op.close();
  }
});

test('an operator may not send output frames, and a binary frame without the marker closes only the sender', async () => {
  const op = await operator();
  try {
    await assert.rejects(op.callBinary('node.invoke.progress', progress('x', 0, [1]), [Buffer.from('x')]), /unauthorized role: operator/);
    assert.ok(op.isOpen);
    const closed = new Promise<[number, string]>((resolve) => node.onClose((code, reason) => resolve([code, reason])));
    raw.send(Buffer.from('not a hearth frame'));
    const [code, reason] = await closed;
    assert.equal(code, 1008);
    assert.match(reason, /Hearth extension.*marker/);
    // The gateway is up and serves everyone else.
    const list = await op.call('node.list', {});
    assert.ok(Array.isArray(list.nodes));
    const other = await operator();
    other.close();
  } finally {
    op.close();
  }
});
