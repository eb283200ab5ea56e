// A node with a wrong or missing credential, as real processes: it says once what is wrong and
// how to fix it, keeps backing off in a terminal, and under a service manager exits with code 78
// after node.authFailureExit refusals. The waits (5 s, 30 s, 2 min, 10 min) are shrunk with the
// test-only HEARTH_AUTH_RETRY_SCALE so the run takes seconds.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnHearth, startGatewayProcess, tempDir, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
const procs: Proc[] = [];
const dirs: string[] = [];
const NO_SERVICE = { INVOCATION_ID: undefined, XPC_SERVICE_NAME: undefined, HEARTH_SERVICE: undefined, JOURNAL_STREAM: undefined };

before(async () => {
  gw = await startGatewayProcess({ token: 'right-token-0123456789' });
});
after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  await gw?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('under systemd, a wrong token from HEARTH_GATEWAY_TOKEN: one clear message, then exit 78 after node.authFailureExit refusals', async () => {
  const dir = tempDir('hearth-authfail-');
  dirs.push(dir);
  writeFileSync(join(dir, 'hearth.json'), JSON.stringify({ node: { authFailureExit: 3 } }));
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', dir, '--name', 'badtoken'],
    { ...NO_SERVICE, INVOCATION_ID: 'test-invocation', HEARTH_GATEWAY_TOKEN: 'wrong-token', HEARTH_AUTH_RETRY_SCALE: '0.002' });
  procs.push(node);
  const code = await node.exited;
  const out = node.output();
  const reason = `The gateway at ${gw.url} refused this node's token (AUTH_TOKEN_MISMATCH). It used the gateway token from HEARTH_GATEWAY_TOKEN. Fix: pass the gateway's token (\`hearth setup --show-token\` on the gateway machine prints it) with --token or HEARTH_GATEWAY_TOKEN, or pair it with a new setup code: run \`hearth qr --node\` on the gateway machine, then \`hearth node run --pair <code>\` here.`;
  assert.equal(code, 78, out);
  assert.equal(count(out, `refused (${reason.replace(/\.$/, '')})`), 1, `said once:\n${out}`);
  // stdout (status lines) and stderr (the failure) are separate pipes: the line is checked, not its position.
  assert.ok(out.split('\n').includes(`hearth: ${reason} Gave up after 3 refused attempts, so that systemd shows the failure (setting node.authFailureExit: 3; 0 keeps retrying).`), out);
});

test('in a terminal, no credential at all: said once, and it keeps backing off instead of exiting', async () => {
  const dir = tempDir('hearth-authnone-');
  dirs.push(dir);
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', dir, '--name', 'notoken'], { ...NO_SERVICE, HEARTH_AUTH_RETRY_SCALE: '0.002' });
  procs.push(node);
  await node.waitFor(/refused \(The gateway at \S+ refused this node's connection without a credential \(AUTH_TOKEN_MISSING\)\. It used no credential/);
  // 10 ms, 60 ms, 240 ms, then every 1.2 s: several refusals in 3 s, still one line, still running.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(node.child.exitCode, null, node.output());
  assert.equal(count(node.output(), 'AUTH_TOKEN_MISSING'), 1, node.output());
  await node.stop();
});

test('a used-up setup code names the code and the command for a new one', async () => {
  const dir = tempDir('hearth-authcode-');
  dirs.push(dir);
  const bogus = Buffer.from(JSON.stringify({ url: gw.url, bootstrapToken: 'x'.repeat(43), expiresAtMs: Date.now() + 600_000 })).toString('base64url');
  const node = spawnHearth(['node', 'run', '--pair', bogus, '--state-dir', dir, '--name', 'badcode'],
    { ...NO_SERVICE, HEARTH_SERVICE: 'systemd', HEARTH_AUTH_RETRY_SCALE: '0.002' });
  procs.push(node);
  const code = await node.exited;
  assert.equal(code, 78, node.output());
  assert.match(node.output(), /hearth: The gateway at \S+ refused the setup code \(AUTH_BOOTSTRAP_TOKEN_INVALID\): it is expired, already used or from another gateway\. It used the setup code given with --pair\. Fix: run `hearth qr --node` on the gateway machine for a new code, then `hearth node run --pair <code>` here\. Gave up after 5 refused attempts/);
});
