// A device that names itself with terminal escape sequences, a carriage return and a newline (to
// clear the operator's screen, retitle the window and forge a table row) or a bidi override:
// the gateway keeps the name without them, and the CLI never passes a control character from
// a peer to the terminal (pending list, alerts, errors).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'names-token-0123456789';
const HOSTILE = 'evil\x1b[2J\x1b]0;pwned\x07\r\nFAKE ROW  approved\u202Etxt.exe';
let gw: GatewayProc;
let node: Proc;
let client: string[] = [];
const dirs: string[] = [];

/** Any control character a terminal acts on (tab and newline aside), or a bidi control. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

before(async () => {
  const stateDir = tempDir('hearth-names-gw-');
  dirs.push(stateDir);
  gw = await startGatewayProcess({ token: TOKEN, stateDir, config: { gateway: { autoApproveLocal: false, auth: { mode: 'token', token: TOKEN } } } });
  client = ['--url', gw.url, '--token', TOKEN];
  const nodeDir = tempDir('hearth-names-node-');
  dirs.push(nodeDir);
  node = spawnHearth(['node', 'run', '--url', gw.url, '--token', TOKEN, '--name', HOSTILE, '--state-dir', nodeDir]);
  await node.waitFor(/pairing required/, 20_000);
});

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the gateway keeps a peer\'s name without control or bidi characters', async () => {
  let pending: { displayName?: string }[] = [];
  await waitUntil(() => {
    const r = runHearth(['nodes', 'pending', '--json', ...client]);
    pending = (JSON.parse(r.stdout) as { devicePairing: { pending: { displayName?: string }[] } }).devicePairing.pending;
    return pending.length > 0;
  }, 15_000, 'the pending request');
  assert.equal(pending[0]!.displayName, 'evil [2J ]0;pwned FAKE ROW approved txt.exe');
});

test('the CLI prints no control character a peer sent: pending list, alerts, a failed lookup', async () => {
  const listing = runHearth(['nodes', 'pending', ...client]);
  assert.equal(listing.code, 0, listing.stderr);
  assert.match(listing.stdout, /evil \[2J \]0;pwned FAKE ROW approved txt\.exe/);
  assert.doesNotMatch(listing.stdout, CONTROL);
  assert.equal(listing.stdout.split('\n').filter((l) => l.includes('FAKE ROW')).length, 1, 'no forged row');

  await waitUntil(() => /asks to pair/.test(runHearth(['alerts', ...client]).stdout), 15_000, 'the pairing alert');
  const alerts = runHearth(['alerts', ...client]);
  assert.doesNotMatch(alerts.stdout, CONTROL);

  const lookup = runHearth(['nodes', 'run', 'no-such-node\x1b[31m', ...client, '--', 'true']);
  assert.equal(lookup.code, 1);
  assert.match(lookup.stderr, /^hearth: no node "no-such-node\\x1b\[31m"/);
  assert.doesNotMatch(lookup.stderr, CONTROL);
});
