// A gateway or node agent whose console reader goes away (`hearth gateway | head`, a `tee` that was
// stopped, a closed terminal's pipe) keeps serving: its writes to stdout and stderr fail with EPIPE,
// which must neither stop it (the CLI's rule for one-shot commands) nor crash it.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { runHearth, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc | undefined;
let node: Proc | undefined;
const dirs: string[] = [];

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the gateway and a node agent keep serving after their stdout and stderr lose their reader', async () => {
  gw = await startGatewayProcess({ token: 'closed-output-token-0123456789' });
  dirs.push(gw.stateDir);
  const client = ['--url', gw.url, '--token', gw.token];
  const qr = runHearth(['qr', '--node', '--json', ...client]);
  assert.equal(qr.code, 0, qr.stderr);
  const code = (JSON.parse(qr.stdout) as { setupCode: string }).setupCode;
  const nodeDir = tempDir('hearth-closed-output-node-');
  dirs.push(nodeDir);
  // debug: the agent logs each run to stderr, so the runs below make it write to the closed pipe.
  node = spawnHearth(['node', 'run', '--pair', code, '--name', 'closed-out', '--state-dir', nodeDir], { HEARTH_LOG_LEVEL: 'debug' });
  await node.waitFor(/^connected to /m, 20_000);

  // Both readers go away.
  for (const p of [gw, node]) {
    p.child.stdout!.destroy();
    p.child.stderr!.destroy();
  }
  // Work that makes both write: refused connects (the gateway logs them), runs (the agent logs them).
  for (let i = 0; i < 3; i++) {
    assert.equal(runHearth(['health', '--url', gw.url, '--token', 'wrong-token-0123456789']).code, 1);
    const r = runHearth(['nodes', 'run', 'closed-out', ...client, '--', 'echo', `run ${i}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `run ${i}\n`);
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(gw.child.exitCode, null, 'the gateway still runs');
  assert.equal(node.child.exitCode, null, 'the node agent still runs');
  assert.equal(runHearth(['health', ...client]).code, 0);
  await waitUntil(() => runHearth(['nodes', 'run', 'closed-out', ...client, '--', 'true']).code === 0, 10_000, 'the node to answer');
});
