// The tick watchdog's interval from a hello-ok (src-shared/client/tick-policy.ts): the gateway's
// value, kept within 1 s – 5 min; anything that is not a positive number falls back to 30 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TICK_INTERVAL_MS, MIN_TICK_INTERVAL_MS, tickPolicy } from '../../src-shared/client/tick-policy.ts';

test('the real gateways\' 30 s and anything in range are used as they are, without a word', () => {
  for (const v of [30_000, 15_000, MIN_TICK_INTERVAL_MS, MAX_TICK_INTERVAL_MS, 2_500.5]) {
    assert.deepEqual(tickPolicy(v), { tickMs: v, silenceLimitMs: 2 * v });
  }
  assert.deepEqual(tickPolicy(undefined), { tickMs: 30_000, silenceLimitMs: 60_000 }, 'absent: the protocol\'s default');
});

test('too short, too long or not a number: clamped or defaulted, and the problem names the value', () => {
  const cases: [unknown, number, RegExp][] = [
    [1, MIN_TICK_INTERVAL_MS, /tickIntervalMs 1, outside 1000–300000 ms; going by 1000 ms/],
    [1.5, MIN_TICK_INTERVAL_MS, /tickIntervalMs 1\.5, outside/],
    [999, MIN_TICK_INTERVAL_MS, /tickIntervalMs 999,/],
    [1e308, MAX_TICK_INTERVAL_MS, /tickIntervalMs 1e\+308, outside 1000–300000 ms; going by 300000 ms/],
    [2 ** 31, MAX_TICK_INTERVAL_MS, /going by 300000 ms/],
    [0, 30_000, /tickIntervalMs 0, which is not a positive number of milliseconds; going by 30000 ms/],
    [-5, 30_000, /tickIntervalMs -5, which is not/],
    [Number.NaN, 30_000, /tickIntervalMs NaN/],
    ['30000', 30_000, /tickIntervalMs 30000, which is not/],
    [null, 30_000, /tickIntervalMs null/],
  ];
  for (const [v, tickMs, problem] of cases) {
    const p = tickPolicy(v);
    assert.equal(p.tickMs, tickMs, String(v));
    assert.equal(p.silenceLimitMs, 2 * tickMs);
    assert.match(p.problem ?? '', problem);
  }
});
