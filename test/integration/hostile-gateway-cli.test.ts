// The CLI against a hostile or broken gateway (test/helpers/hostile-gateway.ts): whatever the
// gateway sends, a command ends with one `hearth: <what happened>; <what to do>` line and a
// non-zero exit — never a stack trace, an "unexpected error", a hang or `undefined`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { helloOk, startHostileGateway, type Frame, type HostileConn, type HostileGateway, type HostileOptions } from '../helpers/hostile-gateway.ts';
import { spawnHearth, tempDir, waitUntil } from '../helpers/processes.ts';

const dirs: string[] = [];
const gateways: HostileGateway[] = [];
after(async () => {
  for (const g of gateways) await g.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function hostile(opts: HostileOptions): Promise<HostileGateway> {
  const g = await startHostileGateway(opts);
  gateways.push(g);
  return g;
}

/** Runs the built CLI (asynchronously: the hostile gateway lives in this process). */
async function hearth(args: string[], limitMs = 60_000): Promise<{ code: number | null; out: string }> {
  const dir = tempDir('hearth-hostile-cli-');
  dirs.push(dir);
  const p = spawnHearth(args, { HEARTH_STATE_DIR: dir, HEARTH_DEBUG: undefined });
  const kill = setTimeout(() => p.child.kill('SIGKILL'), limitMs);
  const code = await p.exited;
  clearTimeout(kill);
  return { code, out: p.output() };
}

/** The one-line failure every case must end with. */
function assertOneLineFailure(r: { code: number | null; out: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0, r.out);
  assert.notEqual(r.code, null, `killed: the command hung\n${r.out}`);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.out}`);
  assert.match(lines[0]!, /^hearth: /);
  assert.doesNotMatch(r.out, /unexpected error|HEARTH_DEBUG|undefined|\n\s+at /, r.out);
  assert.match(lines[0]!, pattern);
}

test('a result out of contract names the method and the fix, for every kind of read', async () => {
  let answer: unknown = null;
  const g = await hostile({ onRequest: (c, req) => (c.reply(req, answer), true) });
  const cases: [string[], unknown, RegExp][] = [
    [['nodes', 'list'], null, /answered node\.list .*\(at root: must be object\).*update Hearth on both ends, or check --url/],
    [['nodes', 'list'], { ts: 1, nodes: [{ nodeId: 5 }] }, /answered node\.list .*\/nodes\/0/],
    [['health'], [], /answered health/],
    [['status', '--deep'], 'x'.repeat(100_000), /answered status/],
    [['alerts'], { ts: 1, alerts: 'none' }, /answered hearth\.alerts\.list/],
    [['devices', 'list'], {}, /answered device\.pair\.list/],
  ];
  for (const [args, value, pattern] of cases) {
    answer = value;
    assertOneLineFailure(await hearth([...args, '--url', g.url, '--token', 'x']), pattern);
  }
});

test('a broken response frame to a call fails that call at once instead of at its deadline', async () => {
  // Extra top-level property: not a valid res frame (SPEC §3); without the fix the call waited 30 s and "timed out".
  const g = await hostile({ onRequest: (c, req) => (c.send({ type: 'res', id: req['id'], ok: true, payload: {}, bogus: 1 }), true) });
  const r = await hearth(['health', '--url', g.url, '--token', 'x']);
  assertOneLineFailure(r, /answered health .*unexpected property 'bogus'/);
});

test('a connect.challenge or hello-ok out of contract ends the handshake with one line', async () => {
  const nullChallenge = await hostile({ challenge: () => null });
  assertOneLineFailure(await hearth(['health', '--url', nullChallenge.url, '--token', 'x']), /connect\.challenge event .*must be object/);
  const noNonce = await hostile({ challenge: () => ({ ts: 'now' }) });
  assertOneLineFailure(await hearth(['nodes', 'list', '--url', noNonce.url, '--token', 'x']), /connect\.challenge/);
  const oddHello = await hostile({ hello: () => ({ type: 'hello-ok', protocol: '4' }) });
  assertOneLineFailure(await hearth(['health', '--url', oddHello.url, '--token', 'x']), /answered connect /);
  // A res to connect that is not even a valid frame: refused now, not after the 10 s handshake budget.
  const brokenFrame = await hostile({ hello: () => ({ raw: { type: 'res', id: '1:connect', ok: 'yes' } }) });
  assertOneLineFailure(await hearth(['health', '--url', brokenFrame.url, '--token', 'x']), /answered connect .*id and ok are required/);
});

/** A gateway with one connected node `lap` whose node.invoke is answered by `invoke`. */
async function gatewayWithNode(invoke: (c: HostileConn, req: Frame) => void): Promise<HostileGateway> {
  const entry = { nodeId: 'n1', displayName: 'lap', caps: ['system'], commands: ['system.run'], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true };
  return hostile({
    hello: () => helloOk('operator', { features: { methods: ['node.list', 'node.invoke', 'hearth.invoke.cancel'], events: ['hearth.invoke.progress'] } }),
    onRequest: (c, req) => {
      if (req['method'] === 'node.list') c.reply(req, { ts: 1, nodes: [entry] });
      else if (req['method'] === 'node.invoke') invoke(c, req);
      else return false;
      return true;
    },
  });
}

const runResult = (extra: Frame) => ({ ok: true, payload: { timedOut: false, success: false, stdout: '', stderr: '', error: null, ...extra } });

test('nodes run: an exit code a shell cannot take is never success and never a crash', async () => {
  // 256 wrapped to exit 0 (a failed command read as success); 3.5 and 1e300 crashed the exit with a RangeError stack.
  for (const [code, expected] of [[256, 1], [3.5, 1], [1e300, 1], [-1, 255], [3221225477, 5]] as const) {
    const g = await gatewayWithNode((c, req) => c.reply(req, runResult({ exitCode: code })));
    const r = await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']);
    assert.equal(r.code, expected, r.out);
    assertOneLineFailure(r, /exited with .*not an exit code this shell can take; exiting \d+ instead/);
  }
});

test('nodes run: a system.run result of the wrong shape is named, not read as a timeout or a silent exit 1', async () => {
  const cases: [unknown, RegExp][] = [
    [{ ok: true, payload: {} }, /answered system\.run .*required property 'timedOut'/], // was: exit 1, nothing printed
    [{ ok: true, payload: { exitCode: 0, stdout: 5, stderr: {}, error: 7, timedOut: 'no', success: 'yes' } }, /\/timedOut: must be boolean/], // was: "timed out"
    [{ ok: true, payloadJSON: JSON.stringify({ exitCode: 0, timedOut: false, success: true, stdout: ['x'], stderr: '', error: null }) }, /\/stdout: must be string/],
  ];
  for (const [answer, pattern] of cases) {
    const g = await gatewayWithNode((c, req) => c.reply(req, answer));
    assertOneLineFailure(await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']), pattern);
  }
});

test('nodes run: progress for other runs and out of contract is not printed; a flood of bad events is one line', async () => {
  const g = await gatewayWithNode((c, req) => {
    const key = (req['params'] as Frame)['idempotencyKey'];
    c.event('hearth.invoke.progress', { invokeId: 'i-other', idempotencyKey: 'someone-else', nodeId: 'n1', seq: 0, stream: 'stdout', chunk: 'LEAK\n' });
    for (let i = 0; i < 500; i++) c.event('hearth.invoke.progress', { idempotencyKey: key, seq: i, chunk: 5 });
    c.event('hearth.invoke.progress', { invokeId: 'i1', idempotencyKey: key, nodeId: 'n1', seq: 0, stream: 'stdout', chunk: 'mine\n' });
    setTimeout(() => c.reply(req, runResult({ exitCode: 0, success: true, streamed: true })), 100);
  });
  const r = await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']);
  assert.equal(r.code, 0, r.out);
  assert.doesNotMatch(r.out, /LEAK/);
  assert.match(r.out, /^mine$/m);
  assert.equal(r.out.match(/^hearth: the gateway's hearth\.invoke\.progress event/gm)?.length, 1, r.out);
});

test('nodes run: a gateway that closes mid-run, with any code, gives one line', async () => {
  for (const close of [(c: HostileConn) => c.ws.close(4000, 'odd'), (c: HostileConn) => c.ws.close(1011), (c: HostileConn) => c.ws.terminate()]) {
    const g = await gatewayWithNode((c) => setTimeout(() => close(c), 100));
    assertOneLineFailure(await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']), /lost the connection to the gateway while the command was running on lap/);
  }
});

test('a megabyte error message from the gateway is cut, still one line', async () => {
  const g = await hostile({ onRequest: (c, req) => (c.send({ type: 'res', id: req['id'], ok: false, error: { code: 'UNAVAILABLE', message: `boom\n${'x'.repeat(1_000_000)}` } }), true) });
  const r = await hearth(['health', '--url', g.url, '--token', 'x']);
  assertOneLineFailure(r, /^hearth: the gateway answered UNAVAILABLE: boom; x+… \(\d+ more characters cut\)$/);
  assert.ok(r.out.length < 5000, `${r.out.length} characters`);
});

test('nodes run: progress chunks out of order or repeated print in seq order, once; a gap that never fills is said once at the end', async () => {
  const chunk = (key: unknown, seq: number, text: string, stream = 'stdout') => ({ invokeId: 'i1', idempotencyKey: key, nodeId: 'n1', seq, stream, chunk: text });
  let script: (c: HostileConn, key: unknown) => void = () => {};
  const g = await gatewayWithNode((c, req) => {
    const key = (req['params'] as Frame)['idempotencyKey'];
    script(c, key);
    setTimeout(() => c.reply(req, runResult({ exitCode: 0, success: true, streamed: true })), 100);
  });
  const run = () => hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']);

  // Shuffled and repeated: printed as the node sent it. Before: "c\na\nb\nb\nd\na\n" and so on.
  script = (c, key) => {
    for (const [seq, text] of [[2, 'c'], [0, 'a'], [1, 'b'], [1, 'b'], [4, 'e'], [3, 'd'], [0, 'a']] as const) c.event('hearth.invoke.progress', chunk(key, seq, `${text}\n`));
  };
  let r = await run();
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, 'a\nb\nc\nd\ne\n');

  // seq 1 never comes: the rest still prints in order, and one line says what is missing.
  script = (c, key) => {
    for (const [seq, text] of [[0, 'a'], [3, 'd'], [2, 'c']] as const) c.event('hearth.invoke.progress', chunk(key, seq, `${text}\n`));
  };
  r = await run();
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^a\nc\nd\n/);
  assert.equal(r.out.match(/^hearth: /gm)?.length, 1, r.out);
  assert.match(r.out, /^hearth: 1 chunk of this run's output never came from the gateway \(seq 1\): what was printed lacks it; run it again with --no-stream to get the output whole, as the node kept it$/m);

  // seq 0 withheld while 2000 later chunks come: what waits is bounded (the gap is given up on
  // after 128 held chunks, the rest goes out in order), and the late seq 0 is not printed out of place.
  script = (c, key) => {
    for (let seq = 1; seq <= 2000; seq++) c.event('hearth.invoke.progress', chunk(key, seq, `${seq}\n`));
    c.event('hearth.invoke.progress', chunk(key, 0, 'late\n'));
  };
  r = await run();
  assert.equal(r.code, 0, r.out);
  const lines = r.out.trim().split('\n');
  assert.deepEqual(lines.slice(0, 2000), Array.from({ length: 2000 }, (_, i) => `${i + 1}`));
  assert.doesNotMatch(r.out, /late/);
  assert.match(lines[2000]!, /^hearth: 1 chunk of this run's output never came from the gateway \(seq 0\)/);
  assert.equal(lines.length, 2001, r.out.slice(-500));
});

test('nodes run: zstd frames from the gateway are decoded; one that does not decode, or would decode past its declared size, is one line at the end, never garbage in the output', async () => {
  const { default: zlib } = await import('node:zlib');
  const { encodeBinaryFrame } = await import('../../src-shared/protocol/binary-frame.ts');
  const { zstdCompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const text = Buffer.from('compressed line\n'.repeat(2000)); // 32 000 bytes
  const good = zstdCompressFrame([text], text.length)!;
  const bomb = zlib.zstdCompressSync(Buffer.alloc(1 << 28));
  const entry = { nodeId: 'n1', displayName: 'lap', caps: ['system'], commands: ['system.run'], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true };
  let asked: Frame = {};
  const g = await hostile({
    hello: () => helloOk('operator', { features: { methods: ['node.list', 'node.invoke', 'hearth.invoke.cancel'], events: ['hearth.invoke.progress'], capabilities: ['hearth-binary-stream-v1', 'hearth-zstd-stream-v1'] } }),
    onRequest: (c, req) => {
      if (req['method'] === 'node.list') c.reply(req, { ts: 1, nodes: [entry] });
      else if (req['method'] === 'node.invoke') {
        asked = req['params'] as Frame;
        const key = asked['idempotencyKey'];
        const frame = (seq: number, sizes: number[], body: Buffer, zstd = true) => c.send(Buffer.from(encodeBinaryFrame({
          type: 'event', event: 'hearth.invoke.progress',
          payload: { invokeId: 'i1', nodeId: 'n1', idempotencyKey: key, seq, stream: 'stdout', encoding: 'binary', sizes, ...(zstd ? { compression: 'zstd' } : {}), chunk: '' },
        }, [body])));
        frame(0, [16_000, 16_000], good);
        frame(2, [5], Buffer.from('junk!'));
        frame(3, Array<number>(64).fill(16_384), bomb);
        // Declared as exactly what it holds, 256 MiB, far past what a frame may: without the bound it would decode and print.
        frame(67, [1 << 28], bomb);
        frame(68, [5], Buffer.from('tail\n'), false);
        setTimeout(() => c.reply(req, runResult({ exitCode: 0, success: true, streamed: true })), 100);
      } else return false;
      return true;
    },
  });
  const r = await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', 'lap', '--', 'true']);
  assert.deepEqual([asked['streamEncoding'], asked['streamCompression']], ['binary', 'zstd'], 'the CLI asks for zstd frames from a gateway that offers them');
  assert.equal(r.code, 0, r.out.slice(-400));
  assert.ok(r.out.startsWith(`${text.toString()}tail\n`), r.out.slice(0, 200));
  const notes = r.out.slice(text.length + 5);
  assert.equal(notes.match(/^hearth: /gm)?.length, 1, notes);
  assert.match(notes, /^hearth: 66 chunks of this run's output came compressed and did not decode: what was printed lacks them — if it repeats, update Hearth on the node and the gateway; run it again with --no-stream/);
});

test('nodes run: a gateway that never answers is given up on a grace after the run\'s deadline (and the approval window it announced), not ten minutes later', async () => {
  const g = await gatewayWithNode((c, req) => {
    // The run waits for an exec approval (a 2 s window), then nothing ever comes back.
    const argv = (req['params'] as { params: { command: string[] } }).params.command;
    const now = Date.now();
    c.event('exec.approval.requested', { id: 'ap-1', nodeId: 'n1', argv, envHash: 'h', state: 'pending', createdAtMs: now, expiresAtMs: now + 2_000 });
  });
  const started = Date.now();
  const r = await hearth(['nodes', 'run', '--url', g.url, '--token', 'x', '--timeout', '1000', 'lap', '--', 'true']);
  const took = Date.now() - started;
  // 1 s --timeout + the gateway's 5 s + the 2 s window + 10 s grace; before: 1 s + 615 s (killed at 60 s here).
  assert.ok(took >= 17_500 && took < 30_000, `took ${took} ms\n${r.out}`);
  assert.equal(r.code, 1, r.out);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 2, r.out);
  assert.match(lines[0]!, /^hearth: lap asks an operator to allow this command/);
  assert.match(lines[1]!, /^hearth: the gateway never answered the run on lap: its deadline for it \(--timeout 1000 ms \+ 5 s \+ the exec approval window\) passed 10 s ago, 18 s after the start; it may still be running there — check `hearth nodes describe lap` and the gateway's log \(`hearth logs`\), then run it again$/);
  // And it asked the gateway to stop the run, should it still be going.
  await waitUntil(() => g.connections.some((c) => c.requests.some((q) => q['method'] === 'hearth.invoke.cancel')), 5_000, 'the cancel');
});
