// Seeded fuzzing of the built gateway: > 20,000 frames — before auth, from an authenticated
// operator, and from a paired node — none of which may end the process or leave it unable to
// serve. HEARTH_FUZZ_SEED=<n> replays a run; the seed is in every failure message.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { connectRawOperator } from '../../bench/lib/raw-operator.ts';
import { connectSimNode, type SimNode } from '../../bench/lib/sim-node.ts';
import { runHearth, startGatewayProcess, type GatewayProc } from '../helpers/processes.ts';

const SEED = Number(process.env['HEARTH_FUZZ_SEED'] ?? 0x5eed);
let gw: GatewayProc;
let sent = 0;

/** mulberry32: small, fast, reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type R = ReturnType<typeof rng>;

const WEIRD_STRINGS = ['', ' ', '\u0000', '\ud800', '__proto__', 'constructor', 'toString', '💥'.repeat(50), '../../etc/passwd', '%s%n', 'null', '-1', '1e400', 'x'.repeat(70_000)];

function value(r: R, depth = 0): unknown {
  const k = r.int(depth > 4 ? 6 : 10);
  switch (k) {
    case 0: return null;
    case 1: return r.pick([true, false]);
    case 2: return r.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -0, 1e308, Number.MAX_SAFE_INTEGER]);
    case 3: return r.pick(WEIRD_STRINGS.slice(0, -1));
    case 4: return String(r.int(1e9));
    case 5: return r.pick(['operator', 'node', 'system.run', 'system.which', 'operator.admin', '*']);
    case 6: return Array.from({ length: r.int(4) }, () => value(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) o[r.pick(['id', 'nodeId', 'command', 'params', 'ok', 'payload', 'payloadJSON', 'error', 'event', 'scopes', 'role', '__proto__', 'timeoutMs', 'idempotencyKey', String(r.int(100))])] = value(r, depth + 1);
      return o;
    }
  }
}

/** Any value as a string, even objects whose `toString` key was fuzzed away. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined';
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** One frame's text (or a binary buffer): mostly well-formed envelopes with hostile contents. */
function frame(r: R, methods: readonly string[]): string | Buffer {
  const k = r.int(20);
  if (k === 0) return Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256)));
  if (k === 1) return r.pick(['', '{', '[]', 'null', '"str"', '{"type":"req"}', '{"type":"req","id":1,"method":{}}', 'x'.repeat(r.int(5000))]);
  if (k === 2) return `{"type":"req","id":"d","method":"${r.pick(methods)}","params":${nested(r.pick([50, 500, 3000]), r.pick(['array', 'object']))}}`;
  const id = r.next() < 0.8 ? `f${r.int(1e6)}` : value(r);
  const method = r.next() < 0.85 ? r.pick(methods) : text(value(r));
  const f: Record<string, unknown> = { type: r.next() < 0.9 ? 'req' : r.pick(['res', 'event', 'hello', '']), id, method, params: value(r) };
  if (r.next() < 0.1) delete f['params'];
  return JSON.stringify(f);
}

before(async () => {
  gw = await startGatewayProcess();
});
after(async () => {
  await gw?.stop();
});

function alive(what: string): void {
  assert.equal(gw.child.exitCode, null, `seed ${SEED}: the gateway exited during ${what}; output tail:\n${gw.output().slice(-3000)}`);
}

async function methodList(): Promise<string[]> {
  const op = await connectRawOperator(gw.url, gw.token);
  const h = (await op.call('health', {})).ok;
  op.close();
  assert.ok(h);
  // Destructive to the run itself: stopping the gateway. Everything else is fair game.
  return ['health', 'status', 'node.list', 'node.describe', 'node.invoke', 'node.invoke.result', 'node.event', 'node.pair.list', 'node.pair.approve',
    'node.pair.reject', 'device.pair.list', 'device.pair.approve', 'device.pair.reject', 'device.pair.remove', 'device.token.rotate', 'device.token.revoke',
    'device.pair.setupCode', 'config.get', 'system-presence', 'last-heartbeat', 'connect', 'no.such.method'];
}

test(`fuzz: pre-auth, operator and paired-node frames never end the gateway (seed ${SEED})`, async () => {
  const methods = await methodList();
  const r = rng(SEED);
  const t0 = Date.now();

  // 1. Pre-auth: many short-lived sockets, a few frames each (only the first is read).
  const preauth = async (n: number) => {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(gw.url, { perMessageDeflate: false });
      const done = () => resolve();
      ws.on('error', done);
      ws.on('close', done);
      ws.on('message', () => {
        for (let i = 0; i < n; i++) {
          const f = r.next() < 0.3
            ? JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: value(r) })
            : frame(r, methods);
          ws.send(f);
          sent++;
        }
        setTimeout(() => ws.terminate(), 50);
      });
    });
  };
  for (let batch = 0; batch < 100; batch++) await Promise.all(Array.from({ length: 20 }, () => preauth(4)));
  alive('the pre-auth phase');

  // 2. An authenticated operator (shared token, no device) sending everything.
  const op = new WebSocket(gw.url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    op.once('error', reject);
    op.on('message', (d) => {
      const f = JSON.parse(d.toString()) as { event?: string; id?: string; ok?: boolean };
      if (f.event === 'connect.challenge') {
        op.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'fuzz', platform: 'linux', mode: 'cli' }, role: 'operator', scopes: ['operator.admin', 'operator.read', 'operator.write', 'operator.pairing'], auth: { token: gw.token } } }));
      } else if (f.id === 'c') {
        if (f.ok) resolve();
        else reject(new Error('operator refused'));
      }
    });
  });
  op.on('error', () => {});
  for (let i = 0; i < 8_000; i++) {
    op.send(frame(r, methods));
    sent++;
    if (i % 200 === 199) await new Promise((res) => setTimeout(res, 5));
  }
  await new Promise((res) => setTimeout(res, 500));
  alive('the operator phase');
  op.terminate();

  // 3. A paired node (signed identity, auto-approved on loopback) sending everything a node may.
  let node: SimNode | undefined;
  for (let i = 0; i < 3 && !node; i++) node = await connectSimNode(gw.url, gw.token, `fuzz-node-${i}`).catch(() => undefined);
  assert.ok(node, 'the fuzz node could connect');
  const nodeMethods = ['node.invoke.result', 'node.event', 'node.pending.pull', 'node.pair.request', 'skills.bins', ...methods];
  const raw = (node.conn as unknown as { socket: { send(d: string | Buffer): void } }).socket;
  for (let i = 0; i < 8_000; i++) {
    const k = r.int(4);
    let f: string | Buffer;
    if (k === 0) f = JSON.stringify({ type: 'req', id: `n${i}`, method: 'node.invoke.result', params: { id: text(value(r)), nodeId: node.deviceId, ok: value(r), payload: value(r), payloadJSON: r.next() < 0.5 ? JSON.stringify(value(r)) : text(value(r)), error: value(r) } });
    else if (k === 1) f = JSON.stringify({ type: 'req', id: `n${i}`, method: 'node.event', params: { event: r.pick(['exec.started', 'exec.finished', 'node.stats', text(value(r))]), payload: value(r), payloadJSON: JSON.stringify(value(r)) } });
    else f = frame(r, nodeMethods);
    try {
      raw.send(f);
    } catch {
      break; // the gateway closed this node (a fair answer to garbage): stop sending
    }
    sent++;
    if (i % 200 === 199) await new Promise((res) => setTimeout(res, 5));
  }
  await new Promise((res) => setTimeout(res, 500));
  alive('the node phase');
  node.conn.close();

  // Afterwards: the same process answers HTTP, hello-ok, reads, and the CLI.
  assert.ok(sent >= 20_000, `only ${sent} frames were sent`);
  const check = await connectRawOperator(gw.url, gw.token);
  for (const m of ['health', 'status', 'node.list', 'device.pair.list']) {
    const res = await check.call(m, {});
    assert.equal(res.ok, true, `seed ${SEED}: ${m} after fuzzing: ${res.error?.message}`);
  }
  check.close();
  const cli = runHearth(['health', '--json', '--url', gw.url, '--token', gw.token]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.doesNotMatch(gw.output(), /process guard/, `seed ${SEED}: a fault escaped every boundary`);
  alive('the final checks');
  console.log(`# fuzz seed ${SEED}: ${sent} frames in ${Date.now() - t0} ms; boundary faults logged: ${(gw.output().match(/internal error in/g) ?? []).length}`);
});
