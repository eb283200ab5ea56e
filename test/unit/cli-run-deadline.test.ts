// How long `hearth nodes run` waits for the gateway's answer (src-main/cli/run-deadline.ts): the
// gateway's deadline + a grace, + the approval window it announced (once, bounded).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerDeadline, GatewaySilentError } from '../../src-main/cli/run-deadline.ts';

async function expiresAfter(d: ReturnType<typeof answerDeadline>): Promise<{ ms: number; err: GatewaySilentError }> {
  const t0 = Date.now();
  const err = await d.expired.catch((e: unknown) => e);
  assert.ok(err instanceof GatewaySilentError);
  return { ms: Date.now() - t0, err };
}

test('the gateway\'s deadline + the grace, then a GatewaySilentError saying how long past the deadline', async () => {
  const { ms, err } = await expiresAfter(answerDeadline(60, true, 40));
  assert.ok(ms >= 95 && ms < 400, `${ms} ms`);
  assert.equal(err.pastDeadlineMs, 40);
  assert.equal(err.approvalWaited, false);
});

test('an approval window extends the wait once; a second one, a bad one or one past the bound does not', async () => {
  const d = answerDeadline(50, true, 20);
  d.approvalRequested(Number.NaN);
  d.approvalRequested(-5);
  d.approvalRequested(100);
  d.approvalRequested(10_000); // a second request for the same run: ignored
  const { ms, err } = await expiresAfter(d);
  assert.ok(ms >= 165 && ms < 600, `${ms} ms`);
  assert.equal(err.approvalWaited, true);

  const huge = answerDeadline(0, true, 0);
  huge.approvalRequested(1e12);
  let settled = false;
  void huge.expired.catch(() => { settled = true; });
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(settled, false);
  huge.dispose(); // at most APPROVAL_TIMEOUT_BOUNDS.max was added (unbounded, 1e12 ms is past what a timer takes and fires at once)
});

test('time spent not reading from the gateway (a slow reader of the output) does not count', async () => {
  const d = answerDeadline(40, true, 20);
  d.readingPaused(true);
  d.readingPaused(true); // repeated: still one pause
  let settled = false;
  void d.expired.catch(() => { settled = true; });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(settled, false, 'no expiry while paused, though the 60 ms passed');
  const t0 = Date.now();
  d.readingPaused(false);
  const { ms } = await expiresAfter(d);
  assert.ok(ms >= 50 && ms < 400, `${ms} ms after reading again (${Date.now() - t0})`);
});
