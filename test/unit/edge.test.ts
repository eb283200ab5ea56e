// The gateway edge's pieces on their own: Host parsing and the allowlist, client addresses behind
// trusted proxies, the pre-auth pool's eviction order, the rate limiter, the fault log, and the
// ws receiver knob the per-socket frame limit relies on (pinned to the ws in the lockfile).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { createAuthRateLimiter } from '../../src-main/core/gateway/auth-rate-limit.ts';
import { parseTrustedProxies, rateLimitKey, resolveClientAddress } from '../../src-main/core/gateway/edge/client-address.ts';
import { createFaultLog } from '../../src-main/core/gateway/edge/fault-log.ts';
import { HostAllowlist, hostOfHeader } from '../../src-main/core/gateway/edge/host-allowlist.ts';
import { PreauthPool, defaultTotalCap } from '../../src-main/core/gateway/edge/preauth-pool.ts';
import { maxPayloadOf, setMaxPayload } from '../../src-main/core/gateway/edge/ws-limits.ts';
import type { Logger } from '../../src-main/core/logger.ts';

test('hostOfHeader: ports, brackets, case, trailing dots; malformed values are undefined', () => {
  assert.equal(hostOfHeader('Example.COM:8080'), 'example.com');
  assert.equal(hostOfHeader('example.com.'), 'example.com');
  assert.equal(hostOfHeader('[::1]:18789'), '::1');
  assert.equal(hostOfHeader('[::1]'), '::1');
  for (const bad of ['', ' ', '[::1', '[zz]', 'a b', 'evil.com:80:80', 'evil.com:port', 'ex\u00e4mple.com', '[::1]x', 'a/b', 'user@host']) {
    assert.equal(hostOfHeader(bad), undefined, JSON.stringify(bad));
  }
});

test('HostAllowlist: loopback always, the bound address, the public URL, allowed hosts and origins, additions', () => {
  const h = new HostAllowlist({ boundHost: '127.0.0.1', publicUrl: 'ws://home.tail.ts.net:18789', allowedOrigins: ['https://ui.example', '*'], allowedHosts: ['Hub.Example'] });
  for (const ok of ['127.0.0.1:1', 'localhost', 'a.b.localhost:5', '[::1]', '127.9.9.9', 'home.tail.ts.net', 'ui.example', 'hub.example:443', undefined]) assert.ok(h.allows(ok), String(ok));
  for (const no of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.5', '0.0.0.0', '', '[::ffff:7f00:1]']) assert.ok(!h.allows(no), no);
  assert.equal(h.add('https://tunnel.example/path'), 'tunnel.example');
  assert.ok(h.allows('tunnel.example'));
  h.delete('tunnel.example');
  assert.ok(!h.allows('tunnel.example'));
  assert.equal(h.add('*'), undefined);
});

test('HostAllowlist: a wildcard bind answers to this machine’s addresses and hostname, not to others', async () => {
  const { hostname, networkInterfaces } = await import('node:os');
  const h = new HostAllowlist({ boundHost: '0.0.0.0' });
  const addr = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4')!.address;
  assert.ok(h.allows(addr));
  assert.ok(h.allows(`${hostname()}.local:18789`));
  assert.ok(!h.allows('0.0.0.0'));
  assert.ok(!h.allows('evil.example'));
  assert.ok(new HostAllowlist({ boundHost: '100.101.102.103' }).allows('100.101.102.103:18789'));
});

test('HostAllowlist: a running detection can be waited for (bounded); once it ends nothing waits', async () => {
  const hosts = new HostAllowlist({ boundHost: '127.0.0.1', allowedOrigins: [] });
  assert.equal(hosts.settling(), undefined);
  let finish: () => void = () => {};
  hosts.learn(new Promise<void>((r) => { finish = r; }).then(() => { hosts.add('home-pc.tail1234.ts.net'); }));
  const wait = hosts.settling();
  assert.ok(wait);
  assert.equal(hosts.allows('home-pc.tail1234.ts.net'), false);
  finish();
  await wait;
  assert.equal(hosts.allows('home-pc.tail1234.ts.net:18789'), true);
  assert.equal(hosts.settling(), undefined);
  // A detection that fails or never ends does not hold anyone longer than the cap.
  hosts.learn(Promise.reject(new Error('tailscale crashed')));
  await hosts.settling();
  hosts.learn(new Promise(() => {}));
  const t0 = Date.now();
  await hosts.settling(50);
  assert.ok(Date.now() - t0 < 1000);
});

test('trusted proxies: right-most untrusted hop, Forwarded, X-Real-IP; headers from others are ignored', () => {
  const t = parseTrustedProxies(['127.0.0.1', '10.0.0.0/8', '::1']);
  assert.deepEqual(resolveClientAddress('::ffff:127.0.0.1', { 'x-forwarded-for': '1.2.3.4' }, t), { ip: '1.2.3.4', peer: '127.0.0.1', viaProxy: true });
  assert.equal(resolveClientAddress('127.0.0.1', { 'x-forwarded-for': '9.9.9.9, 1.2.3.4, 10.1.1.1' }, t).ip, '1.2.3.4');
  assert.equal(resolveClientAddress('127.0.0.1', { forwarded: 'for="[2001:db8::1]:4711";proto=https' }, t).ip, '2001:db8::1');
  assert.equal(resolveClientAddress('127.0.0.1', { 'x-real-ip': '5.6.7.8' }, t).ip, '5.6.7.8');
  assert.equal(resolveClientAddress('127.0.0.1', { 'x-forwarded-for': '1.2.3.4:555' }, t).ip, '1.2.3.4');
  // Garbage where an address belongs: the proxy itself is the last one we can name.
  assert.deepEqual(resolveClientAddress('127.0.0.1', { 'x-forwarded-for': 'not-an-ip' }, t), { ip: '127.0.0.1', peer: '127.0.0.1', viaProxy: false });
  assert.equal(resolveClientAddress('127.0.0.1', { 'x-forwarded-for': 'junk, 10.2.2.2' }, t).ip, '10.2.2.2');
  // Untrusted peer, or no list: the socket address, whatever the headers say.
  assert.equal(resolveClientAddress('192.0.2.1', { 'x-forwarded-for': '1.2.3.4' }, t).ip, '192.0.2.1');
  assert.equal(resolveClientAddress('127.0.0.1', { 'x-forwarded-for': '1.2.3.4' }, undefined).ip, '127.0.0.1');
  for (const bad of ['proxy.local', '10.0.0.0/33', '::1/129', '1.2.3.4/x', '']) assert.throws(() => parseTrustedProxies([bad]), /trustedProxies/);
});

test('rate-limit keys: IPv4 as is, IPv6 by /64', () => {
  assert.equal(rateLimitKey('1.2.3.4'), '1.2.3.4');
  assert.equal(rateLimitKey('2001:db8:1:2::1'), rateLimitKey('2001:db8:1:2:ffff::9'));
  assert.notEqual(rateLimitKey('2001:db8:1:2::1'), rateLimitKey('2001:db8:1:3::1'));
  assert.equal(rateLimitKey('tunnel:vps'), 'tunnel:vps');
});

test('auth rate limiter: 10 failures per minute, window expiry, oldest forgotten first (never everyone)', () => {
  let now = 0;
  const l = createAuthRateLimiter(() => now);
  for (let i = 0; i < 9; i++) l.record('1.2.3.4');
  assert.equal(l.limited('1.2.3.4'), undefined);
  l.record('1.2.3.4');
  assert.ok((l.limited('1.2.3.4') ?? 0) > 0);
  for (let i = 0; i < 9_000; i++) l.record(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  assert.ok((l.limited('1.2.3.4') ?? 0) > 0, 'a flood of new addresses does not reset a recent guesser');
  now = 61_000;
  assert.equal(l.limited('1.2.3.4'), undefined);
});

class FakeSocket extends EventEmitter {
  destroyed = false;
  bytesRead = 0;
  readonly remoteAddress: string;
  constructor(remoteAddress: string) {
    super();
    this.remoteAddress = remoteAddress;
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

test('pre-auth pool: stalled sockets go first, then the oldest; budgets per class and per address', () => {
  let now = 0;
  const evicted: string[] = [];
  const pool = new PreauthPool({ totalCap: 3, perAddressCap: 2, localAddress: (ip) => ip.startsWith('127.'), onEvict: (ip, why) => evicted.push(`${ip}:${why}`), clock: () => now });
  const s = (ip: string) => new FakeSocket(ip) as unknown as Socket & FakeSocket;
  const a = s('127.0.0.1');
  const b = s('127.0.0.1');
  const c = s('127.0.0.1');
  pool.track(a);
  now = 100;
  pool.track(b);
  b.bytesRead = 50; // sending a request
  now = 1_000;
  pool.track(c);
  c.bytesRead = 10;
  const d = s('127.0.0.1');
  pool.track(d);
  // a has been silent for 1 s: stalled, out first even though b and c are not much younger.
  assert.ok(a.destroyed && !b.destroyed && !c.destroyed && !d.destroyed);
  const e = s('127.0.0.1');
  pool.track(e);
  // nothing stalled (b is 900 ms into a request): the oldest goes, never the newcomer.
  assert.ok(b.destroyed && !e.destroyed);
  // Remote peers have their own budget: the local ones are untouched.
  const r1 = s('203.0.113.1');
  const r2 = s('203.0.113.1');
  const r3 = s('203.0.113.1');
  pool.track(r1);
  pool.track(r2);
  pool.track(r3);
  assert.ok(r1.destroyed && !r2.destroyed && !r3.destroyed, 'per-address share');
  assert.ok(!c.destroyed && !d.destroyed && !e.destroyed);
  pool.trust(r2);
  assert.ok(!pool.has(r2));
  assert.deepEqual(evicted, ['127.0.0.1:total-cap', '127.0.0.1:total-cap', '203.0.113.1:address-cap']);
  assert.equal(defaultTotalCap(1024), 256);
  assert.equal(defaultTotalCap(100), 32);
  assert.equal(defaultTotalCap(1_000_000), 512);
});

test('fault log: first fault logged with context and stack, repeats counted; guard catches throws and rejections', async () => {
  const lines: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (msg, fields) => lines.push({ msg, fields }), child: () => log };
  const faults = createFaultLog(log);
  for (let i = 0; i < 100; i++) faults.report('a timer', new RangeError('boom'));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!.msg, /a timer.*keeps running/);
  assert.match(String(lines[0]!.fields?.['error']), /RangeError: boom/);
  let cleaned = 0;
  faults.guard('sync', () => { throw new Error('x'); }, () => { cleaned++; })();
  faults.guard('async', async () => { throw new Error('y'); }, () => { cleaned++; })();
  await new Promise((r) => setImmediate(r));
  assert.equal(cleaned, 2);
  assert.equal(faults.count, 102);
});

test('ws: the per-socket payload limit can be read and raised on the receiver (pinned ws version)', async () => {
  const wss = new WebSocketServer({ port: 0, maxPayload: 64 * 1024 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const got: number[] = [];
  let n = 0;
  wss.on('connection', (ws) => {
    n++;
    if (n === 1) {
      assert.equal(maxPayloadOf(ws), 64 * 1024);
      assert.equal(setMaxPayload(ws, 1024 * 1024), true);
    }
    ws.on('error', () => { /* the 1009 of the second socket */ });
    ws.on('message', (d: Buffer) => got.push(d.length));
  });
  const raised = new WebSocket(`ws://127.0.0.1:${port}`);
  let limited: WebSocket | undefined;
  try {
    await new Promise((r) => raised.once('open', r));
    raised.send(Buffer.alloc(200_000));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(got, [200_000]);
    const second = (limited = new WebSocket(`ws://127.0.0.1:${port}`));
    second.on('error', () => {});
    await new Promise((r) => second.once('open', r));
    const code = new Promise<number>((r) => second.once('close', (c) => r(c)));
    second.send(Buffer.alloc(200_000));
    assert.equal(await code, 1009);
  } finally {
    raised.terminate();
    limited?.terminate();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  }
});
