// Issue 13 "messages that name the real cause": the exact text of each message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectRejectedError } from '../../src-shared/client/errors.ts';
import { CliError } from '../../src-main/cli/cli-error.ts';
import { secretMismatchMessage, explainFailure, unknownHostError } from '../../src-shared/client/failure.ts';
import { offlineNodesWarning, statusWarnings } from '../../src-main/cli/commands/status-warnings.ts';
import { parseGatewayUrlFlag } from '../../src-main/core/settings/client-url.ts';

const refusedWith = (raw: string): string => {
  try {
    parseGatewayUrlFlag(raw);
  } catch (err) {
    assert.ok(err instanceof CliError);
    return err.message;
  }
  assert.fail(`${raw} was accepted`);
};

test('--url: good forms are canonicalised', () => {
  assert.equal(parseGatewayUrlFlag('ws://127.0.0.1:18789'), 'ws://127.0.0.1:18789');
  assert.equal(parseGatewayUrlFlag(' ws://h:1/ '), 'ws://h:1');
  assert.equal(parseGatewayUrlFlag('http://h:1'), 'ws://h:1');
  assert.equal(parseGatewayUrlFlag('https://home.tailnet.ts.net'), 'wss://home.tailnet.ts.net');
  assert.equal(parseGatewayUrlFlag('ws://[::1]:5'), 'ws://[::1]:5');
});

test('--url: each malformed address says what is wrong with it', () => {
  assert.equal(refusedWith('not-a-url'), '--url "not-a-url" is not a URL; a gateway address looks like ws://HOST:PORT, e.g. ws://127.0.0.1:18789');
  assert.equal(refusedWith('127.0.0.1:18789'), '--url "127.0.0.1:18789" has no scheme; write --url ws://127.0.0.1:18789 (wss:// for a TLS address)');
  assert.equal(refusedWith('ws://host:1/foo'), '--url "ws://host:1/foo" has a path (/foo); a Hearth gateway answers at its root: use ws://host:1');
  assert.equal(refusedWith('ftp://x'), '--url "ftp://x" uses ftp://; a gateway speaks ws:// (or wss:// over TLS), e.g. ws://127.0.0.1:18789');
  assert.equal(refusedWith(''), '--url is empty; pass the gateway\'s address, e.g. --url ws://127.0.0.1:18789');
  assert.equal(refusedWith('ws://h:1?x=1'), '--url "ws://h:1?x=1" has a query or fragment; use ws://h:1');
  assert.equal(refusedWith('ws://me:pw@h:1'), '--url "ws://me:pw@h:1" carries a user name or password; drop it and pass the secret with --token or --password');
  assert.equal(refusedWith('ws://h:99999'), '--url "ws://h:99999" is not a valid URL; a gateway address looks like ws://HOST:PORT, e.g. ws://127.0.0.1:18789');
});

test('an unresolvable host is named instead of "no gateway"', async () => {
  const notFound = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
  const e = await unknownHostError('ws://not-a-url', notFound);
  assert.equal(e?.message, 'cannot find host "not-a-url" (from ws://not-a-url): the name does not resolve; check the spelling in --url or use the gateway\'s IP address');
  assert.equal(await unknownHostError('ws://home:1', () => Promise.resolve({ address: '10.0.0.2' })), undefined);
  assert.equal(await unknownHostError('ws://127.0.0.1:1', notFound), undefined, 'an IP address is never looked up');
});

test('a refused token says where it came from and where the right one lives', () => {
  const local = { url: 'ws://127.0.0.1:18789', configPath: '/s/hearth.json' };
  assert.equal(secretMismatchMessage('token', { ...local, authSource: '--token' }),
    'the gateway at ws://127.0.0.1:18789 refused the token given with --token; its token is gateway.auth.token in /s/hearth.json (`hearth setup --show-token` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; pass that one with --token');
  assert.equal(secretMismatchMessage('token', { ...local, authSource: 'HEARTH_GATEWAY_TOKEN' }),
    'the gateway at ws://127.0.0.1:18789 refused the token from HEARTH_GATEWAY_TOKEN in your environment; its token is gateway.auth.token in /s/hearth.json (`hearth setup --show-token` prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; set HEARTH_GATEWAY_TOKEN to it, or unset HEARTH_GATEWAY_TOKEN');
  assert.equal(secretMismatchMessage('token', { ...local, authSource: 'config /s/hearth.json' }),
    'the gateway at ws://127.0.0.1:18789 refused the token from /s/hearth.json; that gateway runs with another token (given with --token or HEARTH_GATEWAY_TOKEN, or from another state dir\'s hearth.json); pass that one with --token');
  assert.equal(secretMismatchMessage('token', { url: 'ws://10.0.0.2:18789', authSource: '--token', configPath: '/s/hearth.json' }),
    'the gateway at ws://10.0.0.2:18789 refused the token given with --token; its token is gateway.auth.token in hearth.json on the gateway machine (`hearth setup --show-token` there prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; pass that one with --token');
  assert.equal(secretMismatchMessage('password', { ...local, authSource: '--token and HEARTH_GATEWAY_PASSWORD' }),
    'the gateway at ws://127.0.0.1:18789 refused the password from HEARTH_GATEWAY_PASSWORD in your environment; its password is gateway.auth.password in /s/hearth.json, unless it was started with --password or HEARTH_GATEWAY_PASSWORD; set HEARTH_GATEWAY_PASSWORD to it, or unset HEARTH_GATEWAY_PASSWORD');
  const mapped = explainFailure(new ConnectRejectedError({ code: 'INVALID_REQUEST', message: 'x', details: { code: 'AUTH_TOKEN_MISMATCH' } }), { ...local, authSource: '--token' });
  assert.ok(mapped instanceof CliError && mapped.message.startsWith('the gateway at ws://127.0.0.1:18789 refused the token given with --token;'));
});

test('status warns about offline nodes instead of "none"', () => {
  const node = (displayName: string, connected: boolean) => ({ nodeId: `id-${displayName}`, displayName, paired: true, connected });
  const status = { nodes: { total: 2, connected: 1 } };
  assert.equal(offlineNodesWarning({ status, nodes: { nodes: [node('laptop', true), node('mac', false)] } }),
    'node mac is offline; start `hearth node run` (or its service) on that machine');
  assert.equal(offlineNodesWarning({ status, nodes: { nodes: ['a', 'b', 'c', 'd', 'e'].map((n) => node(n, false)) } }),
    '5 nodes a, b, c and 2 more are offline; start `hearth node run` (or its service) on those machines');
  assert.equal(offlineNodesWarning({ status }), '1 of 2 nodes are offline; see `hearth nodes list`');
  assert.equal(offlineNodesWarning({ status: { nodes: { total: 1, connected: 1 } }, nodes: { nodes: [node('laptop', true)] } }), undefined);
  assert.deepEqual(statusWarnings({ status: { gateway: { loopbackOnly: true, authMode: 'token' }, ...status }, nodes: { nodes: [node('laptop', true), node('mac', false)] } }),
    ['node mac is offline; start `hearth node run` (or its service) on that machine']);
});
