// The shared operator client (src-shared/client): browser-safe (the renderer bundles it), and the
// streamed-run, decoding and merge parts every client uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HearthError } from '../../src-shared/hearth-error.ts';
import { HearthError as CoreHearthError } from '../../src-main/core/errors.ts';
import { decodeInvokeAnswer, isCancelled, isCutOff, stripTruncationMarker, truncationNotices } from '../../src-shared/client/invoke-result.ts';
import { collectPending, resolvePending } from '../../src-shared/client/pending.ts';
import { CANCEL_METHOD, PROGRESS_EVENT, gatewayStreams, streamInvoke, type StreamTransport } from '../../src-shared/client/run-stream.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module reachable from `entry` through static and dynamic relative imports. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const src = readFileSync(file, 'utf8');
    const specs = [...src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
    seen.set(file, specs);
    for (const s of specs) if (s.startsWith('.')) visit(resolve(dirname(file), s));
  };
  visit(entry);
  return seen;
}

test('src-shared/client is browser-safe: no node: imports, nothing outside src-shared', () => {
  const entries = ['backoff', 'failure', 'invoke-result', 'pending', 'resolve-node', 'run-stream', 'connection', 'errors'];
  for (const e of entries) {
    for (const [file, specs] of importGraph(join(root, 'src-shared/client', `${e}.ts`))) {
      const rel = relative(root, file);
      assert.ok(rel.startsWith('src-shared/'), `${e}.ts reaches ${rel}`);
      for (const s of specs) {
        assert.ok(s.startsWith('.') || s === '@sinclair/typebox' || s.startsWith('@sinclair/typebox/'), `${rel} imports ${s}`);
      }
    }
  }
});

test('core, the CLI and the shared client throw one HearthError class', () => {
  assert.equal(CoreHearthError, HearthError);
  assert.ok(new CoreHearthError('x', 3) instanceof HearthError);
});

/** A transport whose node.invoke stays open until `finish`/`fail`; events are pushed with `emit`. */
function fakeTransport() {
  const handlers = new Map<string, Set<(p: unknown, frame?: { body?: Uint8Array[] }) => void>>();
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  let finish: (v: unknown) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const t = {
    call: <T,>(method: string, params: Record<string, unknown>) => {
      calls.push({ method, params });
      if (method === 'node.invoke') return new Promise<T>((res, rej) => { finish = res as (v: unknown) => void; fail = rej; });
      return Promise.resolve({ ok: true } as T);
    },
    on: (event: string, h: (p: unknown, frame?: { body?: Uint8Array[] }) => void) => {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(h);
      return () => set.delete(h);
    },
  };
  const emit = (p: unknown, frame?: { body?: Uint8Array[] }) => { for (const h of handlers.get(PROGRESS_EVENT) ?? []) h(p, frame); };
  return { t: t as unknown as StreamTransport, calls, emit, finish: (v: unknown) => finish(v), fail: (e: Error) => fail(e), listeners: () => handlers.get(PROGRESS_EVENT)?.size ?? 0 };
}

test('streamInvoke: its own chunks only, stdout and stderr apart, in order; the listener goes away after', async () => {
  const f = fakeTransport();
  const got: string[] = [];
  const run = streamInvoke(f.t, { idempotencyKey: 'k1', nodeId: 'n' }, { callTimeoutMs: 1000, onOutput: (s, c) => got.push(`${s}:${c}`) });
  assert.equal(f.calls[0]!.params['stream'], true);
  f.emit({ idempotencyKey: 'k1', seq: 0, stream: 'stdout', chunk: 'a' });
  f.emit({ idempotencyKey: 'other', seq: 0, stream: 'stdout', chunk: 'not mine' });
  f.emit({ idempotencyKey: 'k1', seq: 1, stream: 'stderr', chunk: 'b' });
  f.emit({ idempotencyKey: 'k1', seq: 2, stream: 'stdout', chunk: 42 });
  f.emit(null);
  f.emit({ idempotencyKey: 'k1', seq: 3, chunk: 'c' });
  f.finish({ payload: { exitCode: 0, timedOut: false, success: true, stdout: '', stderr: '', error: null, streamed: true } });
  const r = await run;
  assert.deepEqual(got, ['stdout:a', 'stderr:b', 'stdout:c']);
  assert.equal(r.cancelled, false);
  assert.equal((r.answer.payload as { exitCode?: number } | undefined)?.exitCode, 0);
  assert.equal(f.listeners(), 0);
});

test('streamInvoke with onBytes asks for binary frames and gets their bodies; text from an older gateway still goes to onOutput', async () => {
  const f = fakeTransport();
  const got: string[] = [];
  const run = streamInvoke(f.t, { idempotencyKey: 'k', nodeId: 'n' }, {
    callTimeoutMs: 1000, onOutput: (s, c) => got.push(`text ${s}:${c}`), onBytes: (s, b) => got.push(`bytes ${s}:${Buffer.concat(b).toString('hex')}`),
  });
  assert.equal(f.calls[0]!.params['streamEncoding'], 'binary');
  f.emit({ idempotencyKey: 'k', seq: 0, stream: 'stdout', encoding: 'binary', sizes: [2, 1], chunk: '' }, { body: [Uint8Array.of(0xff, 0x0a), Uint8Array.of(0x79)] });
  f.emit({ idempotencyKey: 'k', seq: 2, stream: 'stderr', chunk: 'plain' });
  // A binary event without its body (a transport that lost it) shows nothing rather than ''.
  f.emit({ idempotencyKey: 'k', seq: 3, stream: 'stdout', encoding: 'binary', sizes: [1], chunk: '' });
  f.finish({});
  await run;
  assert.deepEqual(got, ['bytes stdout:ff0a79', 'text stderr:plain']);
  // Without onBytes nothing asks for binary, and stray base64 or binary chunks are not shown as text.
  const g = fakeTransport();
  const text: string[] = [];
  const plain = streamInvoke(g.t, { idempotencyKey: 'k', nodeId: 'n' }, { callTimeoutMs: 1000, onOutput: (_s, c) => text.push(c) });
  assert.equal(g.calls[0]!.params['streamEncoding'], undefined);
  g.emit({ idempotencyKey: 'k', seq: 0, encoding: 'base64', chunk: 'eQp5Cg==' });
  g.emit({ idempotencyKey: 'k', seq: 1, encoding: 'binary', sizes: [1], chunk: '' }, { body: [Uint8Array.of(0x79)] });
  g.finish({});
  await plain;
  assert.deepEqual(text, []);
});

test('streamInvoke with a decoder asks for zstd too and decodes compressed frames; one that does not decode is a gap, said at the end', async () => {
  const { zstdCompressFrame, zstdDecompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const f = fakeTransport();
  const got: string[] = [];
  const run = streamInvoke(f.t, { idempotencyKey: 'k', nodeId: 'n' }, {
    callTimeoutMs: 1000, onOutput: (s, c) => got.push(`text ${s}:${c}`), onBytes: (s, b) => got.push(`bytes ${s}:${Buffer.concat(b).toString()}`),
    decompress: zstdDecompressFrame,
  });
  assert.deepEqual([f.calls[0]!.params['streamEncoding'], f.calls[0]!.params['streamCompression']], ['binary', 'zstd']);
  const text = Buffer.from('line of build output\n'.repeat(1000));
  const packed = zstdCompressFrame([text], text.length)!;
  const sizes = [16_384, text.length - 16_384];
  f.emit({ idempotencyKey: 'k', seq: 0, stream: 'stdout', encoding: 'binary', sizes, compression: 'zstd', chunk: '' }, { body: [packed.subarray(0, 5), packed.subarray(5)] });
  // Garbage, and a frame that decodes to other than its declared sizes: their seqs pass, nothing is shown.
  f.emit({ idempotencyKey: 'k', seq: 2, stream: 'stdout', encoding: 'binary', sizes: [100], compression: 'zstd', chunk: '' }, { body: [Uint8Array.of(1, 2, 3)] });
  f.emit({ idempotencyKey: 'k', seq: 3, stream: 'stdout', encoding: 'binary', sizes: [16_384, 16_384], compression: 'zstd', chunk: '' }, { body: [packed] });
  f.emit({ idempotencyKey: 'k', seq: 5, stream: 'stderr', encoding: 'binary', sizes: [4], chunk: '' }, { body: [Buffer.from('end\n')] });
  f.finish({});
  const r = await run;
  assert.deepEqual(got, [`bytes stdout:${text.toString()}`, 'bytes stderr:end\n']);
  assert.equal(r.outputGap?.chunks, 3);
  assert.match(r.outputGap?.line ?? '', /^3 chunks of this run's output came compressed and did not decode: what was printed lacks them — if it repeats, update Hearth/);
  // Without a decoder, nothing asks for zstd, and a compressed frame a gateway sends anyway is a gap, never shown as bytes.
  const g = fakeTransport();
  const bytes: string[] = [];
  const plain = streamInvoke(g.t, { idempotencyKey: 'k', nodeId: 'n' }, { callTimeoutMs: 1000, onOutput: () => {}, onBytes: (_s, b) => bytes.push(Buffer.concat(b).toString()) });
  assert.equal(g.calls[0]!.params['streamCompression'], undefined);
  g.emit({ idempotencyKey: 'k', seq: 0, stream: 'stdout', encoding: 'binary', sizes, compression: 'zstd', chunk: '' }, { body: [packed] });
  g.finish({});
  assert.equal((await plain).outputGap?.chunks, 2);
  assert.deepEqual(bytes, []);
});

test('streamInvoke: abort asks the gateway to cancel; a run that never answers settles as cancelled after the wait', async () => {
  const f = fakeTransport();
  const ac = new AbortController();
  const run = streamInvoke(f.t, { idempotencyKey: 'k2' }, { callTimeoutMs: 60_000, onOutput: () => {}, signal: ac.signal, cancelWaitMs: 50 });
  ac.abort();
  ac.abort();
  assert.deepEqual(f.calls.slice(1), [{ method: CANCEL_METHOD, params: { idempotencyKey: 'k2' } }]);
  const r = await run;
  assert.deepEqual(r, { answer: {}, cancelled: true });
});

test('streamInvoke: a failure without a cancel rejects as the call did', async () => {
  const f = fakeTransport();
  const run = streamInvoke(f.t, { idempotencyKey: 'k3' }, { callTimeoutMs: 1000, onOutput: () => {} });
  f.fail(new Error('gone'));
  await assert.rejects(run, /gone/);
  assert.equal(f.listeners(), 0);
});

test('gatewayStreams needs both the cancel method and the progress event in hello-ok', () => {
  assert.equal(gatewayStreams({ features: { methods: [CANCEL_METHOD], events: [PROGRESS_EVENT] } }), true);
  assert.equal(gatewayStreams({ features: { methods: [CANCEL_METHOD], events: [] } }), false);
  assert.equal(gatewayStreams({ features: { methods: [], events: [] } }), false);
});

test('decodeInvokeAnswer: payload, payloadJSON, nothing, and bad JSON named as such', () => {
  const r = { exitCode: 3, timedOut: false, success: false, stdout: 'x', stderr: '', error: null };
  assert.deepEqual(decodeInvokeAnswer({ payload: r }, 'box'), r);
  assert.deepEqual(decodeInvokeAnswer({ payloadJSON: JSON.stringify(r) }, 'box'), r);
  assert.equal(decodeInvokeAnswer({}, 'box'), undefined);
  assert.equal(decodeInvokeAnswer({ payloadJSON: null }, 'box'), undefined);
  assert.equal(decodeInvokeAnswer({ payloadJSON: '3' }, 'box'), undefined);
  assert.throws(() => decodeInvokeAnswer({ payloadJSON: '{"exit' }, 'box'), (e: Error) => e instanceof HearthError && /node box returned a result that is not valid JSON/.test(e.message));
});

test('cancelled / cut-off failures are recognised from the gateway and the node codes', () => {
  assert.equal(isCancelled({ details: { nodeError: { code: 'CANCELLED' } } }), true);
  assert.equal(isCancelled(new Error('x')), false);
  assert.equal(isCutOff({ details: { code: 'NOT_CONNECTED', nodeCommandDispatched: true } }), true);
  assert.equal(isCutOff({ details: { code: 'NOT_CONNECTED' } }), false);
  assert.equal(isCutOff({ details: { cutOff: true } }), true);
  assert.equal(isCutOff(undefined), false);
});

test('truncation notices: streamed runs count dropped bytes, others read the in-band marker', () => {
  const base = { timedOut: false, success: true, stdout: '', stderr: '', error: null, exitCode: 0 };
  assert.deepEqual(truncationNotices({ ...base, dropped: { stdout: 10, stderr: 0, limitBytes: 100 } }), ['hearth: stdout truncated: 10 more bytes not captured (limit 100 bytes); raise --max-output']);
  assert.deepEqual(truncationNotices({ ...base, stderr: 'e\n[hearth: output truncated — 5 more bytes not captured (limit 9 bytes)]\n' }), ['hearth: stderr truncated: 5 more bytes not captured (limit 9 bytes); raise --max-output']);
  assert.deepEqual(truncationNotices({ ...base, truncated: true }), ['hearth: output was truncated by the node; raise --max-output']);
  assert.deepEqual(truncationNotices(base), []);
  assert.deepEqual(truncationNotices({ ...base, stdout: '1\n2\n[hearth: output truncated mid-line — 7 more bytes not captured (limit 3 bytes)]\n' }), ['hearth: stdout truncated: 7 more bytes not captured (limit 3 bytes); raise --max-output']);
});

test('stripping the truncation marker leaves the output as the node kept it', () => {
  // Cut at a line end: the line break before the marker is the output's own.
  assert.equal(stripTruncationMarker('1\n2\n[hearth: output truncated — 5 more bytes not captured (limit 4 bytes)]\n'), '1\n2\n');
  // Cut mid-line: the node put the marker on a line of its own, and that line break goes with it.
  assert.equal(stripTruncationMarker('1\n2\n3\n[hearth: output truncated mid-line — 5 more bytes not captured (limit 5 bytes)]\n'), '1\n2\n3');
  assert.equal(stripTruncationMarker('no marker\n'), 'no marker\n');
});

test('pending merge carries platform and commands; resolvePending approves in the right layer', async () => {
  const dev = { requestId: 'd1', deviceId: 'aa'.repeat(32), publicKey: 'k', role: 'operator', roles: ['operator'], scopes: [], silent: false, isRepair: false, ts: 1, platform: 'ios' };
  const nod = { requestId: 'n1', nodeId: 'bb'.repeat(32), caps: [], commands: ['system.run'], requiredApproveScopes: [], ts: 2, platform: 'linux', displayName: 'box' };
  const items = collectPending({ pending: [dev] }, { pending: [nod] }, false);
  assert.deepEqual(items.map((i) => [i.requestId, i.platform, i.commands]), [['n1', 'linux', ['system.run']], ['d1', 'ios', undefined]]);
  const calls: string[] = [];
  const call = async <T,>(method: string, params: Record<string, unknown>): Promise<T> => {
    calls.push(`${method} ${JSON.stringify(params)}`);
    if (method === 'device.pair.list') return { pending: [dev], paired: [] } as T;
    if (method === 'node.pair.list') return { pending: [nod], paired: [] } as T;
    return { ok: true } as T;
  };
  const { item } = await resolvePending(call, 'approve', undefined, true, 'nodes');
  assert.equal(item.requestId, 'n1');
  assert.equal(calls.at(-1), 'node.pair.approve {"requestId":"n1"}');
  await resolvePending(call, 'reject', 'd', false, 'devices');
  assert.equal(calls.at(-1), 'device.pair.reject {"requestId":"d1"}');
  await assert.rejects(resolvePending(call, 'approve', 'zz', false, 'nodes'), /no pending request "zz"/);
});

test('invoke failures name the client\'s own fix for a timeout (the CLI\'s --timeout by default)', async () => {
  const { invokeFailure } = await import('../../src-shared/client/invoke-result.ts');
  const { ProtocolError } = await import('../../src-shared/protocol/errors.ts');
  const err = new ProtocolError({ code: 'UNAVAILABLE', message: 'TIMEOUT', details: { nodeError: { code: 'TIMEOUT' } } });
  assert.equal(invokeFailure(err, 'box', 30_000).message, 'node box did not finish within 30000 ms; raise --timeout');
  assert.equal(invokeFailure(err, 'box', 30_000).exitCode, 124);
  assert.equal(invokeFailure(err, 'box', 30_000, { timeoutFix: 'use the CLI' }).message, 'node box did not finish within 30000 ms; use the CLI');
});
