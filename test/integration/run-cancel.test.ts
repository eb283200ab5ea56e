// Cancelling a run that is not streamed, with the built `hearth` binary, a real gateway and real
// node agents: Ctrl-C on `hearth nodes run --json` / `--no-stream` stops the remote process tree
// (it used to leave it running until its timeout), only the operator that started a run may
// cancel it, and a run cancelled while it waits for an exec approval takes the request with it.
// Also: what every reader hears of a run that ended (`hearth.invocation`) holds none of its output,
// and a reader that goes away (`hearth nodes run … | head -1` under `set -o pipefail`) stops the
// remote command and fails the pipeline with 141, as a local `yes | head -1` does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectRawOperator, type RawOperator } from '../../bench/lib/raw-operator.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { HEARTH, ROOT, pidAlive, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = 'cancel-token-0123456789';
let gw: GatewayProc;
let node: Proc;
let askNode: Proc;
let client: string[] = [];
let nodeId = '';
const dirs: string[] = [];
const ops: RawOperator[] = [];
const tempDir = (prefix: string) => {
  const d = makeTempDir(prefix);
  dirs.push(d);
  return d;
};

/** Pairs a node agent with a setup code (admitted with its commands at once); its id. */
async function pairNode(name: string, exec: string): Promise<{ proc: Proc; id: string }> {
  const qr = runHearth(['qr', '--node', '--json', ...client]);
  assert.equal(qr.code, 0, qr.stderr);
  const code = (JSON.parse(qr.stdout) as { setupCode: string }).setupCode;
  const proc = spawnHearth(['node', 'run', '--pair', code, '--name', name, '--exec', exec, '--state-dir', tempDir(`hearth-cancel-${name}-`)]);
  await proc.waitFor(/^connected to /m, 20_000);
  let id = '';
  await waitUntil(() => {
    const l = JSON.parse(runHearth(['nodes', 'list', '--json', ...client]).stdout) as { nodes: { nodeId: string; displayName?: string; connected: boolean; approvalState: string }[] };
    id = l.nodes.find((n) => n.displayName === name && n.connected && n.approvalState === 'approved')?.nodeId ?? '';
    return id !== '';
  }, 15_000, `${name} connected and approved`);
  return { proc, id };
}

before(async () => {
  if (!process.env['HEARTH_SKIP_BUILD']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  }
  gw = await startGatewayProcess({ token: TOKEN, stateDir: tempDir('hearth-cancel-gw-') });
  client = ['--url', gw.url, '--token', TOKEN];
  ({ proc: node, id: nodeId } = await pairNode('cancel-node', 'full'));
  ({ proc: askNode } = await pairNode('ask-node', 'ask'));
});

after(async () => {
  for (const op of ops) op.close();
  await node?.stop('SIGKILL');
  await askNode?.stop('SIGKILL');
  await gw?.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts `hearth nodes run <target> <flags> -- sh -c <script>`, with default signal handling. */
function startCli(flags: string[], script: string, target = 'cancel-node') {
  const child = spawn(process.execPath, [HEARTH, 'nodes', 'run', target, ...client, ...flags, '--', 'sh', '-c', script], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** The pid of the remote `sleep` the script started (it writes it to a file the test reads). */
async function remotePid(file: string): Promise<number> {
  let pid = 0;
  await waitUntil(() => {
    const r = spawnSync('cat', [file], { encoding: 'utf8' });
    pid = Number(r.stdout.trim());
    return pid > 0 && pidAlive(pid);
  }, 15_000, `the remote command to start (${file})`);
  return pid;
}

for (const flag of ['--json', '--no-stream']) {
  test(`Ctrl-C on \`hearth nodes run ${flag}\` stops the remote process tree and says so`, async () => {
    const pidFile = join(tempDir('hearth-cancel-pid-'), 'pid');
    const run = startCli([flag], `echo before; sleep 120 & echo $! > ${pidFile}; wait`);
    const pid = await remotePid(pidFile);
    run.child.kill('SIGINT');
    await waitUntil(() => !pidAlive(pid), 5_000, 'the remote sleep to be gone after Ctrl-C');
    assert.equal(await run.exited, 130, run.stderr());
    assert.match(run.stderr(), /^hearth: cancelled: the command was stopped on cancel-node$/m);
    if (flag === '--json') {
      const answer = JSON.parse(run.stdout()) as { payload: { cancelled?: boolean; stdout: string } };
      assert.equal(answer.payload.cancelled, true, run.stdout());
      assert.equal(answer.payload.stdout, 'before\n');
    } else {
      assert.equal(run.stdout(), 'before\n', 'what the command printed before the cancel is shown');
    }
  });
}

test('only the operator that started a run may cancel it; the node reports how a cancelled run ended', async () => {
  const owner = await connectRawOperator(gw.url, TOKEN);
  const other = await connectRawOperator(gw.url, TOKEN);
  ops.push(owner, other);
  const pidFile = join(tempDir('hearth-cancel-pid-'), 'pid');
  const idempotencyKey = randomUUID();
  const answer = owner.call('node.invoke', {
    nodeId, command: 'system.run', idempotencyKey, timeoutMs: 60_000,
    params: { command: ['sh', '-c', `sleep 120 & echo $! > ${pidFile}; wait`], timeoutMs: 55_000 },
  });
  const pid = await remotePid(pidFile);
  const foreign = await other.call('hearth.invoke.cancel', { idempotencyKey });
  assert.deepEqual(foreign, { ok: true, payload: { ok: true, cancelled: false } }, 'another connection cannot cancel the run');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(pidAlive(pid), 'the run goes on after a foreign cancel');
  const own = await owner.call('hearth.invoke.cancel', { idempotencyKey });
  assert.equal((own.payload as { cancelled?: boolean }).cancelled, true, JSON.stringify(own));
  const res = await answer;
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal((res.payload as { payload: { cancelled?: boolean } }).payload.cancelled, true, JSON.stringify(res.payload));
  assert.ok(!pidAlive(pid), 'the remote sleep is gone once the run answered');
  const late = await owner.call('hearth.invoke.cancel', { idempotencyKey });
  assert.deepEqual(late.payload, { ok: true, cancelled: false }, 'a finished run has nothing to cancel');

  // The history says it was cancelled (its exit code, 143, is the kill's), unlike a run that ended by itself.
  const done = await owner.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: randomUUID(), timeoutMs: 20_000, params: { command: ['sh', '-c', 'exit 3'] } });
  assert.equal(done.ok, true, JSON.stringify(done));
  const history = await owner.call('hearth.invocations.list', { nodeId, limit: 5 });
  const items = (history.payload as { items: { idempotencyKey?: string; argv?: string[]; exitCode?: number; cancelled?: boolean }[] }).items;
  const cancelled = items.find((i) => i.idempotencyKey === idempotencyKey);
  assert.equal(cancelled?.cancelled, true, JSON.stringify(items));
  const ended = items.find((i) => i.argv?.join(' ') === 'sh -c exit 3');
  assert.equal(ended?.exitCode, 3, JSON.stringify(items));
  assert.equal(ended?.cancelled, undefined);
});

test('a run cancelled while it waits for an exec approval takes its approval request with it', async () => {
  type Approvals = { pending: { id: string; argv: string[] }[]; recent: { id: string; state: string; decidedBy?: string }[] };
  const approvals = () => JSON.parse(runHearth(['approvals', 'list', '--all', '--json', ...client]).stdout) as Approvals;
  const run = startCli([], 'echo never-approved', 'ask-node');
  let id = '';
  await waitUntil(() => {
    id = approvals().pending.find((a) => a.argv.includes('echo never-approved'))?.id ?? '';
    return id !== '';
  }, 15_000, 'the exec approval request');
  // The CLI says what it waits for and how to answer, instead of sitting silent.
  await waitUntil(() => run.stderr().includes(`hearth approvals allow ${id}`), 10_000, 'the approval hint on stderr');
  assert.match(run.stderr(), new RegExp(`^hearth: ask-node asks an operator to allow this command \\(its exec policy is ask\\): \`hearth approvals allow ${id}\`, or the web UI; no answer within \\d+ s denies it$`, 'm'));
  run.child.kill('SIGINT');
  assert.equal(await run.exited, 130, run.stderr());
  assert.match(run.stderr(), /^hearth: cancelled: the command was stopped on ask-node$/m, 'the node reports a cancel, not a denial');
  await waitUntil(() => !approvals().pending.some((a) => a.id === id), 10_000, 'the request to leave the pending list');
  const past = approvals().recent.find((a) => a.id === id);
  assert.equal(past?.state, 'expired', JSON.stringify(past));
  assert.equal(past?.decidedBy, 'cancelled');
  const late = runHearth(['approvals', 'allow', id, ...client]);
  assert.equal(late.code, 1, 'an ended request cannot be allowed any more');
  // It says the request ended with its run, not that it 'expired without an answer'.
  assert.match(late.stderr, new RegExp(`exec approval ${id} ended with its run \\(cancelled, timed out or cut off before an answer\\); there is no command left to allow`), late.stderr);
  assert.doesNotMatch(run.stdout(), /never-approved/);
});

test('another reader hears that a run ended and who asked, never what it printed', async () => {
  // A web UI with read access only (the audience of hearth.invocation) watching while someone runs.
  const reader = await GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.read'], auth: { token: TOKEN },
    client: { id: 'webchat-ui', mode: 'webchat', platform: 'linux', version: 'test' },
  });
  try {
    const heard: Record<string, unknown>[] = [];
    reader.on('hearth.invocation', (p) => { heard.push(p as Record<string, unknown>); });
    const r = runHearth(['nodes', 'run', 'cancel-node', ...client, '--no-stream', '--', 'echo', 'secret-output-1234']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'secret-output-1234\n', 'the asking operator gets its output');
    await waitUntil(() => heard.some((p) => p['exitCode'] === 0 && p['nodeId'] === nodeId), 10_000, 'the hearth.invocation event');
    const text = JSON.stringify(heard);
    assert.doesNotMatch(text, /secret-output-1234/, 'the output is not in the event');
    assert.ok(heard.every((p) => typeof p['requestedBy'] === 'string'), `who asked is in the event: ${text}`);
  } finally {
    reader.close(1000, 'done');
  }
});

/** `bash -o pipefail -c <pipeline>`: its exit code and what reached our stderr. */
function pipefail(pipeline: string): { code: number | null; stderr: string; stdout: string } {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', pipeline], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined },
    encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const hearthRun = (flags: string) => `'${process.execPath}' '${HEARTH}' nodes run cancel-node ${client.join(' ')} ${flags}`;

for (const [what, redirect, write] of [['stdout', '', 'yes'], ['stderr', '2>&1 >/dev/null', 'yes >&2']] as const) {
  test(`\`hearth nodes run … | head -1\` with a streamed ${what}: the remote command is stopped and the pipeline fails with 141, quietly`, async () => {
    const pidFile = join(tempDir('hearth-epipe-pid-'), 'pid');
    // A process tree: a background sleep and the endless writer in front of it.
    const script = `sleep 120 & echo $! > ${pidFile}; ${write}`;
    const r = pipefail(`${hearthRun('')} -- sh -c '${script}' ${redirect} | head -1`);
    // Before: 0 (stdout) or 1 (stderr), and the run went on until the gateway noticed its caller was gone.
    assert.equal(r.code, 141, r.stderr);
    assert.equal(r.stdout, 'y\n');
    assert.equal(r.stderr, '', 'nothing said, like a local program killed by SIGPIPE');
    const pid = Number(spawnSync('cat', [pidFile], { encoding: 'utf8' }).stdout.trim());
    assert.ok(pid > 0);
    await waitUntil(() => !pidAlive(pid), 2_000, 'the remote process tree to be gone');
    // Stopped by the CLI's cancel (as Ctrl-C does), not left to the gateway to notice the caller gone.
    const op = await connectRawOperator(gw.url, TOKEN);
    ops.push(op);
    const history = await op.call('hearth.invocations.list', { nodeId, limit: 5 });
    const items = (history.payload as { items: { argv?: string[]; cancelled?: boolean; error?: unknown }[] }).items;
    const run = items.find((i) => i.argv?.at(-1) === script);
    assert.equal(run?.cancelled, true, JSON.stringify(items));
  });
}

test('`hearth nodes run --no-stream | head -1` and `--json`: output cut off at the end still fails the pipeline with 141, and nothing more is said', () => {
  // 590 kB: far more than a pipe holds, so the write after head's first line fails with EPIPE.
  for (const flags of ['--no-stream', '--json']) {
    const r = pipefail(`${hearthRun(flags)} -- seq 1 100000 | head -1`);
    assert.equal(r.code, 141, `${flags}: ${r.stderr}`);
    assert.equal(r.stdout, flags === '--json' ? '{\n' : '1\n');
    assert.equal(r.stderr, '', flags);
  }
  // A reader that takes it all: the remote exit code as ever.
  const whole = pipefail(`${hearthRun('--no-stream')} -- seq 1 100000 | tail -1`);
  assert.equal(whole.code, 0, whole.stderr);
  assert.equal(whole.stdout, '100000\n');
  const streamed = pipefail(`${hearthRun('')} -- sh -c 'echo one; exit 3' | head -1`);
  assert.equal(streamed.code, 3, 'a reader that outlives the output sees the remote code');
});

test('a reader that holds the output back for longer than the run\'s deadline + grace does not make the CLI give up on the gateway', async () => {
  // --timeout 2000: the gateway answers by 7 s, the CLI would give up at 17 s were paused time counted.
  const child = spawn(process.execPath, [HEARTH, 'nodes', 'run', 'cancel-node', ...client, '--timeout', '2000', '--', 'sh', '-c', 'yes | head -c 3000000'], {
    env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  // Nobody reads stdout for 20 s: the pipe fills, the CLI stops reading from the gateway.
  await new Promise((r) => setTimeout(r, 20_000));
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => { bytes += d.length; });
  const code = await exited;
  assert.doesNotMatch(err, /never answered/, err);
  assert.ok(code === 0 || code === 124, `exit ${code}: ${err}`);
  assert.ok(bytes > 0);
});
