// Refused node.events are logged once per node per minute; the next line counts the ones left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../src-main/core/logger.ts';
import { NodeEventDrops } from '../../src-main/core/nodes/node-event-drops.ts';

function recorder() {
  const lines: { msg: string; fields: Record<string, unknown> }[] = [];
  const log = { warn: (msg: string, fields?: Record<string, unknown>) => lines.push({ msg, fields: fields ?? {} }) } as unknown as Logger;
  return { log, lines };
}

test('one line per node per window, then a line saying how many were left out', () => {
  let now = 1_000;
  const { log, lines } = recorder();
  const drops = new NodeEventDrops(log, () => now, 60_000);
  drops.report('n1', 'node.host.stats', 'invalid node.host.stats payload: at /cpuCount: must be number');
  for (let i = 0; i < 50; i++) drops.report('n1', i % 2 ? 'exec.finished' : `made-up-${i}`, 'invalid payload: its payloadJSON is not valid JSON');
  drops.report('n2', 'node.host.stats', 'at root: must be object');
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[0]!.fields, { nodeId: 'n1', event: 'node.host.stats', problem: 'invalid node.host.stats payload: at /cpuCount: must be number' });
  assert.equal(lines[1]!.fields['nodeId'], 'n2');
  now += 60_000;
  drops.report('n1', 'exec.finished', 'invalid exec.finished payload: at /exitCode: must be integer');
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[2]!.fields, { nodeId: 'n1', event: 'exec.finished', problem: 'invalid exec.finished payload: at /exitCode: must be integer', alsoDroppedSincePreviousLine: 50 });
  assert.match(lines[2]!.msg, /node event dropped/);
});

test('memory stays bounded however many node ids send bad events', () => {
  const { log, lines } = recorder();
  const drops = new NodeEventDrops(log, () => 0, 60_000);
  for (let i = 0; i < 5000; i++) drops.report(`n${i}`, 'e', 'p');
  assert.equal(lines.length, 5000);
  const seen = (drops as unknown as { seen: Map<string, unknown> }).seen;
  assert.ok(seen.size <= 1024, `remembers ${seen.size} nodes`);
});
