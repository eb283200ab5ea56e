// The node agent end to end against a tiny in-test gateway speaking the SPEC handshake:
// signed connect, PAIRING_REQUIRED twice, hello-ok with a device token, then invocations.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { startNodeAgent, type NodeAgentStatus } from '../../src-main/core/agent/index.ts';
import { agentCommands } from '../../src-main/core/modules/catalog.ts';
import { deviceIdFromRawKey, normalizePublicKey, verifySignature } from '../../src-main/core/identity/ed25519.ts';
import { createLogger, silentLogger } from '../../src-main/core/logger.ts';
import { stateFiles } from '../../src-main/core/paths.ts';
import { buildV3Payload, shortFingerprint, signatureToken } from '../../src-shared/protocol/device-auth.ts';
import { encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type ConnectVerdict = { error: Json } | { hello: { deviceToken?: string; tickIntervalMs?: number; silent?: boolean } };

const fast = { initialMs: 40, maxMs: 150, jitter: 0.2 };
const backoff = { drop: fast, pairing: fast, refused: fast };
const dirs: string[] = [];
const newStateDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hearth-agent-'));
  dirs.push(d);
  return d;
};
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A minimal gateway: checks every device proof, lets the test decide each connect's fate, records frames. */
class FakeGateway {
  readonly wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  readonly connects: Json[] = [];
  readonly requests: Json[] = [];
  readonly clientCloses: number[] = [];
  current: WebSocket | undefined;
  decide: (attempt: number, params: Json) => ConnectVerdict = () => ({ hello: {} });
  /** Optional error answer for a request (default: ok). */
  refuse: (frame: Json) => Json | undefined = () => undefined;
  private waiters: { pred: (f: Json) => boolean; resolve: (f: Json) => void }[] = [];

  constructor() {
    this.wss.on('connection', (ws) => {
      const nonce = randomUUID();
      let silent = false;
      ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce, ts: Date.now() } }));
      ws.on('close', (code) => this.clientCloses.push(code));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Json;
        if (frame['method'] === 'connect') return this.onConnect(ws, frame, nonce, (s) => { silent = s; });
        if (silent) return;
        this.requests.push(frame);
        for (const w of [...this.waiters]) if (w.pred(frame)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(frame); }
        const error = this.refuse(frame);
        ws.send(JSON.stringify(error ? { type: 'res', id: frame['id'], ok: false, error } : { type: 'res', id: frame['id'], ok: true, payload: { ok: true } }));
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  private onConnect(ws: WebSocket, frame: Json, nonce: string, setSilent: (s: boolean) => void): void {
    const p = frame['params'] as Json;
    const dev = p['device'] as Json;
    const raw = normalizePublicKey(dev['publicKey']);
    assert.ok(raw, 'public key decodes');
    assert.equal(dev['id'], deviceIdFromRawKey(raw), 'device id = sha256(public key)');
    assert.equal(dev['nonce'], nonce, 'signed the challenge nonce');
    const payload = buildV3Payload({
      deviceId: dev['id'], clientId: p['client']['id'], clientMode: p['client']['mode'], role: p['role'], scopes: p['scopes'],
      signedAtMs: dev['signedAt'], token: signatureToken(p['auth']), nonce: dev['nonce'], platform: p['client']['platform'], deviceFamily: p['client']['deviceFamily'],
    });
    assert.ok(verifySignature(raw, payload, dev['signature']), 'v3 device signature verifies');
    this.connects.push(p);
    const verdict = this.decide(this.connects.length, p);
    if ('error' in verdict) {
      ws.send(JSON.stringify({ type: 'res', id: frame['id'], ok: false, error: verdict.error }));
      ws.close(1008, String(verdict.error['message']).slice(0, 100));
      return;
    }
    const h = verdict.hello;
    this.current = ws;
    ws.send(JSON.stringify({ type: 'res', id: frame['id'], ok: true, payload: {
      type: 'hello-ok', protocol: 4, server: { version: 'fake', connId: randomUUID() },
      features: { methods: [], events: [] }, snapshot: { presence: [], health: {}, stateVersion: { presence: 0, health: 0 }, uptimeMs: 1 },
      auth: { method: 'token', role: 'node', scopes: [], ...(h.deviceToken ? { deviceToken: h.deviceToken, issuedAtMs: Date.now() } : {}) },
      policy: { maxPayload: 26214400, maxBufferedBytes: 52428800, tickIntervalMs: h.tickIntervalMs ?? 30000 },
    } }));
    if (h.silent) setSilent(true);
  }

  /** Resolves with the next request (already received or future) matching `pred`. */
  next(pred: (f: Json) => boolean, timeoutMs = 4000): Promise<Json> {
    const seen = this.requests.find(pred);
    if (seen) { this.requests.splice(this.requests.indexOf(seen), 1); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a request')), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => { clearTimeout(timer); this.requests.splice(this.requests.indexOf(f), 1); resolve(f); } });
    });
  }

  invoke(nodeId: string, command: string, params?: unknown): string {
    const id = randomUUID();
    const payload: Json = { id, nodeId, command, timeoutMs: 15000, idempotencyKey: randomUUID() };
    if (params !== undefined) payload['paramsJSON'] = JSON.stringify(params);
    this.current?.send(JSON.stringify({ type: 'event', event: 'node.invoke.request', payload }));
    return id;
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((r) => this.wss.close(() => r()));
  }
}

async function until(cond: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pairingError = (requestId: string) => ({
  code: 'NOT_PAIRED', message: 'pairing required: device is not approved yet',
  details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId, requestedRole: 'node' },
});

test('pairs after two PAIRING_REQUIRED answers, stores the device token, serves invocations', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  gw.decide = (n) => (n <= 2 ? { error: pairingError('req-1') } : { hello: { deviceToken: 'dt-1' } });
  const stateDir = newStateDir();
  const statuses: NodeAgentStatus[] = [];
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', json: false, write: (l) => lines.push(l) });
  const agent = startNodeAgent({
    url: gw.url, stateDir, token: 'shared-tok', displayName: 'test-node', exec: { security: 'full', allowlist: [] },
    logger, onStatus: (s) => statuses.push(s), backoff,
  });
  try {
    await until(() => agent.status.state === 'connected');
    const deviceId = agent.status.deviceId;
    const pairing = statuses.find((s) => s.state === 'pairing-required');
    assert.ok(pairing, 'reported pairing-required');
    assert.equal(pairing.requestId, 'req-1');
    assert.equal(pairing.fingerprint, shortFingerprint(deviceId));
    assert.match(pairing.message ?? '', /hearth devices approve req-1/);
    assert.equal(lines.filter((l) => l.includes('hearth devices approve req-1') && l.includes(pairing.fingerprint)).length, 1, 'approval hint logged once per request id');

    const c = gw.connects[2]!;
    assert.deepEqual(c['auth'], { token: 'shared-tok' }, 'shared secret sent alone');
    assert.equal(c['role'], 'node');
    assert.deepEqual(c['scopes'], []);
    assert.deepEqual(c['caps'], ['system']);
    // The built-in commands first, then the feature modules' node commands from the catalog.
    assert.deepEqual(c['commands'], ['system.run', 'system.which', ...agentCommands().map((x) => x.name)]);
    assert.equal(c['client']['id'], 'node-host');
    assert.equal(c['client']['mode'], 'node');
    assert.equal(c['client']['displayName'], 'test-node');
    assert.equal(c['pathEnv'], process.env['PATH']);
    assert.equal(c['client']['instanceId'], gw.connects[0]!['client']['instanceId'], 'stable instance id');

    // Post-hello announcements (SPEC §8.2).
    const stats = await gw.next((f) => f['method'] === 'node.event' && f['params']['event'] === 'node.host.stats');
    const hs = JSON.parse(stats['params']['payloadJSON']);
    assert.deepEqual(Object.keys(hs), ['cpuCount', 'loadAverage', 'memoryTotalBytes', 'memoryFreeBytes', 'diskTotalBytes', 'diskAvailableBytes']);
    assert.ok(hs.cpuCount >= 1 && hs.diskTotalBytes > 0);
    for (const m of ['node.runnerInventory.update', 'node.skills.update', 'node.pluginTools.update']) await gw.next((f) => f['method'] === m);

    // The device token is stored 0600 for this gateway.
    const files = stateFiles(stateDir);
    assert.match(readFileSync(files.nodeState, 'utf8'), /"deviceToken": "dt-1"/);
    if (process.platform !== 'win32') {
      assert.equal(statSync(files.nodeState).mode & 0o777, 0o600);
      assert.equal(statSync(files.nodeIdentity).mode & 0o777, 0o600);
    }

    // system.run: exec.finished first, then the result.
    const runId = gw.invoke(deviceId, 'system.run', { command: ['sh', '-c', 'echo "hi $FOO"; echo oops >&2; exit 3'], env: { FOO: 'bar' }, runId: 'run-1' });
    const finished = await gw.next((f) => f['method'] === 'node.event' && f['params']['event'] === 'exec.finished');
    const result = await gw.next((f) => f['method'] === 'node.invoke.result' && f['params']['id'] === runId);
    assert.ok(gw.requests.indexOf(finished) === -1 && Number(String(finished['id']).split(':')[0]) < Number(String(result['id']).split(':')[0]), 'exec.finished before the result');
    assert.deepEqual(JSON.parse(finished['params']['payloadJSON']), {
      sessionKey: 'node', runId: 'run-1', host: 'node', command: 'sh -c "echo \\"hi $FOO\\"; echo oops >&2; exit 3"',
      exitCode: 3, timedOut: false, success: false, output: 'hi bar\n\noops', suppressNotifyOnExit: false,
    });
    assert.equal(result['params']['ok'], true);
    assert.equal(result['params']['nodeId'], deviceId);
    const payload = JSON.parse(result['params']['payloadJSON']);
    assert.deepEqual({ ...payload, durationMs: 0 }, { exitCode: 3, timedOut: false, success: false, stdout: 'hi bar\n', stderr: 'oops\n', error: null, durationMs: 0 });

    // system.which and an unknown command.
    const whichId = gw.invoke(deviceId, 'system.which', { bins: ['sh', 'nonexistent-bin'] });
    const which = await gw.next((f) => f['method'] === 'node.invoke.result' && f['params']['id'] === whichId);
    assert.deepEqual(Object.keys(JSON.parse(which['params']['payloadJSON']).bins), ['sh']);
    const unknownId = gw.invoke(deviceId, 'camera.snap');
    const unknown = await gw.next((f) => f['method'] === 'node.invoke.result' && f['params']['id'] === unknownId);
    assert.deepEqual(unknown['params'], { id: unknownId, nodeId: deviceId, ok: false, error: { code: 'UNSUPPORTED', message: 'unsupported command camera.snap' } });

    // Cancel: the run is killed and no result is sent.
    const sleepId = gw.invoke(deviceId, 'system.run', { command: ['sleep', '30'] });
    await until(() => (agent.status.runningInvocations ?? 0) === 1);
    gw.current?.send(JSON.stringify({ type: 'event', event: 'node.invoke.cancel', payload: { invokeId: sleepId, nodeId: deviceId } }));
    await until(() => (agent.status.runningInvocations ?? 0) === 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(gw.requests.some((f) => f['params']?.['id'] === sleepId), false, 'no result after cancel');
  } finally {
    await agent.stop();
    await until(() => gw.clientCloses.includes(1000));
    assert.equal(agent.status.state, 'stopped');
    await gw.close();
  }
});

test('stale device token is dropped, the node re-pairs, and a silent gateway is left after 2 ticks', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  const stateDir = newStateDir();
  // First life: get a device token.
  gw.decide = () => ({ hello: { deviceToken: 'dt-old' } });
  let agent = startNodeAgent({ url: gw.url, stateDir, exec: { security: 'full', allowlist: [] }, logger: silentLogger, backoff });
  await until(() => agent.status.state === 'connected');
  await agent.stop();
  assert.deepEqual(gw.connects[0]!['auth'], undefined, 'no credential at all on a fresh node without token');

  // Second life: the token was rotated on the gateway.
  const statuses: NodeAgentStatus[] = [];
  gw.decide = (n, p) => {
    if (p['auth']?.['deviceToken'] === 'dt-old') return { error: { code: 'INVALID_REQUEST', message: 'unauthorized: device token mismatch (rotate/reissue device token)', details: { code: 'AUTH_DEVICE_TOKEN_MISMATCH' } } };
    if (n === 3) return { error: pairingError('req-2') };
    return { hello: { deviceToken: 'dt-new', tickIntervalMs: 100, silent: n === 4 } };
  };
  agent = startNodeAgent({ url: gw.url, stateDir, exec: { security: 'full', allowlist: [] }, logger: silentLogger, backoff, onStatus: (s) => statuses.push(s) });
  try {
    await until(() => gw.connects.length >= 5, 6000);
    assert.deepEqual(gw.connects[1]!['auth'], { deviceToken: 'dt-old' }, 'stored device token used alone');
    const err = statuses.find((s) => s.state === 'error');
    assert.equal(err?.errorCode, 'AUTH_DEVICE_TOKEN_MISMATCH');
    assert.match(err?.message ?? '', /dropped it/);
    assert.equal(gw.connects[2]!['auth'], undefined, 'stale token no longer sent');
    assert.ok(statuses.some((s) => s.state === 'pairing-required' && s.requestId === 'req-2'));
    assert.ok(gw.clientCloses.includes(4000), 'closed the silent connection with 4000 tick timeout');
    assert.deepEqual(gw.connects[4]!['auth'], { deviceToken: 'dt-new' }, 'reconnected with the new token');
  } finally {
    await agent.stop();
    await gw.close();
  }
});

test('a setup code supplies the URL and the bootstrap token until a device token exists', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  gw.decide = () => ({ hello: { deviceToken: 'dt-boot', tickIntervalMs: 100, silent: true } });
  const setupCode = encodeSetupCode({ url: gw.url, bootstrapToken: 'boot-123', expiresAtMs: Date.now() + 600_000 });
  const agent = startNodeAgent({ stateDir: newStateDir(), setupCode, exec: { security: 'deny', allowlist: [] }, logger: silentLogger, backoff });
  try {
    assert.equal(agent.status.gatewayUrl, gw.url);
    await until(() => gw.connects.length >= 2, 6000);
    assert.deepEqual(gw.connects[0]!['auth'], { bootstrapToken: 'boot-123' });
    assert.deepEqual(gw.connects[1]!['auth'], { deviceToken: 'dt-boot' });
  } finally {
    await agent.stop();
    await gw.close();
  }
});

test('exec policy deny refuses system.run with EXEC_DENIED', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  const agent = startNodeAgent({ url: gw.url, stateDir: newStateDir(), exec: { security: 'deny', allowlist: [] }, logger: silentLogger, backoff });
  try {
    await until(() => agent.status.state === 'connected');
    const id = gw.invoke(agent.status.deviceId, 'system.run', { command: ['echo', 'hi'] });
    const res = await gw.next((f) => f['method'] === 'node.invoke.result' && f['params']['id'] === id);
    assert.equal(res['params']['ok'], false);
    assert.equal(res['params']['error']['code'], 'EXEC_DENIED');
    assert.match(res['params']['error']['message'], /^exec denied by this node's policy \(deny\): echo … — change it with `hearth node run --exec full`/);
    agent.setExecPolicy({ security: 'allowlist', allowlist: ['echo'] });
    const id2 = gw.invoke(agent.status.deviceId, 'system.run', { command: ['echo', 'hi'] });
    const res2 = await gw.next((f) => f['method'] === 'node.invoke.result' && f['params']['id'] === id2);
    assert.equal(JSON.parse(res2['params']['payloadJSON']).stdout, 'hi\n');
  } finally {
    await agent.stop();
    await gw.close();
  }
});

test('reports commands pending approval until the runner inventory is accepted', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  let refusals = 0;
  gw.refuse = (f) => (f['method'] === 'node.runnerInventory.update' && refusals++ < 2
    ? { code: 'UNAVAILABLE', message: 'node capability surface is awaiting operator approval; run `hearth nodes approve --latest`' }
    : undefined);
  const statuses: NodeAgentStatus[] = [];
  const agent = startNodeAgent({ url: gw.url, stateDir: newStateDir(), exec: { security: 'full', allowlist: [] }, logger: silentLogger, backoff, onStatus: (s) => statuses.push(s) });
  try {
    await until(() => statuses.some((s) => s.commandsPendingApproval === true));
    assert.match(agent.status.message ?? '', /awaiting operator approval/);
    await until(() => refusals >= 3 && agent.status.commandsPendingApproval === false, 5000);
    assert.equal(agent.status.state, 'connected');
    assert.equal(agent.status.message, `Connected to ${gw.url}.`);
  } finally {
    await agent.stop();
    await gw.close();
  }
});

test('an unreachable gateway is retried with backoff and stop() ends the wait at once', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  const url = gw.url;
  await gw.close(); // nothing listens there any more
  const statuses: NodeAgentStatus[] = [];
  const agent = startNodeAgent({ url, stateDir: newStateDir(), exec: { security: 'full', allowlist: [] }, logger: silentLogger, onStatus: (s) => statuses.push(s) });
  await until(() => agent.status.state === 'backoff');
  assert.match(agent.status.message ?? '', /^no gateway at ws:\/\/127\.0\.0\.1:\d+; start it with `hearth gateway` \(or pass --url\); retrying in /);
  assert.ok((agent.status.nextRetryInMs ?? 0) >= 800 && (agent.status.nextRetryInMs ?? 0) <= 1000, 'first delay ≈ 1 s');
  const t0 = Date.now();
  await agent.stop();
  assert.ok(Date.now() - t0 < 500);
  assert.equal(agent.status.state, 'stopped');
  assert.deepEqual(statuses.map((s) => s.state).slice(0, 2), ['connecting', 'backoff']);
});

test('several URLs: a dead first address falls through to the next, the device token is shared, a drop starts over', async () => {
  const gw = new FakeGateway();
  await new Promise((r) => gw.wss.once('listening', r));
  // A port that refuses connections: bind, note it, close.
  const dead = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => dead.once('listening', r));
  const deadUrl = `ws://127.0.0.1:${(dead.address() as AddressInfo).port}`;
  await new Promise((r) => dead.close(() => r(undefined)));
  gw.decide = () => ({ hello: { deviceToken: 'dt-multi' } });
  const setupCode = encodeSetupCode({ url: deadUrl, urls: [deadUrl, gw.url], bootstrapToken: 'boot-multi', expiresAtMs: Date.now() + 600_000 });
  const statuses: NodeAgentStatus[] = [];
  const agent = startNodeAgent({ stateDir: newStateDir(), setupCode, exec: { security: 'deny', allowlist: [] }, logger: silentLogger, backoff, onStatus: (s) => statuses.push(s) });
  try {
    await until(() => agent.status.state === 'connected', 6000);
    assert.equal(agent.status.gatewayUrl, gw.url, 'kept the address that answered');
    assert.deepEqual(gw.connects[0]!['auth'], { bootstrapToken: 'boot-multi' });
    gw.current?.terminate();
    await until(() => gw.connects.length >= 2, 6000);
    // The token was saved under the second address; it is used after trying the first again.
    assert.deepEqual(gw.connects[1]!['auth'], { deviceToken: 'dt-multi' });
    assert.ok(statuses.some((s) => s.gatewayUrl === deadUrl && s.state === 'connecting'), 'the first address was tried again after the drop');
  } finally {
    await agent.stop();
    await gw.close();
  }
});
