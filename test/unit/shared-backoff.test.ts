// The one reconnect backoff (src-shared/client/backoff.ts) used by the node agent, the web UI, the
// SSH tunnel and the Telegram poller: exponential, capped, jittered within bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, baseDelay } from '../../src-shared/client/backoff.ts';
import { DEFAULT_BACKOFF } from '../../src-main/core/agent/backoff.ts';
import { RECONNECT_BACKOFF } from '../../src-renderer/client/gateway-client.ts';
import { BACKOFF, backoffDelay as tunnelDelay } from '../../src-main/core/remote/tunnel-backoff.ts';

test('base schedule doubles from 1 s and caps at 30 s', () => {
  const p = DEFAULT_BACKOFF.drop;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50, 10_000].map((n) => baseDelay(n, p)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
});

test('refusals back off more slowly: 5 s up to 60 s', () => {
  const p = DEFAULT_BACKOFF.refused;
  assert.deepEqual([0, 1, 2, 3, 4].map((n) => baseDelay(n, p)), [5000, 10000, 20000, 40000, 60000]);
});

test('jitter stays within [base·(1−j), base] and never exceeds the cap', () => {
  const p = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };
  for (let n = 0; n < 40; n++) {
    const base = baseDelay(n, p);
    for (const r of [0, 0.25, 0.5, 0.999, 1]) {
      const d = backoffDelay(n, p, () => r);
      assert.ok(d >= Math.floor(base * 0.8) && d <= base, `attempt ${n} r=${r}: ${d}`);
      assert.ok(d <= p.maxMs);
    }
  }
  assert.equal(backoffDelay(0, p, () => 0), 1000);
  assert.equal(backoffDelay(0, p, () => 1), 800);
});

test('real randomness spreads delays and stays in bounds', () => {
  const p = DEFAULT_BACKOFF.pairing;
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(10, p);
    assert.ok(d >= 24_000 && d <= 30_000);
    seen.add(d);
  }
  assert.ok(seen.size > 10, 'jitter varies');
});

test('odd inputs: negative attempts, zero initial, out-of-range random', () => {
  assert.equal(baseDelay(-3, { initialMs: 100, maxMs: 1000 }), 100);
  assert.equal(backoffDelay(5, { initialMs: 0, maxMs: 1000 }), 0);
  assert.equal(backoffDelay(0, { initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 7), 50);
  assert.ok(Number.isFinite(backoffDelay(Number.MAX_SAFE_INTEGER, { initialMs: 100, maxMs: 1000 })));
});

test('spread "around" jitters both ways (the tunnel: ±20 %) and is still capped', () => {
  const p = { initialMs: 1000, maxMs: 4000, jitter: 0.2, spread: 'around' as const };
  assert.equal(backoffDelay(0, p, () => 0), 800);
  assert.equal(backoffDelay(0, p, () => 0.5), 1000);
  assert.equal(backoffDelay(0, p, () => 1), 1200);
  assert.equal(backoffDelay(5, p, () => 1), 4000);
  assert.equal(tunnelDelay('transient', 1, () => 0.5), BACKOFF.transient.firstMs);
  assert.equal(tunnelDelay('transient', 40, () => 1), BACKOFF.transient.capMs);
});

test('the web UI reconnects from 0.5 s to 10 s with half of each delay jittered', () => {
  assert.equal(backoffDelay(0, RECONNECT_BACKOFF, () => 0), 500);
  assert.equal(backoffDelay(0, RECONNECT_BACKOFF, () => 1), 250);
  assert.equal(backoffDelay(2, RECONNECT_BACKOFF, () => 0), 2000);
  assert.equal(backoffDelay(30, RECONNECT_BACKOFF, () => 0), 10_000);
  assert.equal(backoffDelay(30, RECONNECT_BACKOFF, () => 1), 5_000);
});

test('a non-finite attempt count is the cap, not NaN', () => {
  assert.equal(baseDelay(Number.POSITIVE_INFINITY, { initialMs: 100, maxMs: 1000 }), 1000);
  assert.equal(baseDelay(Number.NaN, { initialMs: 100, maxMs: 1000 }), 1000);
});
