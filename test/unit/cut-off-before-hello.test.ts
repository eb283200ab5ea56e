// A gateway that accepts the WebSocket and cuts it off before hello-ok (one shedding
// unauthenticated sockets under a flood) is told apart from no gateway at all: the message does
// not say "start it", and the CLI tries twice more before giving up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import { openRetryingCutOffs } from '../../src-main/cli/client.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import { explainFailure } from '../../src-shared/client/failure.ts';
import { freePort } from '../helpers/processes.ts';

const open = (url: string) => GatewayConnection.open({
  url, role: 'operator', scopes: [], auth: { token: 't' }, socketFactory: wsSocketFactory(), connectTimeoutMs: 5_000,
  client: { id: 'cli', mode: 'cli', platform: 'linux', version: 'test' },
});

test('cut off after the upgrade: a ConnectionLostError that says so, and a message without "start it"', async () => {
  const wss = new WebSocketServer({ port: 0 });
  let accepted = 0;
  wss.on('connection', (ws) => {
    accepted++;
    ws.terminate();
  });
  await new Promise((r) => wss.once('listening', r));
  const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
  try {
    const err = await open(url).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ConnectionLostError && err.cutOffBeforeHello, String(err));
    const shown = explainFailure(err, { url, authSource: 'flag' }) as Error;
    assert.match(shown.message, /accepted the connection but cut it off before the handshake finished.*retry in a moment/);
    assert.doesNotMatch(shown.message, /start it/);
    // The CLI's open tries three times in all, then gives up with that error.
    accepted = 0;
    await assert.rejects(openRetryingCutOffs(() => open(url), [10, 10]), (e: unknown) => e instanceof ConnectionLostError && e.cutOffBeforeHello);
    assert.equal(accepted, 3);
  } finally {
    await new Promise((r) => wss.close(r));
  }
});

test('nothing listening is not a cut-off: no retry, and the message says to start the gateway', async () => {
  const url = `ws://127.0.0.1:${await freePort()}`;
  let tries = 0;
  const err = await openRetryingCutOffs(() => { tries++; return open(url); }, [10, 10]).then(() => undefined, (e: unknown) => e);
  assert.equal(tries, 1);
  assert.ok(err instanceof ConnectionLostError && !err.cutOffBeforeHello);
  assert.match((explainFailure(err, { url, authSource: 'flag' }) as Error).message, /no gateway at .*start it with `hearth gateway`/);
});

test('a cut-off followed by a good try succeeds on the retry', async () => {
  let calls = 0;
  const got = await openRetryingCutOffs(async () => {
    calls++;
    if (calls === 1) throw new ConnectionLostError('cut', 1006, '', false, true);
    return 'conn';
  }, [1, 1]);
  assert.deepEqual([got, calls], ['conn', 2]);
});
