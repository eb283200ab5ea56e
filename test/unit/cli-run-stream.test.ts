// The CLI side of a streamed run (src-main/cli/run-stream.ts): it stops reading from the gateway
// while its output is full and reads again once it drains, and a connection lost mid-run ends
// with the "output cut off" error (what was printed is only part of it), not a connection error.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { streamRun } from '../../src-main/cli/run-stream.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import type { OperatorClient, RunRequest } from '../../src-shared/client/operator.ts';

const params = { idempotencyKey: 'k', nodeId: 'n', command: 'system.run', params: { command: ['yes'] } };

/** An operator client whose run hands `pieces` to the output, then settles with `end`. */
function fakeOperator(pieces: Buffer[], end: (req: RunRequest) => Promise<unknown>): OperatorClient {
  return {
    run: async (req: RunRequest) => {
      for (const p of pieces) req.onBytes!('stdout', [p]);
      return end(req);
    },
  } as unknown as OperatorClient;
}

test('a connection lost while the command runs is "output cut off", with how much came, even while reading was stopped', async () => {
  const out = new PassThrough({ highWaterMark: 1024 }); // nobody reads it: it fills
  const err = new PassThrough();
  const reading: boolean[] = [];
  const op = fakeOperator([Buffer.alloc(3000, 0x61)], async () => {
    throw new ConnectionLostError('connection to the gateway closed (1006)', 1006, '', true);
  });
  await assert.rejects(
    streamRun(op, params, { callTimeoutMs: 1000, nodeName: 'box', out, err, pauseReading: (p) => reading.push(!p) }),
    (e: Error) => {
      assert.equal(e.message, 'lost the connection to the gateway while the command was running on box: output cut off after 3000 bytes; ' +
        'the gateway stops a command whose caller went away, so it may not have finished — check `hearth status` and run it again');
      return true;
    },
  );
  assert.deepEqual(reading, [false, true], 'reading stopped while the output was full, and was restarted when the run ended');
});

test('a close with a code says it; errors other than a lost connection pass through unchanged', async () => {
  const out = new PassThrough();
  const lost = fakeOperator([Buffer.from('hi\n')], async () => {
    throw new ConnectionLostError('connection to the gateway closed (1008 slow consumer)', 1008, 'slow consumer', true);
  });
  await assert.rejects(streamRun(lost, params, { callTimeoutMs: 1000, nodeName: 'box', out }), /running on box \(closed with 1008 slow consumer\): output cut off after 3 bytes; /);
  const early = fakeOperator([], async () => { throw new ConnectionLostError('connection to the gateway closed (1006)', 1006, '', true); });
  await assert.rejects(streamRun(early, params, { callTimeoutMs: 1000, nodeName: 'box', out }), /running on box: no output had come yet; /);
  const other = new Error('boom');
  await assert.rejects(streamRun(fakeOperator([], async () => { throw other; }), params, { callTimeoutMs: 1000, nodeName: 'box', out }), (e) => e === other);
});

test('reading restarts once the full output drains, before the run ends', async () => {
  const out = new PassThrough({ highWaterMark: 1024 });
  const reading: boolean[] = [];
  let finish: () => void = () => {};
  const op = fakeOperator([Buffer.alloc(4096, 0x62)], () => new Promise((resolve) => {
    finish = () => resolve({ answer: {}, result: undefined, streamed: true, cancelled: false });
  }));
  const run = streamRun(op, params, { callTimeoutMs: 1000, nodeName: 'box', out, pauseReading: (p) => reading.push(!p) });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reading, [false], 'stopped while full');
  out.resume(); // the reader reads: 'drain'
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(reading, [false, true], 'reading again once drained');
  finish();
  await run;
});
