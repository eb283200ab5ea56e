// Streamed runs end to end with the built `hearth` binary, a real gateway and a real node agent:
// live output at the CLI, Ctrl-C cancelling the remote process tree, two operators each seeing
// only their own output, a node killed mid-stream, and the output cap.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { HEARTH, ROOT, pidAlive, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'stream-token-0123456789';
let gw: GatewayProc;
let node: Proc;
let client: string[] = [];
const dirs: string[] = [];
const children = new Set<ChildProcess>();
const tempDir = (prefix: string) => {
  const d = makeTempDir(prefix);
  dirs.push(d);
  return d;
};

/** A running `hearth nodes run`, with each stdout/stderr chunk and the time it arrived. */
interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  arrivals: { at: number; text: string }[];
  exited: Promise<number | null>;
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/**
 * Starts `hearth nodes run <target> <args> -- <argv>`. With `ownStdout` the test reads stdout
 * itself (to stop reading it); `stdout()`/`waitForStdout` then see nothing.
 */
function startRun(args: string[], argv: string[], opts: { target?: string; ownStdout?: boolean; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const child = spawn(process.execPath, [HEARTH, 'nodes', 'run', opts.target ?? 'stream-node', ...client, ...args, '--', ...argv], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  const arrivals: { at: number; text: string }[] = [];
  const waiters = new Set<() => void>();
  if (!opts.ownStdout) {
    child.stdout!.on('data', (d: Buffer) => {
      arrivals.push({ at: Date.now(), text: d.toString() });
      out += d.toString();
      for (const w of waiters) w();
    });
  }
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  // 'close': the process has exited and its stdout and stderr are read to the end.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code, signal) => {
    children.delete(child);
    for (const w of waiters) w();
    resolve(code ?? (signal ? -1 : null));
  }));
  const waitForStdout = (pattern: RegExp, timeoutMs = 15_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
    const check = () => {
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(m);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        waiters.delete(check);
        reject(new Error(`exited ${child.exitCode} before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
      }
    };
    waiters.add(check);
    check();
  });
  return { child, stdout: () => out, stderr: () => err, arrivals, exited, waitForStdout };
}

async function startNode(): Promise<Proc> {
  const qr = runHearth(['qr', '--node', '--json', ...client]);
  assert.equal(qr.code, 0, qr.stderr);
  const code = (JSON.parse(qr.stdout) as { setupCode: string }).setupCode;
  const p = spawnHearth(['node', 'run', '--pair', code, '--name', 'stream-node', '--state-dir', tempDir('hearth-stream-node-')]);
  await p.waitFor(/^connected to /m, 20_000);
  await waitUntil(() => {
    const r = runHearth(['nodes', 'list', '--json', ...client]);
    const l = JSON.parse(r.stdout) as { nodes: { displayName?: string; connected: boolean; approvalState: string }[] };
    return l.nodes.some((n) => n.displayName === 'stream-node' && n.connected && n.approvalState === 'approved');
  }, 15_000, 'stream-node connected and approved');
  return p;
}

/** A gateway again on the same port and state dir, once the node agent has reconnected to it. */
async function restartGateway(): Promise<void> {
  gw = await startGatewayProcess({ token: TOKEN, stateDir: gw.stateDir, port: gw.port });
  await waitUntil(() => {
    const r = runHearth(['nodes', 'list', '--json', ...client]);
    return r.code === 0 && (JSON.parse(r.stdout) as { nodes: { displayName?: string; connected: boolean }[] }).nodes.some((n) => n.displayName === 'stream-node' && n.connected);
  }, 30_000, 'stream-node back on the restarted gateway');
}

before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  gw = await startGatewayProcess({ token: TOKEN, stateDir: tempDir('hearth-stream-gw-') });
  client = ['--url', gw.url, '--token', TOKEN];
  node = await startNode();
});

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await node?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a line printed every 200 ms reaches the CLI while the command runs (first line within 300 ms)', async () => {
  // The node stamps each line with its own clock (same machine as ours): latency = arrival − stamp.
  const run = startRun([], ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i $(date +%s%3N)"; sleep 0.2; done; echo done >&2']);
  assert.equal(await run.exited, 0, run.stderr());
  const lines = run.stdout().trim().split('\n');
  assert.equal(lines.length, 5, run.stdout());
  assert.equal(run.stderr(), 'done\n');
  const first = run.arrivals[0]!;
  const stamp = Number(/^line 1 (\d+)$/.exec(lines[0]!)![1]);
  const latency = first.at - stamp;
  assert.ok(first.text.startsWith('line 1 '), `the first chunk is the first line: ${JSON.stringify(first.text)}`);
  assert.ok(latency < 300, `first line arrived ${latency} ms after it was printed`);
  // Streaming, not a dump at the end: the lines came in several pieces spread over the run.
  assert.ok(run.arrivals.length >= 3, `output arrived in ${run.arrivals.length} piece(s)`);
  assert.ok(run.arrivals.at(-1)!.at - first.at >= 500, 'the last line came well after the first');
});

test('Ctrl-C in the CLI kills the remote process tree within 1 s, even a child that ignores SIGTERM', async () => {
  const run = startRun([], ['sh', '-c', 'sleep 300 & echo "pids $$ $!"; (trap "" TERM; exec sleep 300) & echo "stubborn $!"; wait']);
  const [, shPid, sleepPid] = (await run.waitForStdout(/pids (\d+) (\d+)\n/)).map(Number);
  const [, stubborn] = (await run.waitForStdout(/stubborn (\d+)\n/)).map(Number);
  const pids = [shPid!, sleepPid!, stubborn!];
  assert.ok(pids.every(pidAlive), 'the remote processes run before Ctrl-C');
  const t0 = Date.now();
  run.child.kill('SIGINT');
  await waitUntil(() => pids.every((p) => !pidAlive(p)), 5_000, 'the remote tree to be gone');
  const gone = Date.now() - t0;
  assert.ok(gone < 1000, `remote tree gone ${gone} ms after SIGINT`);
  assert.equal(await run.exited, 130);
  assert.match(run.stderr(), /^hearth: cancelled: the command was stopped on stream-node$/m);
});

test('two operators running at once each see only their own output', async () => {
  const loop = (tag: string) => ['sh', '-c', `for i in 1 2 3 4 5 6; do echo ${tag}-$i; echo ${tag}-err-$i >&2; sleep 0.1; done`];
  const a = startRun([], loop('alpha'));
  const b = startRun([], loop('beta'));
  assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
  const expect = (tag: string, err = '') => Array.from({ length: 6 }, (_, i) => `${tag}${err}-${i + 1}\n`).join('');
  assert.equal(a.stdout(), expect('alpha'));
  assert.equal(a.stderr(), expect('alpha', '-err'));
  assert.equal(b.stdout(), expect('beta'));
  assert.equal(b.stderr(), expect('beta', '-err'));
});

test('after a large streamed run the CLI ends by running out of work, never through process.exit (it can hang there for good: nodejs/node#54918)', async () => {
  // --trace-exit makes Node report every process.exit() on stderr. Both a success and a failure
  // (the remote exit code passed on) must leave that way.
  const env = { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --trace-exit` };
  const big = startRun(['--max-output', '8m'], ['sh', '-c', 'yes | head -c 4000000'], { env });
  assert.equal(await big.exited, 0, big.stderr());
  assert.equal(big.stdout().length, 4_000_000);
  assert.doesNotMatch(big.stderr(), /Exited the environment/);
  const failing = startRun([], ['sh', '-c', 'echo some; exit 3'], { env });
  assert.equal(await failing.exited, 3, failing.stderr());
  assert.doesNotMatch(failing.stderr(), /Exited the environment/);
});

test('output past the cap is cut and said so; stdout carries only the kept bytes', () => {
  const r = runHearth(['nodes', 'run', 'stream-node', ...client, '--max-output', '1000', '--', 'sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" a']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'a'.repeat(1000));
  assert.equal(r.stderr, 'hearth: stdout truncated: 4000 more bytes not captured (limit 1000 bytes); raise --max-output\n');
  const plain = runHearth(['nodes', 'run', 'stream-node', ...client, '--no-stream', '--max-output', '1000', '--', 'sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" a']);
  // Not streamed, the node's marker carries the output: stripped with the line break it added.
  assert.equal(plain.stdout, 'a'.repeat(1000));
  assert.match(plain.stderr, /stdout truncated: 4000 more bytes/);
});

test('output that is not UTF-8: streamed it arrives byte for byte; not streamed, the CLI says its bytes were replaced', () => {
  const argv = ['sh', '-c', 'printf "a\\377b\\n"; printf "\\344\\275\\240\\n" >&2'];
  const streamed = spawnSync(process.execPath, [HEARTH, 'nodes', 'run', 'stream-node', ...client, '--', ...argv], { env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined } });
  assert.equal(streamed.status, 0, String(streamed.stderr));
  assert.deepEqual([...streamed.stdout], [0x61, 0xff, 0x62, 0x0a]);
  assert.equal(String(streamed.stderr), '你\n');
  const plain = runHearth(['nodes', 'run', 'stream-node', ...client, '--no-stream', '--', ...argv]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout, 'a\ufffdb\n');
  // Only stdout is named: stderr was text.
  assert.equal(plain.stderr, '你\nhearth: stdout was not UTF-8 text, and a run\'s result carries text: bytes that were not text were printed as U+FFFD (\ufffd); run it without --no-stream to get the exact bytes\n');
  const json = runHearth(['nodes', 'run', 'stream-node', ...client, '--json', '--', ...argv]);
  assert.deepEqual((JSON.parse(json.stdout) as { payload: { notUtf8?: unknown } }).payload.notUtf8, { stdout: true, stderr: false });
});

test('compressible output travels as zstd frames from the real node, and arrives byte for byte at the CLI, a zstd-reading operator and a text operator (the web UI)', async () => {
  // Build logs and text, random bytes that do not compress, more text: frames of each kind.
  const script = 'seq 1 150000; head -c 300000 /dev/urandom; seq 150001 300000 | sed "s/^/line /"';
  // The node hashes what the command wrote (on stderr), then prints it: the CLI's stdout must hash the same.
  const cliRun = spawnSync(process.execPath, [HEARTH, 'nodes', 'run', 'stream-node', ...client, '--max-output', '16m', '--', 'sh', '-c', `f=$(mktemp); (${script}) | tee "$f" | sha256sum >&2; cat "$f"; rm -f "$f"`], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000,
  });
  assert.equal(cliRun.status, 0, String(cliRun.stderr));
  const { createHash } = await import('node:crypto');
  const printed = createHash('sha256').update(cliRun.stdout).digest('hex');
  assert.equal(`${printed}  -\n`, String(cliRun.stderr), 'the CLI printed exactly what the command wrote');
  assert.ok(cliRun.stdout.length > 3_000_000);

  const { GatewayConnection } = await import('../../src-shared/client/connection.ts');
  const { wsSocketFactory } = await import('../../src-main/core/net/ws-socket.ts');
  const { zstdDecompressFrame } = await import('../../src-main/core/net/zstd-frames.ts');
  const { joinBytes } = await import('../../src-shared/protocol/binary-frame.ts');
  const { ZSTD_STREAM_CAPABILITY } = await import('../../src-shared/protocol/constants.ts');
  const op = await GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: TOKEN },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
  try {
    assert.ok(op.hello.features.capabilities?.includes(ZSTD_STREAM_CAPABILITY), 'hello-ok announces zstd frames');
    const nodeId = streamNodeId();
    const argv = ['sh', '-c', 'seq 1 300000'];
    const expected = spawnSync(argv[0]!, argv.slice(1), { maxBuffer: 16 * 1024 * 1024 }).stdout;
    const parts: Buffer[] = [];
    let compressed = 0;
    let wire = 0;
    const texts: string[] = [];
    op.on('hearth.invoke.progress', (p, frame) => {
      if (p.idempotencyKey === 'zstd-text') texts.push(p.chunk);
      if (p.idempotencyKey !== 'zstd-bin' || !frame?.body) return;
      const body = Buffer.from(joinBytes(frame.body));
      wire += body.length;
      if (p.compression !== 'zstd') return void parts.push(body);
      compressed++;
      const declared = (p.sizes ?? []).reduce((a, b) => a + b, 0);
      const decoded = zstdDecompressFrame([body], declared);
      assert.ok(decoded, `frame ${p.seq} decodes to its ${declared} declared bytes`);
      parts.push(decoded);
    });
    const params = { nodeId, command: 'system.run', params: { command: argv, maxOutputBytes: 16 * 1024 * 1024 }, stream: true, timeoutMs: 30_000 } as const;
    await op.call('node.invoke', { ...params, idempotencyKey: 'zstd-bin', streamEncoding: 'binary', streamCompression: 'zstd' });
    assert.ok(compressed > 0, 'at least one frame came compressed');
    // (.equals, not deepEqual: a failing deepEqual of megabytes builds a diff that takes gigabytes.)
    assert.ok(Buffer.concat(parts).equals(expected), 'the decoded frames are the output');
    // How much travels compressed depends on how fast seq writes (small frames go as they are).
    assert.ok(wire < expected.length, `fewer bytes on the wire (${wire} for ${expected.length})`);
    // The same run for an operator that reads text: the gateway decoded the node's frames.
    await op.call('node.invoke', { ...params, idempotencyKey: 'zstd-text' });
    assert.ok(texts.join('') === expected.toString(), 'the text events are the output');
  } finally {
    op.close();
  }
});

test('on a terminal, a notice after output cut mid-line starts on a line of its own', () => {
  // `script` runs the CLI on a pseudo-terminal (stdout and stderr the same tty), as a user's shell would.
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const line = (extra: string[]) => [process.execPath, HEARTH, 'nodes', 'run', 'stream-node', ...client, ...extra, '--max-output', '9', '--', 'seq', '1', '100'].map(quote).join(' ');
  for (const extra of [[], ['--no-stream']]) {
    const tty = spawnSync('script', ['-qec', line(extra), '/dev/null'], { encoding: 'utf8', env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined } });
    const screen = tty.stdout.replace(/\r\n/g, '\n');
    assert.match(screen, /^1\n2\n3\n4\n5\nhearth: stdout truncated: \d+ more bytes not captured \(limit 9 bytes\); raise --max-output\n$/, `${extra.join(' ')}: ${JSON.stringify(screen)}`);
  }
  // Not on a terminal, stdout is exactly the kept bytes and stderr only the notice.
  const piped = runHearth(['nodes', 'run', 'stream-node', ...client, '--max-output', '9', '--', 'seq', '1', '100']);
  assert.equal(piped.stdout, '1\n2\n3\n4\n5');
  assert.match(piped.stderr, /^hearth: stdout truncated/);
});

test('a node killed mid-stream gives the caller a clear "cut off" error', async () => {
  const run = startRun([], ['sh', '-c', 'echo started; sleep 30']);
  await run.waitForStdout(/started\n/);
  node.child.kill('SIGKILL');
  await node.exited;
  assert.equal(await run.exited, 1);
  assert.ok(run.stderr().includes('hearth: output cut off: node stream-node disconnected while the command was running (after 8 bytes of output); ' +
    'a node stops its commands when its agent goes away, so this one did not finish — check `hearth nodes describe stream-node` and run it again once the node is back\n'), run.stderr());
  node = await startNode();
});

/** The connected stream-node's id (an earlier test replaced the node, and its old entry keeps the name). */
function streamNodeId(): string {
  const list = JSON.parse(runHearth(['nodes', 'list', '--json', ...client]).stdout) as { nodes: { nodeId: string; displayName?: string; connected: boolean }[] };
  return list.nodes.find((n) => n.displayName === 'stream-node' && n.connected)!.nodeId;
}

/** Resident set size of a process in bytes (Linux /proc). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

test('an operator that stops reading holds the node back: the gateway does not buffer the output, and every byte arrives once it reads again', async () => {
  const total = 96 * 1024 * 1024;
  const nodeId = streamNodeId();
  // A raw operator socket, so the test controls exactly when it reads.
  const ws = new WebSocket(gw.url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  const raw = () => (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  let got = 0;
  let answer: { ok: boolean; error?: unknown } | undefined;
  let firstChunk: () => void = () => {};
  let failed: (e: Error) => void = () => {};
  const first = new Promise<void>((resolve, reject) => { firstChunk = resolve; failed = reject; });
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; event?: string; id?: string; ok?: boolean; error?: unknown; payload?: { chunk?: string; encoding?: string } };
    if (f.event === 'connect.challenge') {
      ws.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'test', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.admin'], caps: [], auth: { token: TOKEN } } }));
    } else if (f.id === 'c') {
      ws.send(JSON.stringify({ type: 'req', id: 'run', method: 'node.invoke', params: { nodeId, command: 'system.run', params: { command: ['sh', '-c', `yes | head -c ${total}`], maxOutputBytes: 128 * 1024 * 1024 }, idempotencyKey: `slow-${Date.now()}`, timeoutMs: 120_000, stream: true, streamEncoding: 'base64' } }));
    } else if (f.event === 'hearth.invoke.progress') {
      got += Buffer.from(f.payload!.chunk!, 'base64').length;
      firstChunk();
    } else if (f.id === 'run') {
      answer = { ok: f.ok === true, error: f.error };
      if (got === 0) failed(new Error(`the run answered before any output: ${JSON.stringify(f)}`));
    }
  });
  try {
    await first;
    raw().pause(); // stop reading: the kernel buffers fill, then the gateway's socket buffer
    const before = rss(gw.child.pid!);
    let peak = before;
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 200));
      peak = Math.max(peak, rss(gw.child.pid!));
    }
    assert.equal(answer, undefined, 'the run is held back while its operator does not read');
    // In flight at most: the node's window (~1.5 MiB), the gateway's 1 MiB high-water mark and the
    // kernel's socket buffers, plus heap churn — far below the 128 MiB of base64 the command's
    // 96 MiB would be if the gateway queued it.
    assert.ok(peak - before < 48 * 1024 * 1024, `gateway RSS grew by ${((peak - before) / 1048576).toFixed(1)} MiB while the operator was stalled`);
    raw().resume();
    await waitUntil(() => answer !== undefined, 90_000, 'the run to finish after the operator reads again');
    assert.equal(answer!.ok, true, JSON.stringify(answer));
    assert.equal(got, total, 'every byte arrived after the operator resumed');
  } finally {
    ws.close();
  }
});

test('`hearth nodes run` into a reader that stops: the CLI holds the run back instead of buffering it, and every byte arrives once it reads', async () => {
  const total = 96 * 1024 * 1024;
  const run = startRun(['--max-output', '128m'], ['sh', '-c', `yes | head -c ${total}`], { target: streamNodeId(), ownStdout: true });
  const { child, exited } = run;
  try {
    // Read the first output, then nobody reads the CLI's stdout: its pipe fills at once.
    const stdout = child.stdout!;
    let got = 0;
    await Promise.race([
      new Promise<void>((resolve) => stdout.once('data', (d: Buffer) => {
        got += d.length;
        stdout.pause();
        resolve();
      })),
      exited.then((code) => { throw new Error(`the CLI exited ${code} before any output: ${run.stderr()}`); }),
    ]);
    const start = rss(child.pid!);
    let peak = start;
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 200));
      peak = Math.max(peak, rss(child.pid!));
    }
    assert.equal(child.exitCode, null, `the run is held back while nobody reads (stderr: ${run.stderr()})`);
    // Without back-pressure the CLI would queue the whole 96 MiB; with it, a frame or two.
    assert.ok(peak - start < 40 * 1024 * 1024, `CLI RSS grew by ${((peak - start) / 1048576).toFixed(1)} MiB while its reader was stalled`);
    stdout.on('data', (d: Buffer) => { got += d.length; });
    stdout.resume();
    assert.equal(await exited, 0, run.stderr());
    assert.equal(got, total, 'every byte arrived');
  } finally {
    child.kill('SIGKILL');
  }
});

// Last: it stops the gateway.
test('a connection lost while the CLI has stopped reading (its stdout full) ends with the "output cut off" error once its reader reads again, not a hang', async () => {
  // Output that does not compress: `yes` would travel as zstd frames of a few bytes each, and all
  // 100 MB of it and the answer would fit in the socket buffers before the gateway goes away.
  const run = startRun(['--max-output', '128m'], ['sh', '-c', 'head -c 100000000 /dev/urandom'], { target: streamNodeId(), ownStdout: true });
  const { child, exited } = run;
  try {
    const stdout = child.stdout!;
    await new Promise<void>((resolve) => stdout.once('data', () => {
      stdout.pause(); // nobody reads: the CLI's stdout fills and it stops reading from the gateway
      resolve();
    }));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(child.exitCode, null, `held back while nobody reads (stderr: ${run.stderr()})`);
    await gw.stop('SIGKILL'); // the connection goes away while the CLI is not reading it
    stdout.on('data', () => {});
    stdout.resume();
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running after 60 s'), 60_000))]);
    assert.equal(code, 1, run.stderr());
    assert.match(run.stderr(), /^hearth: lost the connection to the gateway while the command was running on \S+: output cut off after \d+ bytes; /m);
  } finally {
    child.kill('SIGKILL');
  }
});

// After the test above killed it: a gateway again on the same port and state dir (the node reconnects to it), stopped mid-run.
test('a gateway stopped mid-run stops the command on the node too, and the CLI says so', async () => {
  await restartGateway();
  const run = startRun([], ['sh', '-c', 'echo "pid $$"; sleep 300']);
  const [, pid] = (await run.waitForStdout(/pid (\d+)\n/)).map(Number);
  assert.ok(pidAlive(pid!), 'the remote command runs before the gateway stops');
  await gw.stop('SIGINT');
  assert.equal(await run.exited, 1);
  assert.match(run.stderr(), /hearth: the gateway stopped \(or is restarting\) while the command was running on stream-node: output cut off after \d+ bytes; it stopped the command there too/);
  await waitUntil(() => !pidAlive(pid!), 5_000, 'the command on the node to be stopped');
});

// After the test above stopped it: a gateway again, this time killed mid-run (no shutdown of its own).
test('a gateway killed mid-run: the node stops the command, since its result can reach no one, and serves the next gateway', async () => {
  await restartGateway();
  // Not streamed, so no output is in flight: the node stops it because its connection closed, not on a failed write.
  const run = startRun(['--no-stream'], ['sh', '-c', 'echo "pid $$" > "$0"; sleep 300', join(tempDir('hearth-stream-pid-'), 'pid')]);
  const pidFile = (run.child.spawnargs.at(-1))!;
  let pid = 0;
  await waitUntil(() => {
    try {
      pid = Number(/pid (\d+)/.exec(readFileSync(pidFile, 'utf8'))?.[1] ?? 0);
    } catch { /* not written yet */ }
    return pid > 0;
  }, 15_000, 'the remote command to start');
  assert.ok(pidAlive(pid), 'the remote command runs before the gateway dies');
  await gw.stop('SIGKILL');
  assert.equal(await run.exited, 1);
  assert.match(run.stderr(), /^hearth: lost the connection to the gateway at \S+ before it answered/m);
  await waitUntil(() => !pidAlive(pid), 5_000, 'the node to stop the command whose gateway died');
  await node.waitFor(/Connection to the gateway closed \(1006\); stopped the command it had running here: its result can no longer reach anyone/, 5_000);
  // The node goes on: a new gateway on the same state dir gets it back, and it runs commands.
  await restartGateway();
  const again = runHearth(['nodes', 'run', 'stream-node', ...client, '--', 'echo', 'still here']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'still here\n');
});
