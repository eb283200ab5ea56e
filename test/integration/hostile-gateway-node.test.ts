// The real node agent (`hearth node run`, built) against a hostile gateway
// (test/helpers/hostile-gateway.ts). Whatever the gateway sends, the node stays up, runs only
// what it was asked to run in a well-formed request, answers a usable id instead of leaving the
// gateway waiting, and leaves no child process behind. The fuzz case is seeded and bounded.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { helloOk, startHostileGateway, type Frame, type HostileConn, type HostileGateway } from '../helpers/hostile-gateway.ts';
import { spawnHearth, tempDir, waitUntil, type Proc } from '../helpers/processes.ts';

let gw: HostileGateway;
let node: Proc;
let conn: HostileConn;
let dir: string;
const extra: { gw: HostileGateway; node: Proc; dir: string }[] = [];

function startNode(url: string, stateDir: string): Proc {
  // warn: what the node drops is logged (to stderr and logs/node.log), once per kind.
  return spawnHearth(['node', 'run', '--url', url, '--token', 'tok-0123456789abcdef', '--state-dir', stateDir, '--exec', 'full', '--name', 'fuzzed'], { HEARTH_LOG_LEVEL: 'warn' });
}

before(async () => {
  gw = await startHostileGateway();
  dir = tempDir('hearth-hostile-node-');
  node = startNode(gw.url, dir);
  conn = await gw.connection(0, 30_000);
});

after(async () => {
  await node?.stop();
  await gw?.close();
  for (const e of extra) {
    await e.node.stop();
    await e.gw.close();
    rmSync(e.dir, { recursive: true, force: true });
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The node's answer to invocation `id` (the first node.invoke.result naming it). */
async function resultFor(c: HostileConn, id: string, timeoutMs = 15_000): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(() => (found = c.requests.find((r) => r['method'] === 'node.invoke.result' && (r['params'] as Frame)['id'] === id)) !== undefined, timeoutMs, `a result for ${id}`);
  return found!['params'] as Frame;
}

/** Child processes of `pid` (Linux /proc), but the run guard's reaper (exec/reaper.ts), which lives as long as the agent. */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && !readFileSync(`/proc/${name}/cmdline`, 'utf8').includes("trap '' HUP INT")) kids.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return kids;
}

async function assertServes(c: HostileConn, id: string): Promise<void> {
  c.event('node.invoke.request', { id, nodeId: 'n1', command: 'system.run', paramsJSON: JSON.stringify({ command: ['echo', 'still-here'] }) });
  const r = await resultFor(c, id);
  assert.equal(r['ok'], true, JSON.stringify(r));
  assert.match(String(r['payloadJSON']), /still-here/);
}

test('a request out of contract with a usable id is refused at once, and nothing runs', async () => {
  const marker = join(dir, 'ran-unasked');
  const touch = JSON.stringify({ command: ['touch', marker] });
  // Without the fix these got no answer at all: the gateway's caller waited for its deadline.
  conn.event('node.invoke.request', { id: 'bad-node-id', nodeId: 7, command: 'system.run', paramsJSON: touch });
  conn.event('node.invoke.request', { id: 'bad-timeout', nodeId: 'n1', command: 'system.run', paramsJSON: touch, timeoutMs: 'soon' });
  conn.event('node.invoke.request', { id: 'bad-params', nodeId: 'n1', command: 'system.run', paramsJSON: { command: ['touch', marker] } });
  for (const id of ['bad-node-id', 'bad-timeout', 'bad-params']) {
    const r = await resultFor(conn, id);
    assert.equal(r['ok'], false);
    const error = r['error'] as Frame;
    assert.equal(error['code'], 'INVALID_REQUEST');
    assert.match(String(error['message']), /out of contract \(at \/\w+: .*\); nothing ran/);
  }
  assert.equal(existsSync(marker), false, 'a malformed request ran its command');
  // Said in the node's log once, not on stderr per frame.
  assert.equal(node.output().match(/node\.invoke\.request event does not match/g)?.length ?? 0, 1, node.output());
  await assertServes(conn, 'alive-1');
});

test('system.run params of the wrong type are refused, not ignored; null still means absent', async () => {
  const marker = join(dir, 'ran-with-ignored-params');
  const touch = ['sh', '-c', `touch ${marker}`];
  // Each of these ran before: in the agent's own directory, with its PATH, without a deadline.
  const cases: [string, Frame][] = [
    ['p-cwd', { command: touch, cwd: 5 }],
    ['p-env', { command: touch, env: { PATH: 5 } }],
    ['p-env-string', { command: touch, env: 'PATH=/tmp' }],
    ['p-timeout', { command: touch, timeoutMs: '10' }],
  ];
  for (const [id, params] of cases) conn.event('node.invoke.request', { id, nodeId: 'n1', command: 'system.run', paramsJSON: JSON.stringify(params) });
  for (const [id] of cases) {
    const r = await resultFor(conn, id);
    assert.equal(r['ok'], false, `${id}: ${JSON.stringify(r)}`);
    assert.equal((r['error'] as Frame)['code'], 'INVALID_REQUEST');
    assert.match(String((r['error'] as Frame)['message']), /system\.run params out of contract \(at \/\w+.*\); nothing ran/);
  }
  assert.equal(existsSync(marker), false);
  // What the real gateway forwards from an operator that sent nulls still runs.
  conn.event('node.invoke.request', { id: 'p-nulls', nodeId: 'n1', command: 'system.run', paramsJSON: JSON.stringify({ command: ['echo', 'nulls'], cwd: null, env: null, timeoutMs: null, rawCommand: null }) });
  const ok = await resultFor(conn, 'p-nulls');
  assert.equal(ok['ok'], true, JSON.stringify(ok));
  assert.match(String(ok['payloadJSON']), /nulls/);
});

test('system.which with thousands of names is refused instead of blocking the agent', async () => {
  const bins = Array.from({ length: 20_000 }, (_, i) => `no-such-${i}`);
  conn.event('node.invoke.request', { id: 'which-huge', nodeId: 'n1', command: 'system.which', paramsJSON: JSON.stringify({ bins }) });
  const r = await resultFor(conn, 'which-huge');
  assert.equal(r['ok'], false);
  assert.match(String((r['error'] as Frame)['message']), /at most 256 names \(got 20000\)/);
  conn.event('node.invoke.request', { id: 'which-ok', nodeId: 'n1', command: 'system.which', paramsJSON: JSON.stringify({ bins: ['sh'] }) });
  assert.equal((await resultFor(conn, 'which-ok'))['ok'], true);
});

/** Deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('seeded fuzz: 300 hostile frames; the node stays up, runs nothing unasked, answers each id once, leaks no child', async () => {
  const seed = Number(process.env['HEARTH_FUZZ_SEED'] ?? 20261202);
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const marker = join(dir, 'fuzz-ran-unasked');
  // Shapes a broken or hostile gateway sends. The only command that touches the marker comes in
  // forms that must never run; the well-formed runs are harmless (true, echo).
  const odd = [null, 0, -1, 1.5, 1e308, '', 'x'.repeat(10_000), [], {}, { __proto__: { polluted: true } }, true, '__proto__'];
  const argvs: unknown[] = [
    ['true'], ['echo', 'ok'], ['echo', 'a\u0000b'], [1, 2], 'touch ' + marker, [['touch', marker]], [], [null], ['\u0000'],
    ['true', ...Array.from({ length: 2000 }, () => 'x')],
  ];
  const commands = ['system.run', 'system.which', 'system.run.prepare', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'rm.everything', ''];
  const paramsJSONs = (): unknown => {
    switch (Math.floor(rnd() * 8)) {
      case 0: return '{';
      case 1: return 'null';
      case 2: return '{"command":["echo","x"],"timeoutMs":1e400,"maxOutputBytes":-1e400}';
      case 3: return '{"__proto__":{"command":["touch","' + marker + '"]},"constructor":{"prototype":{"x":1}}}';
      case 4: return JSON.stringify({ command: pick(argvs), env: pick([{ A: 'x\u0000y' }, { 'A=B': 'x' }, { PATH: 5 }, null, 'env']), cwd: pick(['/', '/no/such/dir', 5, '/tmp\u0000x', '']) });
      case 5: return JSON.stringify({ command: pick(argvs), timeoutMs: pick(odd), maxOutputBytes: pick(odd) });
      case 6: return JSON.stringify({ bins: pick([['sh'], [1], 'sh', Array.from({ length: 300 }, () => 'x')]) });
      default: return pick(odd);
    }
  };
  const asks = new Map<string, number>();
  const before = conn.requests.length;
  for (let i = 0; i < 300; i++) {
    const kind = Math.floor(rnd() * 10);
    if (kind <= 5) {
      const id = pick([`f-${i}`, `f-${i}`, `f-${i}`, 'f-dup', '', 5, null, `f-${i - 1}`]);
      if (typeof id === 'string') asks.set(id, (asks.get(id) ?? 0) + 1);
      const payload: Frame = { id, nodeId: pick(['n1', '', 7]), command: pick(commands), paramsJSON: paramsJSONs() };
      if (rnd() < 0.3) payload['timeoutMs'] = pick(odd);
      if (rnd() < 0.3) payload['maxOutputBytes'] = pick(odd);
      if (rnd() < 0.3) payload['stream'] = pick([true, 'yes', 1]);
      if (rnd() < 0.2) payload['streamEncoding'] = pick(['binary', 'base64', 'rot13', 5]);
      conn.event('node.invoke.request', rnd() < 0.1 ? pick(odd) : payload);
    } else if (kind === 6) {
      conn.event('node.invoke.cancel', pick([{ invokeId: `f-${i - 1}` }, { invokeId: 'never-asked' }, { invokeId: 5 }, null, { invokeId: 'f-dup', report: 'yes' }]));
    } else if (kind === 7) {
      conn.send(pick(['not json', '{"type":"res","id":"never-asked","ok":true}', '{"type":"req","id":"g1","method":"node.list"}', '{"type":"event"}', '{"type":"event","event":"tick","payload":{"ts":"now"}}', '[]', '{"__proto__":{"x":1},"type":"event","event":"x"}']));
    } else if (kind === 8) {
      conn.ws.send(Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))), { binary: true });
    } else {
      conn.event(pick(['node.pair.resolved', 'shutdown', 'hearth.node.config', 'tick', 'connect.challenge', '__proto__']), pick(odd));
    }
    if (i % 25 === 0) await new Promise((r) => setTimeout(r, 20)); // let it breathe; a real flood is the gateway tests' job
  }
  assert.equal(gw.connections.length, 1, `seed ${seed}: the node dropped the connection:\n${node.output()}`);
  await assertServes(conn, 'alive-after-fuzz');
  assert.equal(node.child.exitCode, null, `the node exited:\n${node.output()}`);
  assert.equal(existsSync(marker), false, `seed ${seed}: a malformed request ran its command`);
  // Every id was answered at most once (the duplicates of a run in progress are not re-run).
  const counts = new Map<string, number>();
  for (const r of conn.requests.slice(before)) {
    if (r['method'] !== 'node.invoke.result') continue;
    const id = String((r['params'] as Frame)['id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  counts.delete('alive-after-fuzz');
  for (const [id, n] of counts) {
    assert.match(id, /^f-(\d+|dup)$/, `seed ${seed}: a result for ${id}, which was never asked`);
    // f-dup and a reused f-<i-1> may be asked again after their first run ended: at most once per ask.
    assert.ok(n <= (asks.get(id) ?? 0), `seed ${seed}: ${n} results for ${id}, asked ${asks.get(id) ?? 0} times`);
  }
  await waitUntil(() => childrenOf(node.child.pid!).length === 0, 15_000, `seed ${seed}: the node's children to end`).catch((err: Error) => {
    const kids = childrenOf(node.child.pid!).map((k) => { try { return `${k}: ${readFileSync(`/proc/${k}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 200)}`; } catch { return String(k); } });
    throw new Error(`${err.message}; still running: ${kids.join('; ')}\n${node.output().slice(-3000)}`);
  });
});

test('a frame over the size limit or an odd close code: the node reconnects and serves again', async () => {
  const latest = () => gw.connections.at(-1)!;
  let n = gw.connections.length;
  latest().send('x'.repeat(26 * 1024 * 1024)); // over MAX_PAYLOAD_BYTES: ws closes with 1009
  const second = await gw.connection(n++, 30_000);
  await assertServes(second, 'alive-after-1009');
  second.ws.close(4999, '\u0000odd');
  const third = await gw.connection(n, 30_000);
  await assertServes(third, 'alive-after-4999');
  assert.equal(node.child.exitCode, null);
});

test('a node.invoke.request right behind hello-ok (one TCP read) is served, not dropped before the session subscribes', async () => {
  const eager = await startHostileGateway({
    onAdmitted: (c) => c.event('node.invoke.request', { id: 'queued-1', nodeId: 'n1', command: 'system.run', paramsJSON: JSON.stringify({ command: ['echo', 'queued'] }) }),
  });
  const eagerDir = tempDir('hearth-hostile-eager-');
  extra.push({ gw: eager, node: startNode(eager.url, eagerDir), dir: eagerDir });
  const r = await resultFor(await eager.connection(0, 30_000), 'queued-1');
  assert.equal(r['ok'], true, JSON.stringify(r));
  assert.match(String(r['payloadJSON']), /queued/);
});

test('a hello-ok out of contract: the node says so and keeps retrying, it does not exit', async () => {
  const bad = await startHostileGateway({ hello: (c) => (c['role'] === 'node' ? { ...helloOk('node'), policy: 'none', snapshot: null } : helloOk('operator')) });
  const badDir = tempDir('hearth-hostile-hello-');
  const badNode = startNode(bad.url, badDir);
  extra.push({ gw: bad, node: badNode, dir: badDir });
  await bad.connection(1, 30_000); // a second attempt after the first was refused
  await badNode.waitFor(/answer to connect does not match the Hearth contract \(at \/(policy|snapshot): must be object\)/);
  assert.equal(badNode.child.exitCode, null);
});

test('a hello-ok with an absurd policy.tickIntervalMs: the node says so once and keeps one connection, instead of reconnecting over and over', async () => {
  // Each gateway ticks every 300 ms (more often than any sane watchdog needs) while it announces the value.
  const values = [1, 1.5, -5, 1e308];
  const started = await Promise.all(values.map(async (tickIntervalMs) => {
    const g = await startHostileGateway({
      hello: (c) => (c['role'] === 'node' ? helloOk('node', { policy: { maxPayload: 25 * 1024 * 1024, maxBufferedBytes: 50 * 1024 * 1024, tickIntervalMs } }) : helloOk('operator')),
      onAdmitted: (c) => {
        const t = setInterval(() => c.event('tick', { ts: Date.now() }), 300);
        void c.closed.then(() => clearInterval(t));
      },
    });
    const d = tempDir('hearth-hostile-tick-');
    const p = startNode(g.url, d);
    extra.push({ gw: g, node: p, dir: d });
    await g.connection(0, 30_000);
    return { tickIntervalMs, g, p };
  }));
  // Before: 1 and 1.5 made the watchdog close the connection within 50 ms, every time (a new
  // connection per backoff step); 1e308 turned the watchdog off.
  await new Promise((r) => setTimeout(r, 3_000));
  for (const { tickIntervalMs, g, p } of started) {
    assert.equal(g.connections.length, 1, `tickIntervalMs ${tickIntervalMs}: reconnected:\n${p.output()}`);
    const said = p.output().split('\n').filter((l) => l.includes(`policy.tickIntervalMs ${tickIntervalMs}`));
    assert.equal(said.length, 1, `tickIntervalMs ${tickIntervalMs}: said once, naming the value:\n${p.output()}`);
    assert.match(said[0]!, tickIntervalMs > 0 ? /outside 1000–300000 ms; going by (1000|300000) ms/ : /not a positive number of milliseconds; going by 30000 ms/);
  }
  // The real gateways' 30 s passes without a word.
  assert.doesNotMatch(node.output(), /tickIntervalMs/);
});

test('a hello-ok whose auth.deviceToken is huge or not a token is refused, and the saved one stays as it was', async () => {
  const good = 'good-device-token-0123456789';
  const bad = ['x'.repeat(1_000_000), 'two\nlines', `${'y'.repeat(600)}`];
  let n = 0;
  const g = await startHostileGateway({
    hello: (c) => {
      if (c['role'] !== 'node') return helloOk('operator');
      const deviceToken = n === 0 ? good : bad[(n - 1) % bad.length]!;
      n++;
      return helloOk('node', { auth: { method: 'token', role: 'node', scopes: [], deviceToken, issuedAtMs: 1 } });
    },
  });
  const d = tempDir('hearth-hostile-token-');
  const p = startNode(g.url, d);
  extra.push({ gw: g, node: p, dir: d });
  const first = await g.connection(0, 30_000);
  const stateFile = join(d, 'node-state.json');
  await waitUntil(() => existsSync(stateFile) && readFileSync(stateFile, 'utf8').includes(good), 10_000, 'the first token saved');
  const saved = readFileSync(stateFile, 'utf8');
  first.ws.close(4000, 'go again');
  // Each of the bad ones is refused at the handshake (the node retries, backing off); before,
  // the megabyte one was written to node-state.json and sent back on every connect.
  await p.waitFor(/answer to connect does not match the Hearth contract \(at \/auth\/deviceToken: must NOT have more than 512 characters\)/, 30_000);
  await waitUntil(() => n >= 3, 30_000, 'the node to try again');
  await p.waitFor(/at \/auth\/deviceToken: must match pattern/, 30_000);
  assert.equal(readFileSync(stateFile, 'utf8'), saved, 'the saved state is untouched');
  assert.equal(p.child.exitCode, null);
});
