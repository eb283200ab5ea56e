// Issue 13 "messages that name the real cause": the exact text of each message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectRejectedError, ConnectionLostError } from '../../src-shared/client/errors.ts';
import { invokeFailure } from '../../src-shared/client/invoke-result.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
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
  assert.equal(refusedWith('not-a-url'), '--url "not-a-url" is not a URL (no ws:// and no port); if not-a-url is the gateway\'s host, write --url ws://not-a-url:18789');
  assert.equal(refusedWith('not a url'), '--url "not a url" is not a URL; a gateway address looks like ws://HOST:PORT, e.g. ws://127.0.0.1:18789');
  assert.equal(refusedWith('127.0.0.1:18789'), '--url "127.0.0.1:18789" has no scheme; write --url ws://127.0.0.1:18789 (wss:// for a TLS address)');
  assert.equal(refusedWith('ws://host:1/foo'), '--url "ws://host:1/foo" has a path (/foo); a Hearth gateway answers at its root: use ws://host:1');
  assert.equal(refusedWith('ftp://x'), '--url "ftp://x" uses ftp://; a gateway speaks ws:// (or wss:// over TLS), e.g. ws://127.0.0.1:18789');
  assert.equal(refusedWith(''), '--url is empty; pass the gateway\'s address, e.g. --url ws://127.0.0.1:18789');
  assert.equal(refusedWith('ws://h:1?x=1'), '--url "ws://h:1?x=1" has a query or fragment; use ws://h:1');
  assert.equal(refusedWith('ws://me:pw@h:1'), '--url "ws://me:pw@h:1" carries a user name or password; drop it and pass the secret with --token or --password');
  assert.equal(refusedWith('ws://h:99999'), '--url "ws://h:99999" has port 99999, out of range (1–65535); the gateway\'s default is 18789: ws://h:18789');
  assert.equal(refusedWith('ws://h:abc'), '--url "ws://h:abc" has port "abc", which is not a number; e.g. ws://h:18789');
  assert.equal(refusedWith('ws://'), '--url "ws://" has no host; e.g. ws://127.0.0.1:18789');
  assert.equal(refusedWith('ws:/127.0.0.1:18789'), '--url "ws:/127.0.0.1:18789" needs two slashes after ws:; write --url ws://127.0.0.1:18789');
  assert.equal(refusedWith('ws://127.0.0.1:18789/foo'), '--url "ws://127.0.0.1:18789/foo" has a path (/foo); a Hearth gateway answers at its root: use ws://127.0.0.1:18789');
  assert.equal(refusedWith('http://127.0.0.1:18789/#/nodes'), '--url "http://127.0.0.1:18789/#/nodes" has a query or fragment; use ws://127.0.0.1:18789');
});

test('--url: an IPv6 literal without brackets gets the bracketed form', () => {
  assert.equal(refusedWith('ws://::1:18789'), '--url "ws://::1:18789" has an IPv6 address without brackets; write --url ws://[::1]:18789');
  assert.equal(refusedWith('wss://fe80::1'), '--url "wss://fe80::1" has an IPv6 address without brackets; write --url wss://[fe80::1]:18789');
  assert.equal(refusedWith('::1'), '--url "::1" is an IPv6 address without brackets and without a scheme; write --url ws://[::1]:18789');
  assert.equal(parseGatewayUrlFlag('ws://[fe80::1]:7'), 'ws://[fe80::1]:7');
});

test('--url: the web UI address and a trailing slash are accepted as the gateway they name', () => {
  assert.equal(parseGatewayUrlFlag('http://127.0.0.1:18789/'), 'ws://127.0.0.1:18789');
  assert.equal(parseGatewayUrlFlag('wss://home.example.ts.net/'), 'wss://home.example.ts.net');
});

test('nothing answering: local says start it, remote says what keeps it out of reach, no port says port 80', () => {
  const lost = new ConnectionLostError('cannot reach', 1006, '');
  const text = (url: string) => (explainFailure(lost, { url, authSource: 'none' }) as Error).message;
  assert.equal(text('ws://127.0.0.1:18789'), 'no gateway at ws://127.0.0.1:18789; start it with `hearth gateway` (or pass --url)');
  assert.equal(text('ws://10.0.0.2:18789'), 'no gateway answers at ws://10.0.0.2:18789; check that it runs on that machine (`hearth status` there), that it listens beyond loopback (`hearth gateway --bind lan` or tailnet) and that no firewall blocks port 18789');
  assert.equal(text('ws://localhost'), 'no gateway at ws://localhost (no port given, so port 80); a Hearth gateway listens on 18789 unless started with --port: --url ws://localhost:18789');
});

test('no token sent: where to find it, locally and for another machine', () => {
  const missing = new ConnectRejectedError({ code: 'INVALID_REQUEST', message: 'x', details: { code: 'AUTH_TOKEN_MISSING' } });
  assert.equal((explainFailure(missing, { url: 'ws://127.0.0.1:18789', authSource: 'none', configPath: '/s/hearth.json' }) as Error).message,
    'the gateway at ws://127.0.0.1:18789 requires a token and none was found (no --token, no HEARTH_GATEWAY_TOKEN, none in /s/hearth.json); pass --token, or --state-dir of the gateway\'s state dir so its hearth.json is read');
  assert.equal((explainFailure(missing, { url: 'ws://10.0.0.2:18789', authSource: 'none' }) as Error).message,
    'the gateway at ws://10.0.0.2:18789 requires a token; pass --token or set HEARTH_GATEWAY_TOKEN (`hearth setup --show-token` on the gateway machine prints it; this machine\'s hearth.json token is only sent to a gateway on this machine)');
});

test('a node dropped mid-run says the run was cut off; a node never there says start it', () => {
  const gone = (dispatched: boolean, message = 'node disconnected') => new ProtocolError({ code: 'UNAVAILABLE', message, details: { code: 'NOT_CONNECTED', nodeCommandDispatched: dispatched } });
  assert.equal(invokeFailure(gone(true, 'node disconnected; output cut off after 8 characters'), 'laptop', 30_000).message,
    'output cut off: node laptop disconnected while the command was running (after 8 characters of output); a node stops its commands when its agent goes away, so this one did not finish — check `hearth nodes describe laptop` and run it again once the node is back');
  assert.equal(invokeFailure(gone(false), 'laptop', 30_000).message, 'node laptop is not connected; start `hearth node run` on that machine (see `hearth nodes list`)');
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
    'the gateway at ws://127.0.0.1:18789 refused the token from /s/hearth.json; that gateway runs with another token (given with --token, HEARTH_GATEWAY_TOKEN or OPENCLAW_GATEWAY_TOKEN, or from another state dir\'s hearth.json); pass that one with --token, or export the same variable in this shell');
  assert.equal(secretMismatchMessage('token', { url: 'ws://10.0.0.2:18789', authSource: '--token', configPath: '/s/hearth.json' }),
    'the gateway at ws://10.0.0.2:18789 refused the token given with --token; its token is gateway.auth.token in hearth.json on the gateway machine (`hearth setup --show-token` there prints it), unless it was started with --token or HEARTH_GATEWAY_TOKEN; pass that one with --token');
  assert.equal(secretMismatchMessage('password', { ...local, authSource: '--token and HEARTH_GATEWAY_PASSWORD' }),
    'the gateway at ws://127.0.0.1:18789 refused the password from HEARTH_GATEWAY_PASSWORD in your environment; its password is gateway.auth.password in /s/hearth.json, unless it was started with --password or HEARTH_GATEWAY_PASSWORD; set HEARTH_GATEWAY_PASSWORD to it, or unset HEARTH_GATEWAY_PASSWORD (if that gateway uses a token instead, pass --token)');
  // The seed guide's OPENCLAW_GATEWAY_TOKEN: the fix names the variable the user set.
  assert.equal(secretMismatchMessage('token', { ...local, authSource: 'OPENCLAW_GATEWAY_TOKEN' }),
    'the gateway at ws://127.0.0.1:18789 refused the token from OPENCLAW_GATEWAY_TOKEN in your environment; its token is gateway.auth.token in /s/hearth.json (`hearth setup --show-token` prints it), unless it was started with --token or OPENCLAW_GATEWAY_TOKEN; set OPENCLAW_GATEWAY_TOKEN to it, or unset OPENCLAW_GATEWAY_TOKEN');
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

test('a socket that never opened is explained by its cause: TLS mismatch, another program, the Host refused', () => {
  const lost = (cause: string) => new ConnectionLostError(`cannot reach the gateway (is it running?): ${cause}`, 1006, '');
  const text = (url: string, cause: string) => (explainFailure(lost(cause), { url, authSource: 'none' }) as Error).message;
  assert.equal(text('wss://127.0.0.1:18789', 'write EPROTO 40B8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
    'wss://127.0.0.1:18789 answers without TLS; a Hearth gateway speaks plain ws:// unless a TLS proxy is in front of it: use --url ws://127.0.0.1:18789');
  assert.equal(text('ws://127.0.0.1:8080', 'Unexpected server response: 200'),
    'something answers at ws://127.0.0.1:8080, but not as a Hearth gateway (HTTP 200 to the WebSocket upgrade); check the port — a Hearth gateway listens on 18789 unless started with --port');
  assert.equal(text('ws://proxy.example:443', 'Unexpected server response: 400'),
    'something answers at ws://proxy.example:443, but not as a Hearth gateway (HTTP 400 to the WebSocket upgrade); check the port — a Hearth gateway listens on 18789 unless started with --port; if it serves TLS, use wss://');
  assert.equal(text('ws://home.lan:18789', 'Unexpected server response: 421'),
    'the gateway at ws://home.lan:18789 does not answer to the name "home.lan" (HTTP 421, DNS-rebinding protection); add it to gateway.allowedHosts in that gateway\'s hearth.json (applied without a restart) or use its IP address');
  assert.equal(text('ws://127.0.0.1:18789', 'connect ECONNREFUSED 127.0.0.1:18789'), 'no gateway at ws://127.0.0.1:18789; start it with `hearth gateway` (or pass --url)');
});
