// The gateway's HTTP side: probes, the web UI with SPA fallback, CSP, caching and precompressed assets.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createHttpHandler } from '../../src-main/core/gateway/http-routes.ts';
import { tempDir } from '../helpers/processes.ts';

const dir = tempDir('hearth-ui-');
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hearth</title>');
writeFileSync(join(dir, 'assets', 'app-123.js'), 'console.log(1)'.repeat(50));
writeFileSync(join(dir, 'assets', 'app-123.js.gz'), gzipSync('console.log(1)'.repeat(50)));
const server = createServer(createHttpHandler({ staticDir: dir, readiness: () => ({ ready: true, failing: [] }) }));
let base = '';
before(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  r();
})));
after(() => new Promise<void>((r) => server.close(() => r())));

function fetchRaw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('health probes answer as the real gateway does', async () => {
  for (const p of ['/health', '/healthz']) assert.deepEqual(JSON.parse((await fetchRaw(p)).body.toString()), { ok: true, status: 'live' });
  assert.equal(JSON.parse((await fetchRaw('/readyz')).body.toString()).ready, true);
});

test('client-side routes fall back to index.html with a CSP; unknown assets are 404', async () => {
  const r = await fetchRaw('/nodes/abc');
  assert.equal(r.status, 200);
  assert.match(r.body.toString(), /<title>Hearth/);
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal((await fetchRaw('/assets/missing.js')).status, 404);
  assert.equal((await fetchRaw('/../../etc/passwd')).status, 200, 'path traversal falls back to the app, never outside the root');
});

test('hashed assets are immutable and served gzipped when accepted', async () => {
  const plain = await fetchRaw('/assets/app-123.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(String(plain.headers['cache-control']), /immutable/);
  const gz = await fetchRaw('/assets/app-123.js', { 'accept-encoding': 'gzip, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['vary'], 'Accept-Encoding');
  assert.ok(gz.body.length < plain.body.length);
});
