// ModuleContext.whenServing: deferred start-up work runs after the first hello-ok (or the grace
// period), in the order it was queued, never after stop, and a failing task does not stop the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { ServingGate } from '../../src-main/core/modules/serving-gate.ts';

test('serving gate: queued tasks wait for open(), then run in order on the next turn', async () => {
  const errors: unknown[] = [];
  const gate = new ServingGate((e) => errors.push(e));
  const ran: string[] = [];
  gate.add(() => ran.push('a'));
  gate.add(() => { throw new Error('boom'); });
  gate.add(() => ran.push('b'));
  await tick();
  assert.equal(ran.join(), '', 'nothing runs before the gateway serves');
  gate.open();
  assert.equal(ran.join(), '', 'not inside the hello-ok write either');
  await tick();
  assert.equal(ran.join(), 'a,b');
  assert.equal((errors[0] as Error).message, 'boom');
  gate.open();
  gate.add(() => ran.push('late'));
  await tick();
  assert.equal(ran.join(), 'a,b,late', 'a task added once serving runs on the next turn, once');
  gate.close();
});

test('serving gate: opens by itself after the grace period when nobody connects', async () => {
  const gate = new ServingGate(() => {});
  let ran = false;
  gate.add(() => { ran = true; });
  gate.arm(20);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(ran, false);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(ran, true);
  assert.equal(gate.isOpen, true);
  gate.close();
});

test('serving gate: nothing runs after close, queued or scheduled', async () => {
  const gate = new ServingGate(() => {});
  let runs = 0;
  gate.add(() => runs++);
  gate.arm(10);
  gate.close();
  await new Promise((r) => setTimeout(r, 30));
  gate.open();
  gate.add(() => runs++);
  await tick();
  assert.equal(runs, 0);

  const open = new ServingGate(() => {});
  open.add(() => runs++);
  open.open();
  open.close();
  await tick();
  assert.equal(runs, 0, 'opened and closed in the same turn: the scheduled run is dropped');
});
