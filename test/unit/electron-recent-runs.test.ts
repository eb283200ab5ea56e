import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRecentRuns } from '../../src-main/electron/roles/recent-runs.ts';

describe('recent runs recorder (fed by the agent onRun hook)', () => {
  it('records exits, failures, timeouts and policy refusals, newest first, bounded', () => {
    const rec = createRecentRuns(3);
    let changes = 0;
    rec.onChange(() => changes++);
    rec.record({ invokeId: 'a', command: 'git status', startedAtMs: 1000, durationMs: 12, exitCode: 0, timedOut: false, denied: false });
    rec.record({ invokeId: 'b', command: 'sleep 99', startedAtMs: 1001, durationMs: 5, exitCode: 124, timedOut: true, denied: false });
    rec.record({ invokeId: 'c', command: 'rm -rf /', startedAtMs: 1002, durationMs: 0, timedOut: false, denied: true, error: 'exec denied: rm is not on the allowlist' });
    assert.deepEqual(rec.list(), [
      { command: 'rm -rf /', startedAtMs: 1002, exitCode: null, note: 'exec denied: rm is not on the allowlist' },
      { command: 'sleep 99', startedAtMs: 1001, exitCode: 124, durationMs: 5, note: 'timed out' },
      { command: 'git status', startedAtMs: 1000, exitCode: 0, durationMs: 12 },
    ]);
    assert.equal(changes, 3);
    rec.record({ invokeId: 'd', command: 'nope', startedAtMs: 1003, durationMs: 1, timedOut: false, denied: false, error: 'Command failed during launch or output capture (ENOENT)' });
    assert.equal(rec.list().length, 3, 'bounded');
    assert.deepEqual(rec.list()[0], { command: 'nope', startedAtMs: 1003, exitCode: null, durationMs: 1, note: 'Command failed during launch or output capture (ENOENT)' });
  });
});
