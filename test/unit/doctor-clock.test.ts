// doctor's clock check: nodes within 30 s pass, a node further off is a warning, past the ±120 s
// device-proof window a failure, and a gateway that cannot be read is a warning with the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockCheck } from '../../src-main/core/ops/doctor.ts';

test('clock skew levels and wording', async () => {
  const ok = await clockCheck(async () => [{ nodeId: 'a'.repeat(64), displayName: 'laptop', connected: true, clockSkewMs: 800 }]);
  assert.equal(ok.level, 'ok');
  assert.equal(ok.summary, 'clocks: 1 connected node(s) within 1 s of the gateway');
  const warn = await clockCheck(async () => [{ nodeId: 'b'.repeat(64), displayName: 'mac', connected: true, clockSkewMs: -45_000 }]);
  assert.equal(warn.level, 'warn');
  assert.match(warn.summary, /^clock skew: mac ahead by 45 s/);
  assert.match(warn.fix!, /timedatectl set-ntp true/);
  const fail = await clockCheck(async () => [{ nodeId: 'c'.repeat(64), displayName: 'nas', connected: true, clockSkewMs: 200_000 }, { nodeId: 'd'.repeat(64), connected: false, clockSkewMs: 999_999 }]);
  assert.equal(fail.level, 'fail');
  assert.match(fail.summary, /^clock skew: nas behind by 200 s \(a node more than 120 s off cannot sign in again\)$/);
  const none = await clockCheck(async () => []);
  assert.match(none.summary, /no connected node has reported its time yet/);
  const unreadable = await clockCheck(async () => { throw new Error('the gateway refused the token'); });
  assert.equal(unreadable.level, 'warn');
  assert.match(unreadable.fix!, /--token/);
});
