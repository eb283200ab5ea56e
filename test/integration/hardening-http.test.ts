// Class 1 of the hardening issue: no request target, header or HTTP quirk ends the gateway. Every
// target Node's parser accepts gets an answer (400 for what Hearth does not serve), 404s and
// probes carry nosniff, and after the whole barrage the same process still serves HTTP and hello-ok.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectRawOperator } from '../../bench/lib/raw-operator.ts';
import { startGatewayProcess, type GatewayProc } from '../helpers/processes.ts';
import { rawExchange, rawGet } from '../helpers/raw-http.ts';

let gw: GatewayProc;

before(async () => {
  gw = await startGatewayProcess();
});

after(async () => {
  await gw?.stop();
});

async function stillServing(): Promise<void> {
  assert.equal(gw.child.exitCode, null, `the gateway exited; output:\n${gw.output()}`);
  const live = await rawGet(gw.port, '/healthz');
  assert.equal(live.status, 200);
  const op = await connectRawOperator(gw.url, gw.token);
  const r = await op.call('health', {});
  op.close();
  assert.equal(r.ok, true);
}

const TARGETS = [
  '//[', '//', '//[::1', '//evil.example/x', '/%', '/%zz', '/%00', '/..%2f..%2fetc%2fpasswd', '/a?b=%', '/#frag',
  '*', 'http://[', 'http://x/', 'https://evil.example/readyz', 'x', '.', '../', '[', '?', '/\\..\\..', '//../..',
  `/${'a'.repeat(8000)}`, `/?${'%'.repeat(3000)}`, '/assets/%ff%fe', '/index.html%00.js',
];

test('every request target gets a response and none ends the process', async () => {
  for (const t of TARGETS) {
    const r = await rawExchange(gw.port, `GET ${t} HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
    assert.ok(r.status >= 200 && r.status < 600, `no HTTP answer for target ${JSON.stringify(t.slice(0, 40))}: ${JSON.stringify(r.raw.slice(0, 80))}`);
    assert.ok(r.status !== 500, `target ${JSON.stringify(t.slice(0, 40))} hit an internal error`);
  }
  for (const t of ['//[', '*', 'http://[', 'x']) {
    const r = await rawExchange(gw.port, `GET ${t} HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
    if (t !== '//[') assert.equal(r.status, 400, `target ${t}`);
  }
  await stillServing();
});

test('other methods, CONNECT, OPTIONS *, HTTP/1.0 and odd headers are answered, not fatal', async () => {
  const reqs = [
    'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    'POST //[ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc',
    'GET /readyz HTTP/1.0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nIf-Modified-Since: garbage\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    'GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', // a TLS ClientHello to the plain port
    'GET / HTTP/9.9\r\n\r\n',
  ];
  for (const text of reqs) await rawExchange(gw.port, text, 1_000);
  await stillServing();
});

test('404 and probe responses carry nosniff', async () => {
  for (const path of ['/healthz', '/health', '/readyz', '/no-such-file.js', '/%zz']) {
    const r = await rawGet(gw.port, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', `${path} → ${r.status}`);
  }
  assert.equal((await rawGet(gw.port, '/no-such-file.js')).status, 404);
});

test('a client that disconnects mid-response or mid-request does not hurt the gateway', async () => {
  const { connect } = await import('node:net');
  for (let i = 0; i < 20; i++) {
    const s = connect(gw.port, '127.0.0.1', () => {
      s.write(`GET /${i % 2 ? '' : 'index.html'} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHo`);
      s.destroy();
    });
    s.on('error', () => {});
  }
  await new Promise((r) => setTimeout(r, 300));
  await stillServing();
});
