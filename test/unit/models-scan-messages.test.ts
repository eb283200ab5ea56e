// What `hearth models add` / the Models screen say about a configured URL that is no model
// server: a server that is not started is "nothing answers there", not "something answers there".
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { scanMachine } from '../../src-main/core/models/scan.ts';
import { freePort } from '../helpers/processes.ts';

test('a configured URL where nothing listens says so and names the fix', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const [r] = await scanMachine([{ url, configured: true }], { timeoutMs: 2000 }, []);
  assert.equal(r?.health, 'down');
  assert.match(r?.error ?? '', /^nothing answers there \(ECONNREFUSED: .+\); start the model server, or check the URL and port$/);
});

test('a configured URL where a web server that is no model server answers says that', async () => {
  const server = createServer((_req, res) => res.writeHead(404).end('not here'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const a = server.address();
    const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    const [r] = await scanMachine([{ url, configured: true }], { timeoutMs: 2000 }, []);
    assert.equal(r?.error, 'something answers there, but not like a model server (no /v1/models or /api/tags); check the URL');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
