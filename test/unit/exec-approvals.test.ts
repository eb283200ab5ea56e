// Exec `ask` mode: the node's policy decision, the gateway's approval records (first answer wins,
// no answer = expired, a restart expires what was open) and the node checking what it was allowed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { EXEC_APPROVAL_MIGRATIONS, ExecApprovals, envHash, type ExecApproval } from '../../src-main/core/approvals/exec-approvals.ts';
import { askOperators } from '../../src-main/core/agent/exec/ask.ts';
import { addApprovedRun, loadApprovedRuns } from '../../src-main/core/agent/exec/approved-runs.ts';
import { decideExec } from '../../src-main/core/agent/exec/policy.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } };

test('policy: ask admits the allowlist and approved runs (exact argv + cwd), asks about the rest', () => {
  const policy = { security: 'ask' as const, allowlist: ['git'], approvedRuns: [{ argv: ['echo', 'hi'], cwd: '/tmp' }] };
  assert.deepEqual(decideExec(policy, { argv: ['git', 'status'] }), { allowed: true });
  assert.deepEqual(decideExec(policy, { argv: ['echo', 'hi'], cwd: '/tmp' }), { allowed: true });
  for (const req of [{ argv: ['echo', 'hi'], cwd: '/' }, { argv: ['echo', 'hi'] }, { argv: ['echo', 'hi', 'there'], cwd: '/tmp' }, { argv: ['rm', '-rf', '/x'] }]) {
    const d = decideExec(policy, req);
    assert.equal(d.allowed, false);
    assert.equal((d as { ask?: boolean }).ask, true, JSON.stringify(req));
  }
  // Approved runs mean nothing under deny, and allowlist mode never asks.
  assert.equal(decideExec({ ...policy, security: 'deny' }, { argv: ['echo', 'hi'], cwd: '/tmp' }).allowed, false);
  assert.equal((decideExec({ ...policy, security: 'allowlist' }, { argv: ['rm'] }) as { ask?: boolean }).ask, undefined);
});

function service(clock = { now: 1_000 }) {
  const db = new Database(':memory:');
  for (const m of EXEC_APPROVAL_MIGRATIONS) db.exec(m);
  const events: [string, ExecApproval][] = [];
  return { db, events, svc: new ExecApprovals(db as never, () => clock.now, (e, a) => events.push([e, a])) };
}

test('approvals: first decision wins; later ones learn who decided; no answer → expired', async () => {
  const { svc, events } = service();
  const { approval, done } = svc.request({ nodeId: 'n1', nodeName: 'laptop', argv: ['ls'], cwd: '/tmp', env: { A: '1' } }, 10_000);
  assert.equal(events[0]![0], 'requested');
  assert.equal(svc.pending().length, 1);
  assert.equal(svc.resolve(approval.id, 'allow-once', 'telegram:@alice')?.ok, true);
  const late = svc.resolve(approval.id, 'deny', 'cli@127.0.0.1');
  assert.deepEqual([late?.ok, late?.reason, late?.approval.state, late?.approval.decidedBy], [false, 'already-decided', 'allow-once', 'telegram:@alice']);
  assert.equal((await done).state, 'allow-once');
  assert.equal(svc.resolve('nope', 'deny', 'x'), undefined);
  // Values of env are not kept after the decision, names are.
  assert.deepEqual(svc.get(approval.id)?.env, { A: '…' });

  const slow = svc.request({ nodeId: 'n1', argv: ['sleep'] }, 30);
  assert.equal((await slow.done).state, 'expired');
  assert.equal(svc.resolve(slow.approval.id, 'allow-once', 'x')?.reason, 'expired');
  assert.deepEqual(events.map(([e, a]) => `${e}:${a.state}`), ['requested:pending', 'resolved:allow-once', 'requested:pending', 'resolved:expired']);
});

test('approvals: a gateway restart expires what was open', () => {
  const { db, svc } = service();
  const { approval } = svc.request({ nodeId: 'n1', argv: ['ls'] }, 60_000);
  const again = new ExecApprovals(db as never, () => 2_000, () => {});
  assert.equal(again.get(approval.id)?.state, 'expired');
  svc.close();
});

test('node side: the answer must bind exactly this argv, cwd and env; Always allow is kept 0600', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-ask-'));
  try {
    const path = join(dir, 'exec-approved.json');
    let kept = loadApprovedRuns(path).runs;
    const run = { invokeId: 'i1', argv: ['echo', 'x'], cwd: '/tmp', env: { K: 'v' } };
    const answer = (over: Record<string, unknown>) => async () => ({ id: 'a', decision: 'allow-always', argv: ['echo', 'x'], cwd: '/tmp', envHash: envHash({ K: 'v' }), decidedBy: 'telegram:@alice', ...over });
    const ctx = (fn: () => Promise<unknown>) => ({ logger: quiet, call: fn, rememberApprovedRun: (r: { argv: readonly string[]; cwd?: string }) => { kept = addApprovedRun(path, kept, r); } });
    const signal = new AbortController().signal;
    assert.deepEqual(await askOperators(ctx(answer({ envHash: envHash({ K: 'other' }) })), run, signal), { allowed: false, message: 'exec refused: the approval does not match this exact command, directory and environment' });
    assert.equal((await askOperators(ctx(answer({ cwd: '/' })), run, signal)).allowed, false);
    assert.equal((await askOperators(ctx(answer({ decision: 'deny' })), run, signal)).allowed, false);
    assert.match(((await askOperators(ctx(answer({ decision: 'deny', decidedBy: undefined, id: 'q' })), run, signal)) as { message: string }).message, /nobody approved echo in time \(approval q expired\)/);
    assert.deepEqual(await askOperators(ctx(answer({})), run, signal), { allowed: true });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { runs: [{ argv: ['echo', 'x'], cwd: '/tmp' }] });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(loadApprovedRuns(path).runs, [{ argv: ['echo', 'x'], cwd: '/tmp' }]);
    // A cancelled run stops waiting.
    const ac = new AbortController();
    const waiting = askOperators(ctx(() => new Promise(() => {})), run, ac.signal);
    ac.abort();
    assert.equal((await waiting).allowed, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
