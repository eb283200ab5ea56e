// Manual approval through the CLI when loopback auto-approval is off: the node prints the request,
// `hearth nodes approve --latest` approves the device layer, then the command surface, then it runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

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

interface Pending { devicePairing: { pending: { requestId: string; role: string }[] }; nodePairing: { pending: { requestId: string }[] } }

test('device request, then surface request, each approved with `nodes approve --latest`', async () => {
  node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', 'manual-node', '--state-dir', tempDir('hearth-node-')]);
  const m = await node.waitFor(/pairing required: request (\S+), fingerprint (\S+); on the gateway machine run: hearth nodes approve (\S+)/);
  assert.equal(m[1], m[3]);

  const pending = runHearth(['nodes', 'pending', '--json', ...client]);
  assert.equal(pending.code, 0, pending.stderr);
  const lists = JSON.parse(pending.stdout) as Pending;
  assert.deepEqual(lists.devicePairing.pending.map((p) => [p.requestId, p.role]), [[m[1], 'node']]);
  const human = runHearth(['nodes', 'pending', ...client]);
  assert.match(human.stdout, new RegExp(`${m[1]}\\s+device \\(node\\)\\s+manual-node\\s+${m[2]}`));

  const dev = runHearth(['nodes', 'approve', '--latest', ...client]);
  assert.equal(dev.code, 0, dev.stderr);
  assert.match(dev.stdout, new RegExp(`^Approved device pairing request ${m[1]}: manual-node \\(${m[2]}\\)`));
  await node.waitFor(/^connected to .*; its commands await approval: on the gateway machine run: hearth nodes approve --latest$/m, 20_000);

  // The command surface is a second request; until it is approved, runs are refused with the fix.
  let surface = '';
  await waitUntil(() => {
    const p = JSON.parse(runHearth(['nodes', 'pending', '--json', ...client]).stdout) as Pending;
    surface = p.nodePairing.pending[0]?.requestId ?? '';
    return surface !== '';
  }, 10_000, 'the node surface request');
  const early = runHearth(['nodes', 'run', 'manual-node', ...client, '--', 'true']);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /^hearth: node manual-node cannot run commands yet: .*hearth nodes approve/);

  const cmds = runHearth(['nodes', 'approve', surface.slice(0, 8), ...client]);
  assert.equal(cmds.code, 0, cmds.stderr);
  assert.match(cmds.stdout, new RegExp(`^Approved node command request ${surface}: manual-node .* can now run commands`));

  const run = runHearth(['nodes', 'run', 'manual-node', ...client, '--', 'sh', '-c', 'echo ok']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'ok\n');
  await node.waitFor(/^connected to ws:\S+ as device \S+$/m, 10_000);
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
  assert.match(devices.stdout, /manual-node +node +\S+ +owner +now +yes/);
});

test('rejecting with nothing pending names the list command', () => {
  const r = runHearth(['nodes', 'reject', '--latest', ...client]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'hearth: nothing is waiting for approval; `hearth nodes pending` shows pending requests\n');
});
