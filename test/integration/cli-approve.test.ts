// Manual approval through the CLI when loopback auto-approval is off: the node prints the request,
// one `hearth nodes approve <name>` admits it with the commands it declared, and it runs at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runHearth, spawnHearth, startGatewayProcess, tempDir, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: Proc | undefined;
let client: string[];

before(async () => {
  // The gateway's token lives in its config: client commands pass only --state-dir (and the URL).
  gw = await startGatewayProcess({ token: 'approve-token-0123', config: { gateway: { autoApproveLocal: false, auth: { mode: 'token', token: 'approve-token-0123' } } } });
  client = ['--url', gw.url, '--state-dir', gw.stateDir];
});

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
});

interface Pending { devicePairing: { pending: { requestId: string; role: string; commands?: string[] }[] }; nodePairing: { pending: { requestId: string }[] } }

test('one `nodes approve <name>` admits a new node with the commands it declared; it runs at once', async () => {
  node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', 'manual-node', '--state-dir', tempDir('hearth-node-')]);
  const m = await node.waitFor(/pairing required: request (\S+), fingerprint (\S+); on the gateway machine run: hearth nodes approve (\S+)/);
  assert.equal(m[1], m[3]);

  const pending = runHearth(['nodes', 'pending', '--json', ...client]);
  assert.equal(pending.code, 0, pending.stderr);
  const lists = JSON.parse(pending.stdout) as Pending;
  assert.deepEqual(lists.devicePairing.pending.map((p) => [p.requestId, p.role]), [[m[1], 'node']]);
  // The request carries what the node declared: that is what the approval admits.
  const declared = lists.devicePairing.pending[0]!.commands ?? [];
  assert.ok(declared.includes('system.run') && declared.includes('system.which'), `declared commands in the request: ${declared.join(', ')}`);
  const human = runHearth(['nodes', 'pending', ...client]);
  assert.match(human.stdout, /^REQUEST +KIND +NAME +FINGERPRINT +IP +AGE +COMMANDS$/m);
  assert.match(human.stdout, new RegExp(`${m[1]}\\s+new node\\s+manual-node\\s+${m[2]}\\s+.*\\+\\d+ more`));
  assert.doesNotMatch(human.stdout, /surface|silent|bootstrap/i);

  // By name, as the user sees it on the node machine; one approval, no second request.
  const ok = runHearth(['nodes', 'approve', 'manual-node', ...client]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, `Approved node manual-node (${m[2]}) (request ${m[1]}). It may run: ${declared.join(', ')}. It connects on its next retry; if it later asks for more commands, you are asked again.\n`);
  await node.waitFor(/^connected to ws:\S+ as device \S+$/m, 20_000);

  const run = runHearth(['nodes', 'run', 'manual-node', ...client, '--', 'sh', '-c', 'echo ok']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'ok\n');
  const after = JSON.parse(runHearth(['nodes', 'pending', '--json', ...client]).stdout) as Pending;
  assert.deepEqual([after.devicePairing.pending.length, after.nodePairing.pending.length], [0, 0]);
  assert.equal(runHearth(['nodes', 'pending', ...client]).stdout, 'No pending node requests.\n');
});

test('status --deep --json carries every payload it read; devices list shows the approval', () => {
  const r = runHearth(['status', '--deep', '--json', ...client]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(s).sort(), ['health', 'nodes', 'peers', 'presence', 'readyz', 'status']);
  assert.equal((s['readyz'] as { status: number }).status, 200);

  const human = runHearth(['status', '--deep', ...client]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^Gateway: +ws:\/\/127\.0\.0\.1:\d+/m);
  assert.match(human.stdout, /manual-node .* online/);

  const devices = runHearth(['devices', 'list', ...client]);
  assert.match(devices.stdout, /^ {2}NAME +ROLE +FINGERPRINT +APPROVED +LAST SEEN +CONNECTED$/m);
  assert.match(devices.stdout, /manual-node +node +\S+ +by you +now +yes/);
});

test('rejecting with nothing pending names the list command', () => {
  const r = runHearth(['nodes', 'reject', '--latest', ...client]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'hearth: nothing is waiting for approval; `hearth nodes pending` shows pending requests\n');
});
