import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger, type Logger } from '../../src-main/core/logger.ts';
import { createRecentRuns } from '../../src-main/electron/roles/recent-runs.ts';

describe('recent runs recorder (taps the agent logger)', () => {
  it('records starts, exits, failures and policy refusals, newest first, through child loggers', () => {
    let t = 1000;
    const rec = createRecentRuns(3, () => t++);
    let changes = 0;
    rec.onChange(() => changes++);
    const forwarded: string[] = [];
    const base: Logger = { ...silentLogger, info: (m) => forwarded.push(m), warn: (m) => forwarded.push(m), child: () => base };
    const log = rec.wrap(base).child({ svc: 'node' });
    log.info('system.run git status', { invokeId: 'a', pid: 1 });
    log.info('system.run finished: exit 0', { invokeId: 'a', durationMs: 12 });
    log.info('system.run sleep 99', { invokeId: 'b', pid: 2 });
    log.info('system.run finished: spawn ENOENT (timed out)', { invokeId: 'b', durationMs: 5 });
    log.warn('exec denied: rm is not on the allowlist', { invokeId: 'c', command: 'rm -rf /' });
    log.info('connected to ws://x (auth device-token, protocol 4)');
    log.info('system.run finished: exit 1', { invokeId: 'unknown' });
    assert.deepEqual(rec.list(), [
      { command: 'rm -rf /', startedAtMs: 1002, exitCode: null, note: 'exec denied: rm is not on the allowlist' },
      { command: 'sleep 99', startedAtMs: 1001, exitCode: null, durationMs: 5, note: 'spawn ENOENT (timed out)' },
      { command: 'git status', startedAtMs: 1000, exitCode: 0, durationMs: 12 },
    ]);
    assert.equal(changes, 5);
    assert.equal(forwarded.length, 7, 'every record still reaches the real logger');
    log.info('system.run ls', { invokeId: 'd' });
    assert.equal(rec.list().length, 3, 'bounded');
    assert.equal(rec.list()[0]?.command, 'ls');
  });
});
